// After the rules: which findings are reported, which are only counted, and the verdict.
// Order matters and is fixed: inline suppressions, then the baseline, then the scope.
import type { Counts, FailOn, Scope } from './result.js';
import { severityAtLeast } from './context.js';
import type { Finding } from './types.js';

/** Lines each changed file added or modified; `'all'` for files added whole or unknown diffs. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export interface FilterInput {
  findings: Finding[];
  scope: Scope;
  changed?: ChangedLines;
  baseline?: Set<string>;
}

export interface Filtered {
  reported: Finding[];
  filtered: Finding[];
  counts: Counts;
}

export function inScope(
  finding: Finding,
  scope: Scope,
  changed: ChangedLines | undefined,
): boolean {
  if (scope === 'all' || !changed) return true;
  const files = [finding.file, ...(finding.related ?? [])].filter(Boolean);
  // Repo-level findings (an import chain, a schema break) stay when the PR touches any file in them.
  if (finding.file === '' || finding.related?.length) {
    if (files.some((file) => changed.has(file))) return true;
    if (finding.file === '') return false;
  }
  const lines = changed.get(finding.file);
  if (!lines) return false;
  if (scope === 'changed-files' || lines === 'all') return true;
  const last = finding.endLine ?? finding.line;
  for (let line = finding.line; line <= last; line++) if (lines.has(line)) return true;
  return false;
}

export function applyFilters(input: FilterInput): Filtered {
  const counts: Counts = {
    error: 0,
    warning: 0,
    note: 0,
    suppressed: 0,
    baselined: 0,
    outOfScope: 0,
  };
  const reported: Finding[] = [];
  const filtered: Finding[] = [];
  for (const finding of input.findings) {
    if (finding.suppressed?.kind === 'inline') {
      counts.suppressed++;
      filtered.push(finding);
    } else if (input.baseline?.has(finding.fingerprint)) {
      finding.suppressed = { kind: 'baseline' };
      counts.baselined++;
      filtered.push(finding);
    } else if (!inScope(finding, input.scope, input.changed)) {
      counts.outOfScope++;
      filtered.push(finding);
    } else {
      counts[finding.severity]++;
      reported.push(finding);
    }
  }
  return { reported, filtered, counts };
}

export function verdict(counts: Counts, failOn: FailOn): boolean {
  if (failOn === 'never') return true;
  if (failOn === 'warning') return counts.error === 0 && counts.warning === 0;
  return counts.error === 0;
}

export function failsGate(finding: Finding, failOn: FailOn): boolean {
  return failOn !== 'never' && severityAtLeast(finding.severity, failOn);
}
