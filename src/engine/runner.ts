// Runs each enabled rule with its own context. A rule that throws does not stop the run: it
// becomes an `internal-error` finding (so the gate cannot silently pass) and the rest go on.
import { createContext, defaultHelpUri } from './context.js';
import type { Finding, ParseErrorReport, Rule, Severity, Sources, WorkspaceFile } from './types.js';

export interface PlannedRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
  /** Files this rule may report on (after global and per-rule ignores). */
  files: readonly WorkspaceFile[];
}

export interface RunnerEnv {
  root: string;
  allFiles: readonly WorkspaceFile[];
  sources: Sources;
  strict: boolean;
  repositoryUrl: string;
  base: (file: string) => Promise<string | undefined>;
  onParseError: (error: ParseErrorReport) => void;
  onProgress?: (done: number, total: number, ruleId: string) => void;
  /** Collect each rule's `explain()` lines, keyed by rule id. */
  explanations?: Map<string, string[]>;
}

export const INTERNAL_ERROR_RULE = 'internal-error';

export async function runRules(plan: PlannedRule[], env: RunnerEnv): Promise<Finding[]> {
  const findings: Finding[] = [];
  const shared = new Map<string, unknown>();
  let done = 0;
  for (const planned of plan) {
    env.onProgress?.(done, plan.length, planned.rule.meta.id);
    const own: Finding[] = [];
    const ctx = createContext(
      {
        root: env.root,
        rule: planned.rule,
        files: planned.files,
        allFiles: env.allFiles,
        options: planned.options,
        severity: planned.severity,
        strict: env.strict,
        sources: env.sources,
        shared,
        base: env.base,
        onParseError: env.onParseError,
        helpUri: defaultHelpUri(planned.rule.meta.id, env.repositoryUrl),
      },
      own,
    );
    try {
      await planned.rule.check(ctx);
      if (env.explanations && planned.rule.explain) {
        env.explanations.set(planned.rule.meta.id, await planned.rule.explain(ctx));
      }
    } catch (error) {
      own.push(internalError(planned.rule.meta.id, error));
    }
    const allowed = new Set(planned.files.map((file) => file.path));
    // A rule may read any file but reports only on its own; repo-level findings (file '') stay.
    findings.push(...own.filter((f) => f.file === '' || allowed.has(f.file)));
    done++;
  }
  env.onProgress?.(done, plan.length, '');
  return findings;
}

function internalError(ruleId: string, error: unknown): Finding {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    ruleId: INTERNAL_ERROR_RULE,
    severity: 'error',
    message: `rule '${ruleId}' failed: ${detail.split('\n').slice(0, 3).join(' | ')}`,
    file: '',
    line: 1,
    help: 'This is a bug in handoff-gate or in a rule pack; please report it with the message above.',
    fingerprint: '',
  };
}

/** Deterministic order: file, line, column, rule, message. Repo-level findings come first. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
