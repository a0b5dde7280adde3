// Annotated-fixture harness, shared by the built-in rule tests and `handoff-gate test-rules`.
// A fixture line that must be reported carries `# expect: rule-id` (Semgrep's `# ruleid:` is
// accepted too); a line that must stay quiet may carry `# ok: rule-id` for the reader's sake.
// An annotation alone on its line applies to the next line that is not an annotation; one that
// trails code applies to its own line. Notebooks are annotated inside code cells. JSON has no
// comments, so `data.json` is annotated by a sidecar `data.json.expect` with `LINE: expect: id`.
// Every finding on a line not annotated `expect` for its rule is unexpected.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { run } from '../run.js';
import { createSources } from '../sources/index.js';
import { discoverWorkspace } from '../workspace/discover.js';
import type { CodeUnit, Finding, Rule, Severity } from './types.js';

export interface Expectation {
  file: string;
  line: number;
  rule: string;
  /** `expect` must be reported; `ok` documents a look-alike that must not be. */
  kind: 'expect' | 'ok';
}

export interface HarnessOptions {
  /** Options per rule id. */
  options?: Record<string, Record<string, unknown>>;
  strict?: boolean;
  severity?: Record<string, Severity>;
  /** Git revision of the base, for rules that compare base and head (schema changes). */
  baseRef?: string;
}

export interface HarnessResult {
  missing: Expectation[];
  unexpected: Finding[];
  matched: number;
  expectations: Expectation[];
  findings: Finding[];
}

const ANNOTATION = /#\s*(expect|ruleid|ok)\s*:\s*([\w./@-]+(?:\s*,\s*[\w./@-]+)*)/;
const COMMENT_FILES =
  /(\.(py|ya?ml|toml|txt|in|cfg|sh|bash|ini|conf|lock)|(^|\/)(Dockerfile[^/]*|Pipfile|MLproject|[^/]*\.dockerfile))$/i;

export async function checkAnnotations(
  root: string,
  rules: Rule[],
  opts: HarnessOptions = {},
): Promise<HarnessResult> {
  const config = harnessConfig(rules, opts);
  const result = await run({
    root,
    ruleSet: rules,
    config,
    strict: opts.strict,
    baseRef: opts.baseRef,
  });
  const findings = result.findings;
  const expectations = await readExpectations(root);
  const expected = expectations.filter((e) => e.kind === 'expect');
  const key = (file: string, line: number, rule: string) => `${file}\0${line}\0${rule}`;
  const reported = new Set(findings.map((f) => key(f.file, f.line, f.ruleId)));
  const wanted = new Set(expected.map((e) => key(e.file, e.line, e.rule)));
  const missing = expected.filter((e) => !reported.has(key(e.file, e.line, e.rule)));
  const unexpected = findings.filter((f) => !wanted.has(key(f.file, f.line, f.ruleId)));
  return {
    missing,
    unexpected,
    matched: expected.length - missing.length,
    expectations,
    findings,
  };
}

/** A resolved config that turns on exactly the rules under test, with the given options. */
export function harnessConfig(rules: Rule[], opts: HarnessOptions): ResolvedConfig {
  return {
    source: 'harness',
    strict: opts.strict ?? false,
    paths: [],
    ignore: ['**/*.expect'],
    maxFileSize: 5 * 1024 * 1024,
    rules: new Map(
      rules.map((rule) => [
        rule.meta.id,
        {
          severity: opts.severity?.[rule.meta.id] ?? rule.meta.defaultSeverity,
          options: { ...(rule.meta.defaultOptions ?? {}), ...(opts.options?.[rule.meta.id] ?? {}) },
          ignore: [],
        },
      ]),
    ),
    contracts: [],
    raw: {},
  };
}

/** Read every annotation under root. Exported so pack authors can list what a fixture claims. */
export async function readExpectations(root: string): Promise<Expectation[]> {
  const { files } = await discoverWorkspace(root, { maxFileSize: 5 * 1024 * 1024 });
  const sources = createSources(root, files, {
    maxFileSize: 5 * 1024 * 1024,
    skipped: [],
    onParseError: () => undefined,
  });
  const found: Expectation[] = [];
  for (const { path } of files) {
    if (path.endsWith('.expect')) continue;
    if (path.endsWith('.ipynb') || path.endsWith('.py')) {
      for (const unit of sources.code(path)?.units ?? []) found.push(...fromUnit(path, unit));
    } else if (COMMENT_FILES.test(path)) {
      const text = sources.text(path);
      if (text !== undefined) found.push(...fromLines(path, text.split('\n'), (row) => row + 1));
    }
    const sidecar = join(root, `${path}.expect`);
    if (existsSync(sidecar)) found.push(...fromSidecar(path, readFileSync(sidecar, 'utf8')));
  }
  return found;
}

function fromUnit(file: string, unit: CodeUnit): Expectation[] {
  return fromLines(file, unit.text.split('\n'), (row) => unit.locate(row, 0).line);
}

function fromLines(file: string, rows: string[], rawLine: (row: number) => number): Expectation[] {
  const found: Expectation[] = [];
  rows.forEach((row, index) => {
    const match = ANNOTATION.exec(row);
    if (!match) return;
    const standalone = row.slice(0, match.index).trim() === '';
    let target = index;
    if (standalone) {
      target = index + 1;
      while (target < rows.length && isAnnotationOnly(rows[target])) target++;
      if (target >= rows.length) return;
    }
    const kind = match[1] === 'ok' ? 'ok' : 'expect';
    for (const rule of match[2].split(',').map((r) => r.trim())) {
      found.push({ file, line: rawLine(target), rule, kind });
    }
  });
  return found;
}

function isAnnotationOnly(row: string): boolean {
  const match = ANNOTATION.exec(row);
  return match !== null && row.slice(0, match.index).trim() === '';
}

function fromSidecar(file: string, text: string): Expectation[] {
  const found: Expectation[] = [];
  for (const row of text.split('\n')) {
    const match = /^\s*(\d+)\s*:\s*(expect|ruleid|ok)\s*:\s*(.+)$/.exec(row);
    if (!match) continue;
    for (const rule of match[3].split(',').map((r) => r.trim())) {
      found.push({ file, line: Number(match[1]), rule, kind: match[2] === 'ok' ? 'ok' : 'expect' });
    }
  }
  return found;
}
