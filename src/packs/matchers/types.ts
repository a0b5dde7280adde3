// The shape every compiled matcher has, and what compiling one may use: the pack document to
// locate problems in, and the Python language for tree-sitter queries.
import type { Language } from 'web-tree-sitter';
import type { ConfigProblem, KeyPath } from '../../config/types.js';
import type { Match, MatchContext } from '../match.js';
import type { PackDocument } from '../pack-document.js';

/** Which files a matcher can read; it decides a rule's default `files`. */
export type Reads = 'code' | 'data' | 'any';

export interface Matcher {
  /** Names its matches may carry, for checking `{{name}}` in messages. */
  readonly captures: ReadonlySet<string>;
  readonly reads: Reads;
  /** All matches in one file (at most a bounded number). */
  match(ctx: MatchContext, file: string): Promise<Match[]>;
}

/** At most this many matches of one matcher in one file: bounds time and report size on hostile input. */
export const MAX_MATCHES_PER_FILE = 1000;

export interface CompileEnv {
  readonly document: PackDocument;
  readonly problems: ConfigProblem[];
  /** The Python language for queries (loads tree-sitter on first use). */
  language(): Promise<Language>;
}

export function report(
  env: CompileEnv,
  path: KeyPath,
  message: string,
  at: 'key' | 'value' = 'value',
): void {
  env.problems.push(env.document.problem(path, message, at));
}

/** A problem at a character offset inside the string value at `path` (a regex, a query). */
export function reportInValue(
  env: CompileEnv,
  path: KeyPath,
  offset: number,
  message: string,
): void {
  env.problems.push({
    ...env.document.problem(path, message),
    ...env.document.locateInValue(path, offset),
  });
}

/** The mapping form of a matcher value written as a bare scalar or list (`regex: 'x'` → `{ pattern: 'x' }`). */
export function normalise(value: unknown, key: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  return { [key]: value };
}

/** A string or list of strings as a list. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
