// Semantic versions and the npm-style ranges a pack's `engine` uses to say which handoff-gate
// versions it works with: `>=0.1.0 <2`, `^1.2`, `~1.4.0`, `1.x`, `1.2 - 1.5`, `*`, joined by `||`.
// Prereleases follow npm: `>=1.0.0-rc.1` admits `1.0.0-rc.2` but no prerelease of another version.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
/** A partial version as ranges write it: `1`, `1.2`, `1.x`, `1.2.*`, `1.2.3-rc.1`. */
const PARTIAL =
  /^v?(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*])(?:\.(0|[1-9]\d*|[xX*])(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?)?)?$/;
const MAX_RANGE_LENGTH = 256;

/** A parsed `x.y.z[-pre][+build]`, or undefined when the text is not a full semantic version. */
export function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const numbers = [match[1], match[2], match[3]].map(Number);
  if (!numbers.every(Number.isSafeInteger)) return undefined;
  return {
    major: numbers[0],
    minor: numbers[1],
    patch: numbers[2],
    prerelease: match[4] ? match[4].split('.').map(identifier) : [],
  };
}

function identifier(part: string): string | number {
  return /^(0|[1-9]\d*)$/.test(part) ? Number(part) : part;
}

export function compareVersions(a: Version, b: Version): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A version without a prerelease ranks above any prerelease of it.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length);
  }
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Operator = '<' | '<=' | '>' | '>=' | '=';

interface Comparator {
  operator: Operator;
  version: Version;
  /** A bound the range implies (`^1.2` → `<2.0.0-0`) rather than one the author wrote. */
  implied?: boolean;
}

/** One `||` alternative: every comparator must hold. An empty set admits every version. */
type ComparatorSet = Comparator[];

export interface Range {
  sets: ComparatorSet[];
}

export class VersionRangeError extends Error {
  override name = 'VersionRangeError';
}

/** Parse a range; throws VersionRangeError naming the part that is not understood. */
export function parseRange(text: string): Range {
  if (text.length > MAX_RANGE_LENGTH) {
    throw new VersionRangeError(`a version range is at most ${MAX_RANGE_LENGTH} characters`);
  }
  const sets = text.split('||').map((alternative) => parseSet(alternative.trim()));
  return { sets };
}

function parseSet(text: string): ComparatorSet {
  if (text === '' || text === '*' || /^[xX]$/.test(text)) return [];
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) return [...lowerBound('>=', hyphen[1]), ...upperBound('<=', hyphen[2])];
  const comparators: ComparatorSet = [];
  // `>= 1.2` is written with a space as often as without; join an operator to its version.
  const tokens = text.replace(/(<=|>=|<|>|=|\^|~>?)\s+/g, '$1').split(/\s+/);
  for (const token of tokens) comparators.push(...parseComparator(token));
  return comparators;
}

function parseComparator(token: string): ComparatorSet {
  const match = /^(<=|>=|<|>|=|\^|~>?)?(.*)$/.exec(token)!;
  const operator = match[1] ?? '';
  const partial = parsePartial(match[2], token);
  if (operator === '^') return caret(partial);
  if (operator === '~' || operator === '~>') return tilde(partial);
  if (operator === '' || operator === '=') return exactOrWildcard(partial);
  if (operator === '>=' || operator === '>') return lowerBound(operator, match[2]);
  return upperBound(operator as '<' | '<=', match[2]);
}

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: (string | number)[];
}

function parsePartial(text: string, token: string): Partial {
  const match = PARTIAL.exec(text);
  if (!match) throw new VersionRangeError(`'${token}' is not a version or a comparison with one`);
  const part = (value: string | undefined) =>
    value === undefined || /^[xX*]$/.test(value) ? undefined : Number(value);
  const major = part(match[1]);
  const minor = major === undefined ? undefined : part(match[2]);
  const patch = minor === undefined ? undefined : part(match[3]);
  return {
    major,
    minor,
    patch,
    prerelease: match[4] && patch !== undefined ? match[4].split('.').map(identifier) : [],
  };
}

function version(
  major: number,
  minor: number,
  patch: number,
  prerelease: (string | number)[] = [],
): Version {
  return { major, minor, patch, prerelease };
}

function floor(p: Partial): Version {
  return version(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.prerelease);
}

function exactOrWildcard(p: Partial): ComparatorSet {
  if (p.major === undefined) return [];
  if (p.minor === undefined) {
    return [
      { operator: '>=', version: version(p.major, 0, 0) },
      { operator: '<', version: version(p.major + 1, 0, 0, [0]), implied: true },
    ];
  }
  if (p.patch === undefined) {
    return [
      { operator: '>=', version: version(p.major, p.minor, 0) },
      { operator: '<', version: version(p.major, p.minor + 1, 0, [0]), implied: true },
    ];
  }
  return [{ operator: '=', version: floor(p) }];
}

function caret(p: Partial): ComparatorSet {
  if (p.major === undefined) return [];
  const low: Comparator = { operator: '>=', version: floor(p) };
  // The first non-zero part is the one that may not change (with 0.0.x, nothing may).
  let high: Version;
  if (p.major > 0 || p.minor === undefined) high = version(p.major + 1, 0, 0, [0]);
  else if (p.minor > 0 || p.patch === undefined) high = version(0, p.minor + 1, 0, [0]);
  else high = version(0, 0, p.patch + 1, [0]);
  return [low, { operator: '<', version: high, implied: true }];
}

function tilde(p: Partial): ComparatorSet {
  if (p.major === undefined) return [];
  const low: Comparator = { operator: '>=', version: floor(p) };
  const high =
    p.minor === undefined ? version(p.major + 1, 0, 0, [0]) : version(p.major, p.minor + 1, 0, [0]);
  return [low, { operator: '<', version: high, implied: true }];
}

/** `<*`: below the lowest possible version, so nothing. */
const NOTHING: Comparator = { operator: '<', version: version(0, 0, 0, [0]), implied: true };

function lowerBound(operator: '>=' | '>', text: string): ComparatorSet {
  const p = parsePartial(text, `${operator}${text}`);
  if (p.major === undefined) return operator === '>=' ? [] : [NOTHING];
  if (operator === '>=' || p.patch !== undefined) return [{ operator, version: floor(p) }];
  // `>1.2` means above every 1.2.x: at least 1.3.0.
  const next =
    p.minor === undefined ? version(p.major + 1, 0, 0) : version(p.major, p.minor + 1, 0);
  return [{ operator: '>=', version: next }];
}

function upperBound(operator: '<=' | '<', text: string): ComparatorSet {
  const p = parsePartial(text, `${operator}${text}`);
  if (p.major === undefined) return operator === '<=' ? [] : [NOTHING];
  if (p.patch !== undefined) return [{ operator, version: floor(p) }];
  if (operator === '<') {
    return [{ operator, version: version(p.major, p.minor ?? 0, 0, [0]), implied: true }];
  }
  // `<=1.2` admits every 1.2.x: below 1.3.0.
  const next =
    p.minor === undefined ? version(p.major + 1, 0, 0, [0]) : version(p.major, p.minor + 1, 0, [0]);
  return [{ operator: '<', version: next, implied: true }];
}

/** Whether `candidate` lies in `range`, with npm's rule for prereleases. */
export function satisfies(candidate: Version, range: Range): boolean {
  return range.sets.some((set) => {
    if (!set.every((comparator) => holds(candidate, comparator))) return false;
    if (candidate.prerelease.length === 0) return true;
    // A prerelease passes only when some comparator names a prerelease of the same x.y.z.
    return set.some(
      ({ version: v, implied }) =>
        !implied &&
        v.prerelease.length > 0 &&
        v.major === candidate.major &&
        v.minor === candidate.minor &&
        v.patch === candidate.patch,
    );
  });
}

function holds(candidate: Version, { operator, version: v }: Comparator): boolean {
  const order = compareVersions(candidate, v);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
  }
}
