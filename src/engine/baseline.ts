// The baseline file: fingerprints of findings a team has accepted, so that adopting the gate on
// an old repository does not flood every pull request. It is JSON meant to be reviewed in a PR
// (rule, file and message beside each fingerprint, sorted), and read back as a set. The format
// is documented in docs/baseline.md.
import { readFile, stat } from 'node:fs/promises';
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { parseJson } from '../sources/data.js';
import { LineIndex } from '../sources/lines.js';
import type { RunResult } from './result.js';
import type { Finding } from './types.js';

/** Bumped only when a reader of an older version could misread a newer file. */
export const BASELINE_VERSION = 1;
/** Tens of thousands of entries are a few MiB; beyond this the file is a mistake or hostile. */
export const MAX_BASELINE_BYTES = 32 * 1024 * 1024;
const FINGERPRINT = /^[0-9a-f]{16,128}$/;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Repository-relative path; empty for a finding about the repository as a whole. */
  file: string;
  message: string;
}

export interface BaselineFile {
  version: number;
  tool: { name: string; version: string };
  entries: BaselineEntry[];
}

export interface Baseline {
  fingerprints: Set<string>;
  entries: BaselineEntry[];
}

export interface BaselineProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A baseline that cannot be used, with every problem located in its file. */
export class BaselineError extends Error {
  constructor(readonly problems: BaselineProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'BaselineError';
  }
}

/** The baseline of a run's reported findings, sorted so regenerating it gives a small diff. */
export function createBaseline(result: RunResult): BaselineFile {
  const entries = result.findings.map(toEntry).sort(compareEntries);
  return {
    version: BASELINE_VERSION,
    tool: { name: 'handoff-gate', version: result.version },
    entries,
  };
}

export function formatBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

function toEntry(finding: Finding): BaselineEntry {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    file: finding.file,
    message: finding.message,
  };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compare(a.file, b.file) ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.message, b.message) ||
    compare(a.fingerprint, b.fingerprint)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parse baseline text. `name` is how problems name the file. Unknown keys are allowed (later
 * versions may add some); what is read is checked, and every problem is reported at once.
 */
export function parseBaseline(text: string, name: string): Baseline {
  const index = new LineIndex(text);
  const problems: BaselineProblem[] = [];
  const at = (node: JsonNode | undefined, message: string): void => {
    const { line, column } = index.position(node?.offset ?? 0);
    problems.push({ file: name, line, column, message });
  };
  const parsed = parseJson(index);
  if (!parsed.ok) {
    throw new BaselineError([{ file: name, ...parsed.error }]);
  }
  const root = parsed.value;
  if (root.type !== 'object') {
    at(root, 'a baseline is a JSON object with "version" and "entries"');
    throw new BaselineError(problems);
  }
  const version = findNodeAtLocation(root, ['version']);
  if (!version) at(root, 'missing "version" (this tool writes version 1)');
  else if (version.type !== 'number' || !Number.isInteger(version.value) || version.value < 1) {
    at(version, '"version" must be a positive integer');
  } else if (version.value > BASELINE_VERSION) {
    at(
      version,
      `baseline version ${version.value} is newer than this handoff-gate reads (${BASELINE_VERSION}); upgrade handoff-gate`,
    );
  }
  const list = findNodeAtLocation(root, ['entries']);
  const entries: BaselineEntry[] = [];
  if (!list) at(root, 'missing "entries" (a list of accepted findings)');
  else if (list.type !== 'array') at(list, '"entries" must be a list');
  else {
    for (const [i, node] of (list.children ?? []).entries()) {
      const entry = readEntry(node, (n, message) => at(n, `entries[${i}]: ${message}`));
      if (entry) entries.push(entry);
    }
  }
  if (problems.length) throw new BaselineError(problems);
  return { fingerprints: new Set(entries.map((e) => e.fingerprint)), entries };
}

function readEntry(
  node: JsonNode,
  problem: (node: JsonNode, message: string) => void,
): BaselineEntry | undefined {
  if (node.type !== 'object') {
    problem(node, 'expected an object with "fingerprint", "ruleId", "file" and "message"');
    return undefined;
  }
  const text = (key: string, required: boolean): string | undefined => {
    const value = findNodeAtLocation(node, [key]);
    if (!value) {
      if (required) problem(node, `missing "${key}"`);
      return undefined;
    }
    if (value.type !== 'string') {
      problem(value, `"${key}" must be a string`);
      return undefined;
    }
    return getNodeValue(value) as string;
  };
  const fingerprint = text('fingerprint', true);
  if (fingerprint === undefined) return undefined;
  if (!FINGERPRINT.test(fingerprint)) {
    problem(
      findNodeAtLocation(node, ['fingerprint'])!,
      `"${fingerprint.slice(0, 80)}" is not a fingerprint (lower-case hex, as \`handoff-gate baseline\` writes)`,
    );
    return undefined;
  }
  // Rule, file and message are for reviewers; only the fingerprint is matched.
  return {
    fingerprint,
    ruleId: text('ruleId', false) ?? '',
    file: text('file', false) ?? '',
    message: text('message', false) ?? '',
  };
}

/** Read and parse a baseline file; a missing, huge or binary file is a located BaselineError. */
export async function readBaseline(path: string, name = path): Promise<Baseline> {
  const fail = (message: string): never => {
    throw new BaselineError([{ file: name, line: 1, column: 1, message }]);
  };
  try {
    const info = await stat(path);
    if (!info.isFile()) fail('the baseline path is not a file');
    if (info.size > MAX_BASELINE_BYTES) {
      fail(`baseline is ${info.size} bytes; the limit is ${MAX_BASELINE_BYTES} bytes`);
    }
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'baseline file not found' : `baseline cannot be read (${code})`);
  }
  return parseBaselineText(await readFile(path, 'utf8'), name);
}

/** Parse text already in hand (read from a base commit, for example), refusing binary content. */
export function parseBaselineText(text: string, name: string): Baseline {
  if (text.length > MAX_BASELINE_BYTES) {
    throw new BaselineError([
      {
        file: name,
        line: 1,
        column: 1,
        message: `baseline is over ${MAX_BASELINE_BYTES} bytes; refusing to read it`,
      },
    ]);
  }
  if (text.includes('\0')) {
    throw new BaselineError([
      { file: name, line: 1, column: 1, message: 'baseline is binary, not JSON' },
    ]);
  }
  return parseBaseline(text.replace(/^\uFEFF/, ''), name);
}
