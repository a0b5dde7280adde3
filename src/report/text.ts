// The CLI's human report: findings grouped by file, each with its fix hint, then a footer with
// counts, what was filtered, every skipped file, notices and the verdict.
import type { RunResult } from '../engine/result.js';
import type { Finding, Severity } from '../engine/types.js';
import {
  byLocation,
  cellLabel,
  countsPhrase,
  filteredPhrase,
  formatDuration,
  plural,
  position,
  repoPath,
  skipReason,
  verdictLine,
} from './common.js';
import { paint, visible, visibleLine, type Paint } from './terminal.js';

export interface TextOptions {
  color: boolean;
}

/** Repo-level findings (an import chain, a crashed rule) have no file; they are listed first. */
const REPOSITORY = '(repository)';

export function formatText(result: RunResult, options: TextOptions): string {
  const p = paint(options.color);
  const out: string[] = [];
  for (const [file, findings] of groupByFile(result)) {
    out.push(p.underline(p.bold(file === '' ? REPOSITORY : visibleLine(file))));
    out.push(...renderGroup(findings, p));
    out.push('');
  }
  out.push(...footer(result, p));
  return out.join('\n') + '\n';
}

function groupByFile(result: RunResult): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...result.findings].sort(byLocation)) {
    const file = repoPath(result.root, finding.file);
    const list = groups.get(file) ?? [];
    list.push(finding);
    groups.set(file, list);
  }
  return groups;
}

function where(finding: Finding): string {
  const cell = cellLabel(finding);
  if (cell) return cell;
  const column = position(finding.column);
  return column ? `${finding.line}:${column}` : `${finding.line}`;
}

const SEVERITY_WIDTH = 'warning'.length;

function renderGroup(findings: Finding[], p: Paint): string[] {
  const rows = findings.map((finding) => ({ finding, where: where(finding) }));
  const whereWidth = Math.max(...rows.map((row) => row.where.length));
  const ruleWidth = Math.max(...rows.map((row) => row.finding.ruleId.length));
  // Hint and continuation lines start under the message.
  const indent = ' '.repeat(2 + whereWidth + 2 + SEVERITY_WIDTH + 2 + ruleWidth + 2);
  const lines: string[] = [];
  for (const { finding, where } of rows) {
    const [first, ...rest] = visible(finding.message).split('\n');
    lines.push(
      [
        '  ' + p.dim(where.padStart(whereWidth)),
        severityLabel(finding.severity, p),
        p.dim(visibleLine(finding.ruleId).padEnd(ruleWidth)),
        first,
      ].join('  '),
    );
    for (const line of rest) lines.push(indent + line);
    if (finding.help) {
      const [hint, ...more] = visible(finding.help).split('\n');
      lines.push(`${indent}${p.cyan('→')} ${hint}`);
      for (const line of more) lines.push(`${indent}  ${line}`);
    }
  }
  return lines;
}

function severityLabel(severity: Severity, p: Paint): string {
  const label = severity.padEnd(SEVERITY_WIDTH);
  return severity === 'error'
    ? p.red(label)
    : severity === 'warning'
      ? p.yellow(label)
      : p.cyan(label);
}

/** Each rule with reported findings and its page, once, in first-seen order. */
function ruleDocs(result: RunResult): [string, string][] {
  const docs = new Map<string, string>();
  for (const finding of result.findings) {
    const id = visibleLine(finding.ruleId);
    if (finding.helpUri && !docs.has(id)) docs.set(id, visibleLine(finding.helpUri));
  }
  return [...docs];
}

/** How many skipped files the footer names before it summarises the rest. */
const SKIPPED_LISTED = 50;

function footer(result: RunResult, p: Paint): string[] {
  const { counts } = result;
  const total = counts.error + counts.warning + counts.note;
  const scanned = `${plural(result.filesScanned, 'file')} checked in ${formatDuration(result.durationMs)}`;
  const lines: string[] = [];
  const headline =
    total === 0
      ? p.green(`✔ No problems, ${scanned}`)
      : (counts.error ? p.red : p.yellow)(
          `✖ ${plural(total, 'problem')} (${countsPhrase(counts)}), ${scanned}`,
        );
  lines.push(headline);
  const filtered = filteredPhrase(counts);
  if (filtered) lines.push(`  Not reported: ${filtered}.`);
  lines.push(
    p.dim(
      `  Scope ${result.scope}, fail-on ${result.failOn}, config ${visibleLine(result.configSource)}.`,
    ),
  );

  const docs = ruleDocs(result);
  if (docs.length) {
    lines.push('', 'Rule docs:');
    const width = Math.max(...docs.map(([id]) => id.length));
    for (const [id, uri] of docs) lines.push(`  ${id.padEnd(width)}  ${p.dim(uri)}`);
  }

  if (result.skipped.length) {
    lines.push('');
    lines.push(p.yellow(`Skipped ${plural(result.skipped.length, 'file')} (not checked):`));
    const listed = result.skipped.slice(0, SKIPPED_LISTED);
    const width = Math.max(...listed.map((file) => visibleLine(file.path).length));
    for (const file of listed) {
      lines.push(`  ${visibleLine(file.path).padEnd(width)}  ${p.dim(skipReason(file))}`);
    }
    if (result.skipped.length > listed.length) {
      lines.push(
        `  … and ${result.skipped.length - listed.length} more (all are listed by --format json)`,
      );
    }
  }

  if (result.notices.length) {
    lines.push('');
    for (const notice of result.notices) lines.push(`${p.cyan('notice')} ${visibleLine(notice)}`);
  }

  lines.push('');
  const verdict = verdictLine(result);
  lines.push(p.bold(result.passed ? p.green(verdict) : p.red(verdict)));
  return lines;
}
