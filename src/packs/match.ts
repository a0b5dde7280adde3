// What a matcher finds: a range of one file (in a code unit's text, or in the raw file text), or
// the whole file, with named captures for the message. Composition compares ranges: two matches
// overlap or one lies within the other only when they are in the same text.
import type { CodeUnit, Location, RuleContext } from '../engine/types.js';

/** 0-based rows and columns, end exclusive, in the text the match was found in. */
export interface Span {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

export interface Match {
  file: string;
  /** The code unit whose text the span is in; undefined when it is in the raw file text. */
  unit?: CodeUnit;
  /** Undefined: the match is the whole file (file-exists, a file-level `not`). */
  span?: Span;
  /** Where a whole-file match is reported (0-based, raw text); line 1 when absent. */
  anchor?: { row: number; column: number };
  captures: Record<string, string>;
}

/** Matchers see the rule's context; they never report, only return matches. */
export type MatchContext = RuleContext<unknown>;

/**
 * Which text a span's rows count in. A `.py` file's single unit has the file's own coordinates,
 * so it shares the raw text's space; each notebook cell is a space of its own.
 */
function space(match: Match): number {
  return match.unit?.cellIndex ?? -1;
}

/** Order of two points: negative when a comes first. */
function compare(aRow: number, aColumn: number, bRow: number, bColumn: number): number {
  return aRow - bRow || aColumn - bColumn;
}

/** Whether two matches share at least one character (a whole-file match overlaps its whole file). */
export function overlaps(a: Match, b: Match): boolean {
  if (a.file !== b.file) return false;
  if (!a.span || !b.span) return true;
  if (space(a) !== space(b)) return false;
  const x = a.span;
  const y = b.span;
  const xEmpty = compare(x.startRow, x.startColumn, x.endRow, x.endColumn) === 0;
  const yEmpty = compare(y.startRow, y.startColumn, y.endRow, y.endColumn) === 0;
  // Spans are half-open; an empty one (a zero-width regex match) touches the point it sits at.
  const strict = !xEmpty && !yEmpty;
  const startsBeforeEnd = (s: Span, e: Span) => {
    const order = compare(s.startRow, s.startColumn, e.endRow, e.endColumn);
    return strict ? order < 0 : order <= 0;
  };
  return startsBeforeEnd(x, y) && startsBeforeEnd(y, x);
}

/** Whether `inner` lies within `outer` (a whole-file `outer` holds everything in its file). */
export function within(inner: Match, outer: Match): boolean {
  if (inner.file !== outer.file) return false;
  if (!outer.span) return true;
  if (!inner.span || space(inner) !== space(outer)) return false;
  const i = inner.span;
  const o = outer.span;
  return (
    compare(o.startRow, o.startColumn, i.startRow, i.startColumn) <= 0 &&
    compare(i.endRow, i.endColumn, o.endRow, o.endColumn) <= 0
  );
}

/** Where a match is reported: the raw file position (a notebook cell's line maps to its `.ipynb` line). */
export function locationOf(match: Match): Location {
  if (!match.span) {
    const row = match.anchor?.row ?? 0;
    const column = match.anchor?.column ?? 0;
    return { file: match.file, line: row + 1, column: column + 1 };
  }
  const { startRow, startColumn, endRow, endColumn } = match.span;
  if (match.unit) return match.unit.locate(startRow, startColumn, endRow, endColumn);
  return {
    file: match.file,
    line: startRow + 1,
    column: startColumn + 1,
    endLine: endRow + 1,
    endColumn: endColumn + 1,
  };
}

const MAX_CAPTURE_LENGTH = 80;

/** A capture as it reads in a one-line message: whitespace runs folded, long text cut with `…`. */
export function captureText(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > MAX_CAPTURE_LENGTH
    ? `${folded.slice(0, MAX_CAPTURE_LENGTH - 1)}…`
    : folded;
}

/** The span between two offsets of a text whose line starts are `starts`. */
export function spanOfOffsets(starts: readonly number[], from: number, to: number): Span {
  const start = rowOf(starts, from);
  const end = rowOf(starts, to);
  return {
    startRow: start,
    startColumn: from - starts[start],
    endRow: end,
    endColumn: to - starts[end],
  };
}

/** Offsets at which each line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function rowOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
