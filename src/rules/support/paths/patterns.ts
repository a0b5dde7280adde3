// The rule's `allow` and `deny` options: regexes from a config file (possibly a shared pack),
// compiled with RE2 semantics so no pattern can backtrack for ever on a long string.
import { RE2JS } from 're2js';

export interface PathPatterns {
  /** Whether a configured `allow` pattern exempts this path. */
  allowed(path: string): boolean;
  /** Whether a configured `deny` pattern reports this path even if it has no known kind. */
  denied(path: string): boolean;
  /** Whether any deny pattern exists (then no cheap prefilter can rule a file out). */
  readonly hasDeny: boolean;
}

export class PatternError extends Error {
  override name = 'PatternError';
}

/** Compile `options.allow` / `options.deny`; throws PatternError naming the option and index. */
export function compilePathPatterns(options: { allow?: unknown; deny?: unknown }): PathPatterns {
  const allow = compileList('allow', options.allow);
  const deny = compileList('deny', options.deny);
  return {
    allowed: (path) => allow.some((re) => re.test(path)),
    denied: (path) => deny.some((re) => re.test(path)),
    hasDeny: deny.length > 0,
  };
}

function compileList(option: string, patterns: unknown): RE2JS[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) {
    throw new PatternError(
      `hardcoded-paths: option '${option}' must be a list of regular expressions`,
    );
  }
  return patterns.map((pattern: unknown, index) => {
    if (typeof pattern !== 'string') {
      throw new PatternError(
        `hardcoded-paths: ${option}[${index}] must be a string, got ${typeof pattern}`,
      );
    }
    try {
      return RE2JS.compile(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PatternError(
        `hardcoded-paths: ${option}[${index}] is not a valid RE2 regular expression ${JSON.stringify(pattern)}: ${reason}`,
      );
    }
  });
}
