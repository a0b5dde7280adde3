// `regex`: an RE2 pattern over Python and notebook code (`target: code`, the default) or over the
// raw text of any file (`target: text`), line by line unless `multiline` is set. Captures: `match`
// (the whole match), `1`, `2`, ... and named groups `(?P<name>...)`.
import type { RE2JS } from 're2js';
import type { KeyPath } from '../../config/types.js';
import type { CodeUnit } from '../../engine/types.js';
import { captureText, lineStarts, spanOfOffsets, type Match } from '../match.js';
import { codeUnits } from '../python-code.js';
import { compileRegex, PatternError } from '../re2.js';
import { MAX_MATCHES_PER_FILE, normalise, report, type CompileEnv, type Matcher } from './types.js';

export function compileRegexMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const spec = normalise(value, 'pattern');
  const patternPath = typeof value === 'string' ? path : [...path, 'pattern'];
  const pattern = String(spec.pattern ?? '');
  const flags = typeof spec.flags === 'string' ? spec.flags : '';
  const multiline = spec.multiline === true;
  const target = spec.target === 'text' ? 'text' : 'code';
  let regex: RE2JS;
  try {
    // MULTILINE always: in multiline mode `^`/`$` still mean line starts and ends, as they do
    // when each line is matched on its own.
    regex = compileRegex(pattern, {
      ignoreCase: flags.includes('i'),
      dotAll: flags.includes('s'),
      multiline: true,
    });
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    report(env, patternPath, error.message);
    return undefined;
  }
  const captures = new Set<string>(['match', ...Object.keys(regex.namedGroups())]);
  for (let group = 1; group <= regex.groupCount(); group++) captures.add(String(group));

  const prefilter = !multiline && !ANCHORS_TO_TEXT.test(pattern);
  const scan = (file: string, text: string, unit: CodeUnit | undefined, found: Match[]) => {
    const budget = new ScanBudget(text.length);
    if (multiline) return scanWhole(regex, file, text, unit, found, budget);
    // One linear pass over the whole text rules most files out before they are split into lines.
    // Per line, `^`/`$` are the line's ends, as in the whole text with MULTILINE: only `\r` before
    // a newline and anchors to the text's ends differ, and those texts skip the shortcut.
    if (prefilter && !text.includes('\r') && !regex.test(text)) return;
    scanLines(regex, file, text, unit, found, budget);
  };

  return {
    captures,
    reads: target === 'text' ? 'any' : 'code',
    async match(ctx, file) {
      const found: Match[] = [];
      if (target === 'text') {
        const text = ctx.sources.text(file);
        if (text !== undefined) scan(file, text, undefined, found);
        return found;
      }
      for (const unit of codeUnits(ctx, file)) {
        if (found.length >= MAX_MATCHES_PER_FILE) break;
        scan(file, unit.text, unit, found);
      }
      return found;
    },
  };
}

/**
 * RE2 makes one search linear, but finding every match restarts after each one, and a pattern
 * that must look to the end of the line before settling on a short match (`a(?:.*z)?`) makes
 * that quadratic. Each search is charged the text left after where it starts; when the charges
 * pass a fixed multiple of the text's length, the file has no more matches for this rule.
 */
class ScanBudget {
  private remaining: number;
  constructor(textLength: number) {
    this.remaining = 16 * textLength + 65_536;
  }
  /** Charge a search over `length` characters; false when the budget is spent. */
  charge(length: number): boolean {
    this.remaining -= Math.max(1, length);
    return this.remaining > 0;
  }
}

/** `\A`, `\z` and turning multiline off (`(?-m)`) anchor to the ends of the whole text. */
const ANCHORS_TO_TEXT = /\\[Az]|\(\?[A-Za-z]*-[A-Za-z]*m/;

function capturesOf(result: RegExpMatchArray): Record<string, string> {
  const captures: Record<string, string> = { match: captureText(result[0]) };
  for (let group = 1; group < result.length; group++) {
    captures[String(group)] = captureText(result[group] ?? '');
  }
  for (const [name, text] of Object.entries(result.groups ?? {})) {
    captures[name] = captureText(text ?? '');
  }
  return captures;
}

/**
 * Each line on its own (a `\r` before the newline is not part of the line). A cheap DFA test
 * skips lines without a match; only matching lines pay for captures.
 */
function scanLines(
  regex: RE2JS,
  file: string,
  text: string,
  unit: CodeUnit | undefined,
  found: Match[],
  budget: ScanBudget,
): void {
  const lines = text.split('\n');
  for (let row = 0; row < lines.length && found.length < MAX_MATCHES_PER_FILE; row++) {
    const line = lines[row].endsWith('\r') ? lines[row].slice(0, -1) : lines[row];
    if (!budget.charge(line.length) || !regex.test(line)) continue;
    let from = 0;
    for (const result of regex.matchAll(line)) {
      if (!budget.charge(line.length - from)) return;
      const start = result.index ?? 0;
      from = start + Math.max(1, result[0].length);
      if (result[0].length === 0) continue;
      found.push({
        file,
        ...(unit ? { unit } : {}),
        span: {
          startRow: row,
          startColumn: start,
          endRow: row,
          endColumn: start + result[0].length,
        },
        captures: capturesOf(result),
      });
      if (found.length >= MAX_MATCHES_PER_FILE) break;
    }
  }
}

function scanWhole(
  regex: RE2JS,
  file: string,
  text: string,
  unit: CodeUnit | undefined,
  found: Match[],
  budget: ScanBudget,
): void {
  if (!budget.charge(text.length) || !regex.test(text)) return;
  const starts = lineStarts(text);
  let from = 0;
  for (const result of regex.matchAll(text)) {
    if (!budget.charge(text.length - from)) return;
    const start = result.index ?? 0;
    from = start + Math.max(1, result[0].length);
    if (result[0].length === 0) continue;
    found.push({
      file,
      ...(unit ? { unit } : {}),
      span: spanOfOffsets(starts, start, start + result[0].length),
      captures: capturesOf(result),
    });
    if (found.length >= MAX_MATCHES_PER_FILE) break;
  }
}
