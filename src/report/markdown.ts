// The job summary and PR comment body: a verdict headline with counts, a table per rule of its
// findings (linked to the exact line when the repository URL is known), fix hints, import-chain
// graphs, skipped files and notices. GitHub caps both bodies, so when the whole report does not
// fit, whole rows are left out (least severe last in, first out) and the body says how many
// and where the rest is.
import type { RunResult } from '../engine/result.js';
import type { Finding, RuleMeta, Severity } from '../engine/types.js';
import {
  TOOL_NAME,
  bySeverity,
  cellLabel,
  clip,
  countsPhrase,
  filteredPhrase,
  formatDuration,
  plural,
  position,
  repoPath,
  ruleHelpUri,
  ruleLookup,
  skipReason,
  verdictLine,
} from './common.js';
import { mdCode, mdEscape, mdLink, mdMessage } from './markdown-text.js';
import { findingChain, mermaidChain } from './mermaid.js';

export interface MarkdownOptions {
  /** Largest body in characters (UTF-16 units, as GitHub counts a comment's 65,536). */
  maxChars?: number;
  /** Largest body in UTF-8 bytes (the job summary's 1 MiB). */
  maxBytes?: number;
  /** Where the full results are, named when something had to be left out. */
  detailsUrl?: string;
  /** Blob URL prefix ending in `/` (`https://github.com/o/r/blob/<sha>/`): locations become links. */
  linkBase?: string;
}

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', note: 'ℹ️' };
const SEVERITIES: Severity[] = ['error', 'warning', 'note'];
/** GitHub renders these files, so a line anchor needs the plain view. */
const RENDERED = /\.(ipynb|md|markdown|rst|csv|tsv)$/i;

export function formatMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  const doc = buildDocument(result, options);
  const budget = new Budget(options.maxChars, options.maxBytes);
  const everything = doc.render(() => true);
  if (budget.fits(everything)) return everything;
  return fitted(doc, budget, options);
}

// ---------------------------------------------------------------------------------------------
// The document: fixed parts plus optional pieces that can be left out, in reading order.

type PieceKind = 'row' | 'chain' | 'skipped';

interface Piece {
  kind: PieceKind;
  text: string;
  /** The header this piece sits under (a rule's table header), written before its first kept piece. */
  section: Section;
}

interface Section {
  text: string;
}

interface Document {
  pieces: Piece[];
  render(keep: (piece: Piece) => boolean, note?: string): string;
}

function buildDocument(result: RunResult, options: MarkdownOptions): Document {
  const lookup = ruleLookup(result);
  const head = headBlock(result, lookup);
  const pieces: Piece[] = [];

  for (const [ruleId, findings] of byRule(result.findings)) {
    const meta = lookup(ruleId);
    const section: Section = { text: ruleHeader(ruleId, meta, findings.length) };
    for (const finding of findings) {
      pieces.push({
        kind: 'row',
        text: findingRow(result.root, finding, meta, options.linkBase),
        section,
      });
    }
    const chains = new Set<string>();
    for (const finding of findings) {
      const chain = findingChain(finding.data);
      if (!chain || chains.has(chain.join('\0'))) continue;
      chains.add(chain.join('\0'));
      pieces.push({ kind: 'chain', text: chainBlock(result.root, finding, chain), section });
    }
  }

  const skippedSection: Section = {
    text: `<details><summary>Skipped ${plural(result.skipped.length, 'file')} (not checked)</summary>\n`,
  };
  for (const file of result.skipped) {
    pieces.push({
      kind: 'skipped',
      text: `- ${mdCode(file.path)}: ${mdEscape(skipReason(file))}`,
      section: skippedSection,
    });
  }

  const footer = `<sub>${TOOL_NAME} ${mdEscape(result.version)}</sub>`;

  return {
    pieces,
    render(keep, note) {
      const out: string[] = [head];
      let open: Section | undefined;
      const close = (): void => {
        if (open === skippedSection) out.push('\n</details>');
        open = undefined;
      };
      for (const piece of pieces) {
        if (!keep(piece)) continue;
        if (piece.section !== open) {
          close();
          open = piece.section;
          out.push(`\n${open.text}`);
        }
        // A blank line before a graph also ends the table it follows.
        out.push(piece.kind === 'chain' ? `\n${piece.text}` : piece.text);
      }
      close();
      if (note) out.push(`\n${note}`);
      out.push(`\n${footer}`);
      return out.join('\n') + '\n';
    },
  };
}

function headBlock(result: RunResult, lookup: (id: string) => RuleMeta | undefined): string {
  const { counts } = result;
  const total = counts.error + counts.warning + counts.note;
  const icon = result.passed ? '✅' : '❌';
  const what = total === 0 ? 'no findings' : countsPhrase(counts);
  const lines = [`### ${icon} ${TOOL_NAME} ${result.passed ? 'passed' : 'failed'}: ${what}`, ''];
  const facts = [
    `**${mdEscape(verdictLine(result))}**`,
    `${plural(result.filesScanned, 'file')} checked in ${formatDuration(result.durationMs)}`,
    `scope ${mdCode(result.scope)}`,
    `fail-on ${mdCode(result.failOn)}`,
    `config ${mdCode(result.configSource)}`,
  ];
  if (result.skipped.length) facts.push(`${plural(result.skipped.length, 'file')} skipped`);
  lines.push(facts.join(' · '));
  const filtered = filteredPhrase(counts);
  if (filtered) lines.push('', `Not reported: ${filtered}.`);
  for (const notice of result.notices) lines.push('', '> [!NOTE]', `> ${mdMessage(notice)}`);
  if (total > 0) lines.push('', ...summaryTable(result.findings, lookup));
  return lines.join('\n');
}

function summaryTable(findings: Finding[], lookup: (id: string) => RuleMeta | undefined): string[] {
  const rows = [...byRule(findings)].map(([ruleId, list]) => {
    const meta = lookup(ruleId);
    const count = (severity: Severity) => list.filter((f) => f.severity === severity).length;
    const name = meta ? mdLink(mdCode(ruleId), ruleHelpUri(meta)) : mdCode(ruleId);
    const title = meta ? mdEscape(meta.title) : '';
    return `| ${name} | ${title} | ${SEVERITIES.map(count).join(' | ')} |`;
  });
  return ['| Rule | | Errors | Warnings | Notes |', '|---|---|--:|--:|--:|', ...rows];
}

/** Findings per rule; rules with the most severe findings first, each rule's rows most severe first. */
function byRule(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...findings].sort(bySeverity)) {
    const list = groups.get(finding.ruleId) ?? [];
    list.push(finding);
    groups.set(finding.ruleId, list);
  }
  return groups;
}

function ruleHeader(ruleId: string, meta: RuleMeta | undefined, count: number): string {
  const name = meta ? mdLink(mdCode(ruleId), ruleHelpUri(meta)) : mdCode(ruleId);
  const lines = [`#### ${name}${meta ? `: ${mdEscape(meta.title)}` : ''} (${count})`, ''];
  if (meta) lines.push(`**How to fix:** ${mdMessage(meta.docs.instead)}`, '');
  lines.push('| | Location | Finding |', '|---|---|---|');
  return lines.join('\n');
}

function findingRow(
  root: string,
  finding: Finding,
  meta: RuleMeta | undefined,
  linkBase: string | undefined,
): string {
  let text = mdMessage(clip(finding.message, 2000));
  // The rule-level hint is above the table; a row repeats only a fix specific to it.
  if (finding.help && finding.help !== meta?.docs.instead) {
    text += `<br>**Fix:** ${mdMessage(clip(finding.help, 1000))}`;
  }
  return `| ${ICON[finding.severity]} ${finding.severity} | ${locationCell(root, finding, linkBase)} | ${text} |`;
}

function locationCell(root: string, finding: Finding, linkBase: string | undefined): string {
  const file = repoPath(root, finding.file);
  if (file === '') return '(repository)';
  const cell = cellLabel(finding);
  const label = cell ? `${mdCode(file)} ${cell}` : mdCode(`${file}:${finding.line}`);
  const url = lineUrl(file, finding, linkBase);
  return url ? mdLink(label, url) : label;
}

function lineUrl(file: string, finding: Finding, linkBase: string | undefined): string | undefined {
  if (!linkBase || file.startsWith('/') || file.startsWith('../')) return undefined;
  const base = linkBase.endsWith('/') ? linkBase : `${linkBase}/`;
  const path = file.split('/').map(encodeURIComponent).join('/');
  const line = position(finding.line) ?? 1;
  const end = position(finding.endLine);
  const anchor = end !== undefined && end > line ? `#L${line}-L${end}` : `#L${line}`;
  return `${base}${path}${RENDERED.test(file) ? '?plain=1' : ''}${anchor}`;
}

function chainBlock(root: string, finding: Finding, chain: string[]): string {
  const file = repoPath(root, finding.file);
  const where = file === '' ? '' : ` from ${mdCode(`${file}:${finding.line}`)}`;
  return `Chain${where}:\n\n${mermaidChain(chain)}`;
}

// ---------------------------------------------------------------------------------------------
// Fitting the document into GitHub's limits.

class Budget {
  constructor(
    readonly maxChars = Infinity,
    readonly maxBytes = Infinity,
  ) {}

  fits(text: string): boolean {
    return text.length <= this.maxChars && Buffer.byteLength(text, 'utf8') <= this.maxBytes;
  }
}

/**
 * Keep a prefix of the rows (ordered most severe first), then of the graphs of the rules that
 * still have rows, then of the skipped files: each the longest that fits, found by bisection so
 * a huge report is rendered O(log n) times, not once per row. The note about what was left out
 * is part of every trial, so the final body fits with it.
 */
function fitted(doc: Document, budget: Budget, options: MarkdownOptions): string {
  const kept = new Set<Piece>();
  const render = () =>
    doc.render((piece) => kept.has(piece), omissionNote(doc, kept, budget, options));
  const keepPrefix = (candidates: Piece[]): void => {
    const count = longestPrefix(candidates.length, (k) => {
      candidates.forEach((piece, i) => (i < k ? kept.add(piece) : kept.delete(piece)));
      return budget.fits(render());
    });
    candidates.forEach((piece, i) => (i < count ? kept.add(piece) : kept.delete(piece)));
  };
  keepPrefix(doc.pieces.filter((piece) => piece.kind === 'row'));
  const shownSections = new Set([...kept].map((piece) => piece.section));
  keepPrefix(
    doc.pieces.filter((piece) => piece.kind === 'chain' && shownSections.has(piece.section)),
  );
  keepPrefix(doc.pieces.filter((piece) => piece.kind === 'skipped'));
  const body = render();
  return budget.fits(body) ? body : hardClip(body, budget);
}

/** The largest k in [0, n] with ok(k), for an ok that holds up to some k and fails after. */
function longestPrefix(n: number, ok: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function omissionNote(
  doc: Document,
  kept: Set<Piece>,
  budget: Budget,
  options: MarkdownOptions,
): string {
  const left = (kind: PieceKind) =>
    doc.pieces.filter((p) => p.kind === kind && !kept.has(p)).length;
  const parts = [
    left('row') ? plural(left('row'), 'finding') : '',
    left('chain') ? plural(left('chain'), 'import-chain graph') : '',
    left('skipped') ? plural(left('skipped'), 'skipped file') : '',
  ].filter(Boolean);
  if (!parts.length) return '';
  const limit =
    budget.maxChars !== Infinity
      ? `${budget.maxChars.toLocaleString('en-US')} characters`
      : `${budget.maxBytes.toLocaleString('en-US')} bytes`;
  const where = options.detailsUrl
    ? `See ${mdLink('the full results', options.detailsUrl)}.`
    : 'The SARIF and JSON reports list every finding.';
  return `> [!WARNING]\n> ${parts.join(', ')} not shown: this report is limited to ${limit}. ${where}`;
}

/** Last resort when even the headline does not fit: the longest whole-line prefix that does. */
function hardClip(body: string, budget: Budget): string {
  const marker = '\n…\n';
  const length = longestPrefix(body.length, (k) => budget.fits(body.slice(0, k) + marker));
  let text = body.slice(0, length);
  const cut = text.lastIndexOf('\n');
  if (cut > 0) text = text.slice(0, cut);
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  return budget.fits(text + marker) ? text + marker : '';
}
