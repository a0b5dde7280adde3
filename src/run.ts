// The one pipeline behind the action and the CLI:
// config → workspace → sources → rules → suppressions → filters → RunResult.
import { resolve } from 'node:path';
import { loadConfig } from './config/index.js';
import { closest } from './config/suggest.js';
import type { ResolvedConfig } from './config/types.js';
import { ENGINE_RULES, PARSE_ERROR, UNUSED_SUPPRESSION } from './engine/engine-rules.js';
import { assignFingerprints, sourceLineReader } from './engine/fingerprint.js';
import { applyFilters, verdict, type ChangedLines } from './engine/filters.js';
import type { FailOn, RunResult, Scope, SkippedFile } from './engine/result.js';
import { runRules, sortFindings, type PlannedRule } from './engine/runner.js';
import { applySuppressions, collectSuppressions, type Suppression } from './engine/suppressions.js';
import type { Finding, ParseErrorReport, Rule, RuleMeta, Severity } from './engine/types.js';
import { BUILTIN_RULES } from './rules/index.js';
import { createPackResolver } from './packs/resolve.js';
import { createSources } from './sources/index.js';
import { REPOSITORY_URL, VERSION } from './version.js';
import { discoverWorkspace } from './workspace/discover.js';
import { readFileAtRevision, revisionExists } from './workspace/git.js';
import { compileGlobs } from './workspace/globs.js';

export interface RunOptions {
  /** Absolute repository root. */
  root: string;
  /** Explicit config path (relative to root or absolute). */
  configFile?: string;
  /** Include globs; only matching files are checked. */
  paths?: string[];
  /** Only these rule ids. */
  rules?: string[];
  /** Overrides the config's fail-on. */
  failOn?: FailOn;
  scope?: Scope;
  strict?: boolean;
  /** Git revision of the PR base, when known. */
  baseRef?: string;
  /** Lines changed by the PR, for the changed-lines and changed-files scopes. */
  changed?: ChangedLines;
  /** Fingerprints of accepted findings. */
  baseline?: Set<string>;
  /** Extra rules (custom packs) next to the built-ins. */
  extraRules?: Rule[];
  /** Run exactly these rules instead of the built-ins (the fixture harness, `test-rules`). */
  ruleSet?: Rule[];
  /** A config already resolved by the caller (policy read from the PR base, for example). */
  config?: ResolvedConfig;
  onProgress?: (done: number, total: number, ruleId: string) => void;
  /** Ask rules that can explain their classification (roles, scopes) to do so. */
  explain?: boolean;
}

const TEMPLATE_PATH = /\{\{.*?\}\}|\{%.*?%\}/;

/** Thrown for a `--rules` id that no rule has: a usage error, not a finding. */
export class UnknownRuleError extends Error {}

/** Thrown for a base revision git does not know: comparing against it would be meaningless. */
export class UnknownRevisionError extends Error {}

export function registeredRules(extra: Rule[] = []): Rule[] {
  return [...BUILTIN_RULES, ...extra];
}

export function allRuleMetas(extra: Rule[] = []): RuleMeta[] {
  return [...registeredRules(extra).map((rule) => rule.meta), ...ENGINE_RULES];
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const root = resolve(opts.root);
  const known = opts.ruleSet ?? registeredRules(opts.extraRules);
  const config =
    opts.config ??
    (await loadConfig(root, {
      file: opts.configFile,
      rules: [...known.map((rule) => rule.meta), ...ENGINE_RULES],
      cli: { failOn: opts.failOn, strict: opts.strict },
      resolvePack: createPackResolver({ root }),
    }));
  // Custom packs named in `extends` bring rules of their own; they run like the built-ins.
  const rules = opts.ruleSet ? known : [...known, ...(config.packRules ?? [])];
  const metas = [...rules.map((rule) => rule.meta), ...ENGINE_RULES];
  const failOn: FailOn = opts.failOn ?? config.failOn ?? 'error';
  const strict = opts.strict ?? config.strict;
  const scope = opts.scope ?? 'all';

  const selected = selectRules(rules, opts.rules, metas);
  if (opts.baseRef && !(await revisionExists(root, opts.baseRef))) {
    throw new UnknownRevisionError(
      `unknown base revision '${opts.baseRef}': git cannot resolve it in ${root} (fetch it, or pass a branch, tag or commit that exists)`,
    );
  }
  const { files: allFiles, skipped } = await discoverWorkspace(root, {
    maxFileSize: config.maxFileSize,
  });
  const inPolicy = scopeFilter(config, opts.paths);
  const files = allFiles.filter((file) => inPolicy(file.path));

  const parseErrors = new Map<string, ParseErrorReport>();
  const skippedAll: SkippedFile[] = [...skipped];
  const sources = createSources(root, allFiles, {
    maxFileSize: config.maxFileSize,
    skipped: skippedAll,
    onParseError: (error) => {
      if (!parseErrors.has(error.file)) parseErrors.set(error.file, error);
    },
  });

  const plan: PlannedRule[] = [];
  const ran = new Set<string>();
  for (const rule of selected) {
    const settings = config.rules.get(rule.meta.id);
    const severity =
      settings?.severity ?? (rule.meta.recommended ? rule.meta.defaultSeverity : 'off');
    if (severity === 'off') continue;
    const ignore = compileGlobs(settings?.ignore ?? []);
    plan.push({
      rule,
      severity,
      options: withContracts(
        rule,
        settings?.options ?? { ...(rule.meta.defaultOptions ?? {}) },
        config,
      ),
      files: settings?.ignore?.length ? files.filter((file) => !ignore(file.path)) : files,
    });
    ran.add(rule.meta.id);
  }

  const explanations = opts.explain ? new Map<string, string[]>() : undefined;
  const findings = await runRules(plan, {
    explanations,
    root,
    allFiles,
    sources,
    strict,
    repositoryUrl: REPOSITORY_URL,
    base: (file) =>
      opts.baseRef ? readFileAtRevision(root, opts.baseRef, file) : Promise.resolve(undefined),
    onParseError: (error) => {
      if (!parseErrors.has(error.file)) parseErrors.set(error.file, error);
    },
    onProgress: opts.onProgress,
  });

  // Reading suppression comments decodes notebooks too, so collect them before parse errors.
  const suppressions = collectSuppressions(files, sources);
  const inScopeFiles = new Set(files.map((file) => file.path));
  const engineSeverity = (meta: RuleMeta): Severity | 'off' =>
    config.rules.get(meta.id)?.severity ?? meta.defaultSeverity;
  const notices: string[] = [];
  const templates: string[] = [];
  const parseSeverity = engineSeverity(PARSE_ERROR);
  if (parseSeverity !== 'off') {
    for (const error of parseErrors.values()) {
      if (!inScopeFiles.has(error.file)) continue;
      // A cookiecutter/Jinja template is not Python or TOML until rendered: count it, don't flag it.
      if (TEMPLATE_PATH.test(error.file)) templates.push(error.file);
      else findings.push(engineFinding(PARSE_ERROR, parseSeverity, error));
    }
  }
  if (templates.length) {
    notices.push(
      `${templates.length} templated file${templates.length > 1 ? 's' : ''} (Jinja placeholders in the path) could not be parsed and were checked as text only: ${templates.slice(0, 5).join(', ')}${templates.length > 5 ? ', …' : ''}`,
    );
  }

  const unused = new Set(applySuppressions(findings, suppressions));
  const unusedSeverity = engineSeverity(UNUSED_SUPPRESSION);
  if (unusedSeverity !== 'off') {
    const known = new Set(metas.map((meta) => meta.id));
    for (const suppression of suppressions) {
      const message = stalenessOf(suppression, unused.has(suppression), known, ran);
      if (!message) continue;
      const finding = engineFinding(UNUSED_SUPPRESSION, unusedSeverity, {
        file: suppression.file,
        line: suppression.line,
        column: suppression.column,
        message,
      });
      if (suppression.cell) finding.cell = suppression.cell;
      findings.push(finding);
    }
  }

  sortFindings(findings);
  dropRepeats(findings);
  assignFingerprints(findings, sourceLineReader(sources));
  const { reported, filtered, counts } = applyFilters({
    findings,
    scope,
    changed: opts.changed,
    baseline: opts.baseline,
  });

  return {
    version: VERSION,
    root,
    findings: reported,
    filtered,
    counts,
    rules: plan.map(({ rule, severity }) => ({ meta: rule.meta, severity })),
    skipped: dedupeSkipped(skippedAll),
    filesScanned: files.length,
    durationMs: Date.now() - started,
    scope,
    failOn,
    passed: verdict(counts, failOn),
    configSource: config.source,
    notices,
    ...(explanations ? { explanations: Object.fromEntries(explanations) } : {}),
  };
}

/** The config's top-level `contracts:` list feeds every rule with a `contracts` option. */
function withContracts(
  rule: Rule,
  options: Record<string, unknown>,
  config: ResolvedConfig,
): Record<string, unknown> {
  const accepts = Boolean(
    (rule.meta.optionsSchema?.properties as Record<string, unknown> | undefined)?.contracts,
  );
  const own = options.contracts;
  if (!accepts || !config.contracts.length || (Array.isArray(own) && own.length)) return options;
  return { ...options, contracts: config.contracts };
}

function selectRules(rules: Rule[], only: string[] | undefined, metas: RuleMeta[]): Rule[] {
  if (!only?.length) return rules;
  const known = new Set(metas.map((meta) => meta.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UnknownRuleError(
      `unknown rule id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  return rules.filter((rule) => only.includes(rule.meta.id));
}

function scopeFilter(
  config: ResolvedConfig,
  paths: string[] | undefined,
): (path: string) => boolean {
  // The config's paths and the caller's paths both narrow: a file must match each list given.
  const includes = [config.paths, paths ?? []].filter((list) => list.length).map(compileGlobs);
  const ignore = compileGlobs(config.ignore);
  return (path) => includes.every((include) => include(path)) && !ignore(path);
}

function engineFinding(meta: RuleMeta, severity: Severity, at: ParseErrorReport): Finding {
  return {
    ruleId: meta.id,
    severity,
    message: at.message,
    file: at.file,
    line: Math.max(1, at.line),
    ...(at.column !== undefined ? { column: at.column } : {}),
    help: meta.docs.instead,
    helpUri: `${REPOSITORY_URL}/blob/main/docs/rules/${meta.id}.md`,
    fingerprint: '',
  };
}

/** Why a suppression comment is stale, or undefined when it is doing its job (or we cannot know). */
function stalenessOf(
  suppression: Suppression,
  unused: boolean,
  known: Set<string>,
  ran: Set<string>,
): string | undefined {
  const unknown = suppression.rules.filter((id) => !known.has(id));
  if (unknown.length) {
    const hints = unknown.map((id) => {
      const near = closest(id, known);
      return near ? `'${id}' (did you mean '${near}'?)` : `'${id}'`;
    });
    return `suppression names unknown rule${unknown.length > 1 ? 's' : ''} ${hints.join(', ')}`;
  }
  if (!unused) return undefined;
  // Only a suppression whose rules all ran can be known to be unused.
  const names = suppression.rules.length ? suppression.rules : [...ran];
  if (!names.every((id) => ran.has(id) || id === PARSE_ERROR.id)) return undefined;
  const where = suppression.lines.length > 1 ? 'on the next line' : 'on this line';
  return suppression.rules.length
    ? `suppression for ${suppression.rules.join(', ')} matches no finding ${where}`
    : `suppression matches no finding ${where}`;
}

/** Two readers of one file can report the same thing; a finding is shown once. Expects sorted input. */
function dropRepeats(findings: Finding[]): void {
  let kept = 0;
  for (const finding of findings) {
    const previous = findings[kept - 1];
    const same =
      previous &&
      previous.ruleId === finding.ruleId &&
      previous.file === finding.file &&
      previous.line === finding.line &&
      previous.column === finding.column &&
      previous.message === finding.message;
    if (!same) findings[kept++] = finding;
  }
  findings.length = kept;
}

function dedupeSkipped(skipped: SkippedFile[]): SkippedFile[] {
  const seen = new Map<string, SkippedFile>();
  for (const entry of skipped) if (!seen.has(entry.path)) seen.set(entry.path, entry);
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
