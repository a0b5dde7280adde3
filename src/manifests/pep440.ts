// Whether a PEP 440 version specifier resolves to exactly one version, parsed with
// @renovatebot/pep440. Exact means a `==` clause without a wildcard, or `===`.
import { parse as parseSpecifier } from '@renovatebot/pep440/lib/specifier.js';

export interface SpecifierClause {
  operator: string;
  version: string;
}

export interface SpecifierVerdict {
  pinned: boolean;
  /** The one version it resolves to, when pinned. */
  version?: string;
  /** When not pinned: what is wrong. */
  why?: string;
  /** The specifier does not parse as PEP 440. */
  invalid?: boolean;
  clauses: SpecifierClause[];
}

interface RawClause {
  operator: string;
  version?: string;
  prefix?: string | null;
  legacy?: string;
}

/** Split a specifier into its comma-separated clauses, normalised without spaces (`>=1.0`). */
export function specifierClauses(specifier: string): string[] {
  return specifier
    .split(',')
    .map((part) => part.replace(/\s+/g, ''))
    .filter((part) => part.length > 0);
}

export function classifySpecifier(specifier: string): SpecifierVerdict {
  const text = specifier.trim();
  if (text === '') return { pinned: false, why: 'no version specifier', clauses: [] };
  let parsed: RawClause[] | null;
  try {
    parsed = parseSpecifier(text) as RawClause[] | null;
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.length === 0) {
    return {
      pinned: false,
      invalid: true,
      why: `"${text}" is not a valid version specifier, so the newest release is installed`,
      clauses: [],
    };
  }
  const clauses: SpecifierClause[] = parsed.map((clause) => ({
    operator: clause.operator,
    version: (clause.version ?? clause.legacy ?? '') + (clause.prefix ?? ''),
  }));
  const exact = parsed.find(
    (clause) =>
      clause.operator === '===' || (clause.operator === '==' && !clause.prefix?.includes('*')),
  );
  if (exact) return { pinned: true, version: exact.version ?? exact.legacy ?? '', clauses };
  const wildcard = parsed.find(
    (clause) => clause.operator === '==' && clause.prefix?.includes('*'),
  );
  if (wildcard) {
    return {
      pinned: false,
      why: `==${wildcard.version}${wildcard.prefix} matches any ${wildcard.version}.* release`,
      clauses,
    };
  }
  const shown = clauses.map((clause) => `${clause.operator}${clause.version}`).join(',');
  return { pinned: false, why: `${shown} is a range, not an exact pin`, clauses };
}

/** The lowest version a specifier admits by its own words, for a pin suggestion (`>=1.2` → 1.2). */
export function lowerBound(clauses: SpecifierClause[]): string | undefined {
  const bound = clauses.find((clause) => ['>=', '~=', '=='].includes(clause.operator));
  if (!bound) return undefined;
  return bound.version.replace(/\.\*$/, '');
}
