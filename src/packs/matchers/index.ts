// Compile a matcher written in a pack (a mapping with one kind key) into a Matcher, reporting
// every problem at its place in the pack file.
import type { KeyPath } from '../../config/types.js';
import { didYouMean } from '../../config/suggest.js';
import { compileCallMatcher } from './call.js';
import { allMatcher, anyMatcher, notMatcher, type Member } from './compose.js';
import { compileFileExistsMatcher } from './file-exists.js';
import { compileImportMatcher } from './import.js';
import { compileKeyMatcher } from './key.js';
import { compileQueryMatcher } from './query.js';
import { compileRegexMatcher } from './regex.js';
import { compileDefinitionMatcher, compileWithMatcher } from './scope.js';
import { report, type CompileEnv, type Matcher } from './types.js';

export type { Matcher, CompileEnv } from './types.js';

export const MATCHER_KINDS = [
  'regex',
  'query',
  'import',
  'call',
  'file-exists',
  'key',
  'function',
  'class',
  'with',
  'all',
  'any',
  'not',
  'inside',
] as const;
export type MatcherKind = (typeof MATCHER_KINDS)[number];

/** Composition deeper than this is refused: a pack is data, and data may be hostile. */
const MAX_DEPTH = 32;

/** The kind of a matcher mapping, or undefined (with a problem) when it has none or several. */
export function matcherKind(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): MatcherKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const kinds = keys.filter((k): k is MatcherKind =>
    (MATCHER_KINDS as readonly string[]).includes(k),
  );
  if (kinds.length === 1 && keys.length === 1) return kinds[0];
  if (keys.length === 0) {
    report(env, path, `a matcher needs one of ${MATCHER_KINDS.join(', ')}`);
  } else if (kinds.length === 0) {
    report(
      env,
      [...path, keys[0]],
      `unknown matcher '${keys[0]}'${didYouMean(keys[0], MATCHER_KINDS)}`,
      'key',
    );
  } else {
    report(
      env,
      [...path, keys[1]],
      `a matcher has exactly one kind, this one has ${keys.join(' and ')}; combine them with all or any`,
      'key',
    );
  }
  return undefined;
}

export async function compileMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
  depth = 0,
): Promise<Matcher | undefined> {
  if (depth > MAX_DEPTH) {
    report(env, path, `matchers are nested more than ${MAX_DEPTH} levels deep`);
    return undefined;
  }
  const kind = matcherKind(value, path, env);
  if (!kind) return undefined;
  const inner = (value as Record<string, unknown>)[kind];
  const at = [...path, kind];
  switch (kind) {
    case 'regex':
      return compileRegexMatcher(inner, at, env);
    case 'query':
      return compileQueryMatcher(inner, at, env);
    case 'import':
      return compileImportMatcher(inner, at, env);
    case 'call':
      return compileCallMatcher(inner, at, env);
    case 'file-exists':
      return compileFileExistsMatcher(inner, at, env);
    case 'key':
      return compileKeyMatcher(inner, at, env);
    case 'function':
    case 'class':
      return compileDefinitionMatcher(kind, inner, at, env);
    case 'with':
      return compileWithMatcher(inner, at, env);
    case 'any': {
      const members = await compileList(inner, at, env, depth);
      return members && anyMatcher(members);
    }
    case 'all':
      return compileAll(inner, at, env, depth);
    case 'not': {
      const negated = await compileMatcher(inner, at, env, depth + 1);
      return negated && notMatcher(negated);
    }
    case 'inside':
      // compileAll handles its `inside` members itself; anywhere else there is nothing to filter.
      report(
        env,
        at,
        'inside keeps the matches of another matcher: use it as a member of all, next to that matcher',
        'key',
      );
      return undefined;
  }
}

async function compileList(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
  depth: number,
): Promise<Matcher[] | undefined> {
  if (!Array.isArray(value)) return undefined;
  const compiled = await Promise.all(
    value.map((item, index) => compileMatcher(item, [...path, index], env, depth + 1)),
  );
  return compiled.every((m): m is Matcher => m !== undefined) ? compiled : undefined;
}

async function compileAll(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
  depth: number,
): Promise<Matcher | undefined> {
  if (!Array.isArray(value)) return undefined;
  const members: Member[] = [];
  let ok = true;
  for (const [index, item] of value.entries()) {
    const itemPath = [...path, index];
    const kind = matcherKind(item, itemPath, env);
    if (!kind) {
      ok = false;
      continue;
    }
    const inner = (item as Record<string, unknown>)[kind];
    let member: Member | undefined;
    if (kind === 'inside') {
      const container = await compileMatcher(inner, [...itemPath, kind], env, depth + 1);
      member = container && { role: 'inside', matcher: container };
    } else if (
      kind === 'not' &&
      matcherKind(inner, [...itemPath, kind], { ...env, problems: [] }) === 'inside'
    ) {
      const insidePath = [...itemPath, kind, 'inside'];
      const container = await compileMatcher(
        (inner as Record<string, unknown>).inside,
        insidePath,
        env,
        depth + 2,
      );
      member = container && { role: 'not-inside', matcher: container };
    } else if (kind === 'not') {
      const negated = await compileMatcher(inner, [...itemPath, kind], env, depth + 1);
      member = negated && { role: 'not', matcher: negated };
    } else {
      const positive = await compileMatcher(item, itemPath, env, depth + 1);
      member = positive && { role: 'positive', matcher: positive };
    }
    if (member) members.push(member);
    else ok = false;
  }
  if (!ok) return undefined;
  if (!members.some((m) => m.role === 'positive') && members.some((m) => m.role === 'inside')) {
    report(
      env,
      path,
      'all needs a matcher besides inside: inside only keeps the matches of the others',
    );
    return undefined;
  }
  return allMatcher(members);
}
