// Every regular expression a pack brings runs on RE2 (re2js): matching is linear in the input, so
// no pattern can backtrack for ever on a long line. Patterns are RE2 syntax (no lookarounds, no
// backreferences); an invalid one is a located error when the pack is loaded.
import { RE2JS } from 're2js';

/** RE2 programs beyond this many instructions are refused: they cost memory on every match. */
const MAX_PROGRAM_SIZE = 20_000;

export class PatternError extends Error {
  override name = 'PatternError';
}

export interface RegexFlags {
  ignoreCase?: boolean;
  /** `.` matches a newline too. */
  dotAll?: boolean;
  /** `^` and `$` match at line starts and ends, not only at the ends of the text. */
  multiline?: boolean;
}

/** Compile an RE2 pattern; throws PatternError with RE2's reason. */
export function compileRegex(pattern: string, flags: RegexFlags = {}): RE2JS {
  let bits = 0;
  if (flags.ignoreCase) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.dotAll) bits |= RE2JS.DOTALL;
  if (flags.multiline) bits |= RE2JS.MULTILINE;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, bits);
  } catch (error) {
    throw new PatternError(`invalid RE2 regular expression: ${syntaxProblem(pattern, error)}`);
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    throw new PatternError(
      `regular expression is too complex (${compiled.programSize()} RE2 instructions; the limit is ${MAX_PROGRAM_SIZE})`,
    );
  }
  return compiled;
}

/** RE2's reason, quoting the pattern as written (flags are compiled in as a `(?m)` prefix). */
function syntaxProblem(pattern: string, error: unknown): string {
  let reason = error instanceof Error ? error.message : String(error);
  try {
    RE2JS.compile(pattern);
  } catch (plain) {
    reason = plain instanceof Error ? plain.message : reason;
  }
  return reason.replace(/^error parsing regexp: /, '');
}

/** Whether the regex matches the whole of `text` (names, not substrings). */
export function matchesWhole(regex: RE2JS, text: string): boolean {
  return regex.testExact(text);
}
