// Composition. `any`: the matches of every member. `all`: the matches of its first positive
// member that overlap a match of every other positive member, lie within a match of every
// `inside` member, and overlap no match of a `not` member (`not: {inside: ...}` drops matches
// that lie within one). An `all` with only `not` members, and a `not` that is not a member of
// `all`, match the whole file when the negated matcher finds nothing in it.
import { overlaps, within, type Match } from '../match.js';
import type { Matcher } from './types.js';

export type Role = 'positive' | 'inside' | 'not' | 'not-inside';

export interface Member {
  role: Role;
  matcher: Matcher;
}

export function anyMatcher(members: Matcher[]): Matcher {
  return {
    captures: union(members),
    reads: members[0].reads,
    async match(ctx, file) {
      const found: Match[] = [];
      for (const member of members) {
        for (const match of await member.match(ctx, file)) {
          if (!found.some((other) => sameRange(other, match))) found.push(match);
        }
      }
      return found;
    },
  };
}

export function allMatcher(members: Member[]): Matcher {
  const positives = members.filter((m) => m.role === 'positive');
  const filters = members.filter((m) => m.role !== 'positive');
  const [first, ...others] = positives;
  return {
    captures: union(
      members.filter((m) => m.role === 'positive' || m.role === 'inside').map((m) => m.matcher),
    ),
    reads: (first ?? members[0]).matcher.reads,
    async match(ctx, file) {
      let candidates: Match[] = first
        ? await first.matcher.match(ctx, file)
        : [{ file, captures: {} }];
      for (const { role, matcher } of [...others, ...filters]) {
        if (candidates.length === 0) return [];
        const against = await matcher.match(ctx, file);
        candidates = candidates.flatMap((candidate) => {
          const related = (other: Match) =>
            role === 'inside' || role === 'not-inside'
              ? within(candidate, other)
              : overlaps(candidate, other);
          const partner = against.find(related);
          if (role === 'not' || role === 'not-inside') return partner ? [] : [candidate];
          if (!partner) return [];
          // The earlier member's capture wins when two members capture the same name.
          return [{ ...candidate, captures: { ...partner.captures, ...candidate.captures } }];
        });
      }
      return candidates;
    },
  };
}

/** `not` outside `all`: the whole file, when the matcher finds nothing in it. */
export function notMatcher(inner: Matcher): Matcher {
  return {
    captures: new Set(),
    reads: inner.reads,
    async match(ctx, file) {
      return (await inner.match(ctx, file)).length === 0 ? [{ file, captures: {} }] : [];
    },
  };
}

function union(matchers: readonly Matcher[]): Set<string> {
  const names = new Set<string>();
  for (const matcher of matchers) for (const name of matcher.captures) names.add(name);
  return names;
}

function sameRange(a: Match, b: Match): boolean {
  if (a.file !== b.file || a.unit !== b.unit) return false;
  if (!a.span || !b.span) return !a.span && !b.span;
  return (
    a.span.startRow === b.span.startRow &&
    a.span.startColumn === b.span.startColumn &&
    a.span.endRow === b.span.endRow &&
    a.span.endColumn === b.span.endColumn
  );
}
