// Inline suppressions: `# handoff: ignore[rule-id, other-id] reason` after code silences those
// rules on that line; alone on its line it silences the line below (above a long statement).
// A bare `# handoff: ignore` silences every rule there. In notebooks only code cells count.
// A suppression that silences nothing is itself reported, as Ruff does for unused `noqa`.
import type { Finding, Sources, WorkspaceFile } from './types.js';

export interface Suppression {
  file: string;
  /** Raw lines the comment covers: its own, and the next line when it stands alone. */
  lines: number[];
  /** Raw location of the comment itself. */
  line: number;
  column: number;
  cell?: { index: number; line: number };
  /** Rule ids named in brackets; empty means every rule. */
  rules: string[];
  reason: string;
  used: boolean;
}

const MARKER_TEXT = 'handoff:';
const MARKER = Buffer.from(MARKER_TEXT);
const COMMENT = /#\s*handoff:\s*ignore\b(?:\[([^\]]*)\])?[ \t:-]*(.*)$/;

/** Parse one line of code for a suppression comment. Exported for tests and the pack harness. */
export function parseSuppressionComment(
  lineText: string,
): { rules: string[]; reason: string; column: number; trailing: boolean } | undefined {
  const match = COMMENT.exec(lineText);
  if (!match) return undefined;
  const rules = (match[1] ?? '')
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean);
  const trailing = lineText.slice(0, match.index).trim() !== '';
  return { rules, reason: match[2].trim(), column: match.index + 1, trailing };
}

/**
 * Find every suppression comment in the given files. A code file whose code view the rules have
 * built is searched in that view (a notebook's raw bytes are mostly outputs: reading them again
 * would cost more than the search); other files get a cheap byte search before decoding.
 * `hasCode` says which views exist; without it every code file gets the byte search.
 */
export function collectSuppressions(
  files: readonly WorkspaceFile[],
  sources: Sources & { hasCode?: (file: string) => boolean },
): Suppression[] {
  const found: Suppression[] = [];
  for (const { path } of files) {
    if (path.endsWith('.ipynb') || path.endsWith('.py')) {
      if (!sources.hasCode?.(path) && !hasMarker(sources, path)) continue;
      const doc = sources.code(path);
      if (!doc) continue;
      for (const unit of doc.units) {
        // Only a line of the unit's text can hold a suppression comment.
        if (!unit.text.includes(MARKER_TEXT)) continue;
        const rows = unit.text.split('\n');
        rows.forEach((row, index) => {
          const parsed = parseSuppressionComment(row);
          if (!parsed) return;
          const here = unit.locate(index, parsed.column - 1);
          const covered = [here.line];
          if (!parsed.trailing && index + 1 < rows.length) {
            covered.push(unit.locate(index + 1, 0).line);
          }
          found.push({
            file: path,
            lines: covered,
            line: here.line,
            column: here.column ?? parsed.column,
            cell: here.cell,
            rules: parsed.rules,
            reason: parsed.reason,
            used: false,
          });
        });
      }
      continue;
    }
    if (!hasMarker(sources, path)) continue;
    const text = sources.text(path);
    if (text === undefined) continue;
    text.split('\n').forEach((row, index) => {
      const parsed = parseSuppressionComment(row);
      if (!parsed) return;
      found.push({
        file: path,
        lines: parsed.trailing ? [index + 1] : [index + 1, index + 2],
        line: index + 1,
        column: parsed.column,
        rules: parsed.rules,
        reason: parsed.reason,
        used: false,
      });
    });
  }
  return found;
}

function hasMarker(sources: Sources, path: string): boolean {
  const bytes = sources.bytes(path);
  return bytes !== undefined && bytes.indexOf(MARKER) >= 0;
}

/** Mark findings silenced by a suppression; returns the suppressions that silenced nothing. */
export function applySuppressions(findings: Finding[], suppressions: Suppression[]): Suppression[] {
  const byFile = new Map<string, Suppression[]>();
  for (const suppression of suppressions) {
    const list = byFile.get(suppression.file) ?? [];
    list.push(suppression);
    byFile.set(suppression.file, list);
  }
  for (const finding of findings) {
    const candidates = byFile.get(finding.file);
    if (!candidates) continue;
    const match = candidates.find(
      (s) =>
        s.lines.includes(finding.line) &&
        (s.rules.length === 0 || s.rules.includes(finding.ruleId)),
    );
    if (!match) continue;
    match.used = true;
    finding.suppressed = { kind: 'inline', reason: match.reason || undefined };
  }
  return suppressions.filter((s) => !s.used);
}
