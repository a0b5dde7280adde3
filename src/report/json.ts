// The machine-readable report. Its shape is public API, documented in docs/json-format.md:
// every key is always present (null or [] when empty) and new keys are only ever added.
import type { RunResult, SkippedFile } from '../engine/result.js';
import type { Finding } from '../engine/types.js';
import { TOOL_NAME, position, repoPath, ruleHelpUri, verdictLine } from './common.js';

/** Bumped only for a change that could break a consumer (a key removed, renamed or retyped). */
export const JSON_FORMAT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  /** Repository-relative `/` path; null for a finding about the repository as a whole. */
  file: string | null;
  line: number;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  cell: { index: number; line: number } | null;
  help: string;
  helpUri: string | null;
  fingerprint: string;
  related: string[];
  data: Record<string, unknown> | null;
}

export interface JsonFilteredFinding extends JsonFinding {
  filter: { kind: 'inline' | 'baseline' | 'out-of-scope'; reason: string | null };
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  passed: boolean;
  verdict: string;
  failOn: RunResult['failOn'];
  scope: RunResult['scope'];
  configSource: string;
  counts: RunResult['counts'];
  filesScanned: number;
  durationMs: number;
  findings: JsonFinding[];
  filtered: JsonFilteredFinding[];
  rules: {
    id: string;
    title: string;
    severity: string;
    defaultSeverity: string;
    helpUri: string;
  }[];
  skipped: { path: string; reason: SkippedFile['reason']; size: number | null }[];
  notices: string[];
  /** Only with `check --explain`: how each rule that can explain itself classified the repository. */
  explanations?: Record<string, string[]>;
}

export function toJsonReport(result: RunResult): JsonReport {
  const finding = (f: Finding) => jsonFinding(result.root, f);
  return {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: result.version },
    passed: result.passed,
    verdict: verdictLine(result),
    failOn: result.failOn,
    scope: result.scope,
    configSource: result.configSource,
    counts: { ...result.counts },
    filesScanned: result.filesScanned,
    durationMs: Math.round(result.durationMs),
    findings: result.findings.map(finding),
    filtered: result.filtered.map((f) => ({
      ...finding(f),
      filter: f.suppressed
        ? { kind: f.suppressed.kind, reason: f.suppressed.reason ?? null }
        : { kind: 'out-of-scope' as const, reason: null },
    })),
    rules: result.rules.map(({ meta, severity }) => ({
      id: meta.id,
      title: meta.title,
      severity,
      defaultSeverity: meta.defaultSeverity,
      helpUri: ruleHelpUri(meta),
    })),
    skipped: result.skipped.map((file) => ({
      path: file.path,
      reason: file.reason,
      size: file.size ?? null,
    })),
    notices: [...result.notices],
    ...(result.explanations ? { explanations: { ...result.explanations } } : {}),
  };
}

export function formatJson(result: RunResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}

function jsonFinding(root: string, f: Finding): JsonFinding {
  const file = repoPath(root, f.file);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: file === '' ? null : file,
    line: position(f.line) ?? 1,
    column: position(f.column) ?? null,
    endLine: position(f.endLine) ?? null,
    endColumn: position(f.endColumn) ?? null,
    cell: f.cell ? { index: f.cell.index, line: f.cell.line } : null,
    help: f.help,
    helpUri: f.helpUri ?? null,
    fingerprint: f.fingerprint,
    related: (f.related ?? []).map((path) => repoPath(root, path)),
    data: f.data ? plainData(f.data) : null,
  };
}

/**
 * Rule-supplied extras made JSON-safe: a cycle, a BigInt or a function in `data` must not make
 * the whole report fail to serialise.
 */
function plainData(data: Record<string, unknown>): Record<string, unknown> | null {
  const seen = new WeakSet<object>();
  const walk = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || depth > 20 || seen.has(value)) return null;
    seen.add(value);
    const out = Array.isArray(value)
      ? value.map((item) => walk(item, depth + 1))
      : Object.fromEntries(
          Object.entries(value)
            .filter(([, item]) => item !== undefined && typeof item !== 'function')
            .map(([key, item]) => [key, walk(item, depth + 1)]),
        );
    seen.delete(value);
    return out;
  };
  return walk(data, 0) as Record<string, unknown> | null;
}
