// The value every reporter renders. Built once by run(); reporters only format it.
import type { Finding, RuleMeta, Severity } from './types.js';

export type FailOn = 'error' | 'warning' | 'never';
export type Scope = 'all' | 'changed-files' | 'changed-lines';

export interface SkippedFile {
  path: string;
  reason: 'binary' | 'too-large' | 'symlink' | 'unreadable' | 'outside-workspace';
  size?: number;
}

export interface RuleSummary {
  meta: RuleMeta;
  severity: Severity;
}

export interface Counts {
  error: number;
  warning: number;
  note: number;
  /** Findings silenced by an inline `# handoff: ignore[...]` comment. */
  suppressed: number;
  /** Findings accepted by the baseline file. */
  baselined: number;
  /** Findings outside the scope (unchanged lines or files). */
  outOfScope: number;
}

export interface RunResult {
  /** Tool version, for SARIF and the summary footer. */
  version: string;
  /** Absolute repository root. */
  root: string;
  /** Reported findings, in deterministic order (file, line, column, rule). Filtered ones are not here. */
  findings: Finding[];
  /** Findings removed by suppressions, baseline or scope, kept for SARIF suppressions and counts. */
  filtered: Finding[];
  counts: Counts;
  rules: RuleSummary[];
  skipped: SkippedFile[];
  filesScanned: number;
  durationMs: number;
  scope: Scope;
  failOn: FailOn;
  passed: boolean;
  /** Where the policy came from, for the summary (`.github/handoff.yml`, `defaults`, ...). */
  configSource: string;
  /** Things the user should know that are not findings (policy changed by the PR, degraded channels). */
  notices: string[];
  /** Present with `explain`: how each rule that can explain itself classified the repository. */
  explanations?: Record<string, string[]>;
}
