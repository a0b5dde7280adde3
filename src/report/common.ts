// Small pieces every reporter shares: severity order, how a location reads, rule lookup.
// Reporters only format a RunResult; nothing here decides whether something is wrong.
import { isAbsolute, relative, sep } from 'node:path';
import { defaultHelpUri } from '../engine/context.js';
import { ENGINE_RULES } from '../engine/engine-rules.js';
import type { RunResult, SkippedFile } from '../engine/result.js';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import { REPOSITORY_URL } from '../version.js';

export const TOOL_NAME = 'handoff-gate';

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Most severe first; ties keep the deterministic file, line, column, rule order. */
export function bySeverity(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity] || byLocation(a, b);
}

export function byLocation(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `cell 7, line 3` for a notebook finding, undefined otherwise. */
export function cellLabel(finding: Finding): string | undefined {
  return finding.cell ? `cell ${finding.cell.index}, line ${finding.cell.line}` : undefined;
}

/**
 * The message with the notebook cell named, for channels that can only show the raw `.ipynb` line
 * (annotations, SARIF). Rules normally leave the cell out of the message; if one already names
 * it, it is not repeated.
 */
export function messageWithCell(finding: Finding): string {
  const label = cellLabel(finding);
  if (!label || /\bcell \d+/i.test(finding.message)) return finding.message;
  return `${finding.message} (${label})`;
}

/** A finding's file as a repository-relative `/` path, whatever the rule handed in. */
export function repoPath(root: string, file: string): string {
  if (file === '') return '';
  let path = file;
  if (isAbsolute(path)) {
    const rel = relative(root, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) path = rel;
  }
  return path.split(sep).join('/').replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * Metadata for every rule a finding may name: the rules that ran, then the engine's own rules
 * (parse errors, unused suppressions, crashes), which the run does not list.
 */
export function ruleLookup(result: RunResult): (ruleId: string) => RuleMeta | undefined {
  const metas = new Map<string, RuleMeta>();
  for (const meta of ENGINE_RULES) metas.set(meta.id, meta);
  for (const rule of result.rules) metas.set(rule.meta.id, rule.meta);
  return (ruleId) => metas.get(ruleId);
}

/** The rule's page: its own helpUri, else the built-in docs page (as findings get it). */
export function ruleHelpUri(meta: RuleMeta): string {
  return meta.helpUri ?? defaultHelpUri(meta.id, REPOSITORY_URL);
}

/** `1 error`, `3 warnings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function countsPhrase(counts: RunResult['counts']): string {
  return [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.note, 'note'),
  ].join(', ');
}

/** What was counted but not reported: `2 suppressed inline, 1 baselined, 4 outside the scope`. */
export function filteredPhrase(counts: RunResult['counts']): string | undefined {
  const parts: string[] = [];
  if (counts.suppressed) parts.push(`${counts.suppressed} suppressed inline`);
  if (counts.baselined) parts.push(`${counts.baselined} baselined`);
  if (counts.outOfScope) parts.push(`${counts.outOfScope} outside the scope`);
  return parts.length ? parts.join(', ') : undefined;
}

/** One line that says why the gate passed or failed. */
export function verdictLine(result: RunResult): string {
  const { counts, failOn } = result;
  if (!result.passed) {
    const failing =
      failOn === 'warning'
        ? [
            counts.error ? plural(counts.error, 'error') : '',
            counts.warning ? plural(counts.warning, 'warning') : '',
          ]
            .filter(Boolean)
            .join(' and ') || 'findings'
        : counts.error
          ? plural(counts.error, 'error')
          : 'findings';
    return `failed: ${failing} at or above fail-on ${failOn}`;
  }
  const total = counts.error + counts.warning + counts.note;
  if (total === 0) return 'passed: no findings';
  return failOn === 'never'
    ? `passed: ${plural(total, 'finding')}, but fail-on is never`
    : `passed: ${plural(total, 'finding')} below fail-on ${failOn}`;
}

const SKIP_REASONS: Record<SkippedFile['reason'], string> = {
  binary: 'binary',
  'too-large': 'too large',
  symlink: 'symbolic link',
  unreadable: 'unreadable',
  'outside-workspace': 'outside the workspace',
};

/** `too large, 12.5 MB` */
export function skipReason(file: SkippedFile): string {
  const reason = SKIP_REASONS[file.reason] ?? file.reason;
  return file.size !== undefined ? `${reason}, ${formatBytes(file.size)}` : reason;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Clip text to at most `max` characters, never splitting a surrogate pair. */
export function clip(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ellipsis.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + ellipsis;
}

/** Positive integer or undefined: bad positions from a rule must not break a report's format. */
export function position(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 1
    ? Math.floor(value)
    : undefined;
}
