// Hand-built RunResult values for reporter and action tests.
import type { RunResult } from '../../src/engine/result.js';
import type { Finding, RuleMeta, Severity } from '../../src/engine/types.js';

export const ROOT = '/work/repo';

export function meta(id: string, overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: `Title of ${id}`,
    defaultSeverity: 'error',
    docs: {
      what: `What ${id} does.`,
      why: `Why ${id} matters.`,
      example: "open('/home/alice/data.csv')",
      exampleLang: 'python',
      instead: `Do the right thing for ${id}.`,
    },
    ...overrides,
  };
}

let serial = 0;

export function finding(overrides: Partial<Finding> = {}): Finding {
  serial++;
  const ruleId = overrides.ruleId ?? 'hardcoded-paths';
  return {
    ruleId,
    severity: 'error',
    message: `problem ${serial}`,
    file: 'src/load.py',
    line: serial,
    column: 5,
    help: `Do the right thing for ${ruleId}.`,
    helpUri: `https://example.test/rules/${ruleId}.md`,
    fingerprint: `fp${String(serial).padStart(6, '0')}`,
    ...overrides,
  };
}

/** A result whose counts and verdict follow from its findings (fail-on error unless given). */
export function result(overrides: Partial<RunResult> = {}): RunResult {
  const findings = overrides.findings ?? [];
  const filtered = overrides.filtered ?? [];
  const failOn = overrides.failOn ?? 'error';
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const counts = {
    error: count('error'),
    warning: count('warning'),
    note: count('note'),
    suppressed: filtered.filter((f) => f.suppressed?.kind === 'inline').length,
    baselined: filtered.filter((f) => f.suppressed?.kind === 'baseline').length,
    outOfScope: filtered.filter((f) => !f.suppressed).length,
  };
  const passed =
    failOn === 'never'
      ? true
      : failOn === 'warning'
        ? counts.error + counts.warning === 0
        : counts.error === 0;
  const ruleIds = [...new Set([...findings, ...filtered].map((f) => f.ruleId))].filter(
    (id) => !['parse-error', 'unused-suppression', 'internal-error'].includes(id),
  );
  return {
    version: '0.1.0',
    root: ROOT,
    findings,
    filtered,
    counts,
    rules: ruleIds.map((id) => ({ meta: meta(id), severity: 'error' as const })),
    skipped: [],
    filesScanned: 12,
    durationMs: 345,
    scope: 'all',
    failOn,
    passed,
    configSource: '.github/handoff.yml',
    notices: [],
    ...overrides,
  };
}

export function many(
  count: number,
  severity: Severity,
  overrides: Partial<Finding> = {},
): Finding[] {
  return Array.from({ length: count }, () => finding({ severity, ...overrides }));
}
