// Poetry version constraints (`^1.2`, `~1.2`, `1.2.3`, `>=1,<2`, `1.2.*`, `a || b`): exact or not.
import { valid as validVersion } from '@renovatebot/pep440';

export interface ConstraintVerdict {
  pinned: boolean;
  version?: string;
  why?: string;
}

const CLAUSE = /^(\^|~=|~|===|==|=|!=|>=|<=|>|<)?\s*(\S+)$/;

export function classifyPoetryConstraint(raw: string): ConstraintVerdict {
  const text = raw.trim();
  if (text === '' || text === '*')
    return { pinned: false, why: `"${text || '*'}" allows any version` };
  if (text.includes('||')) {
    return { pinned: false, why: `${text} allows several versions` };
  }
  // Clauses are separated by commas or by whitespace between complete clauses.
  const clauses = text
    .split(',')
    .flatMap((part) => part.trim().split(/\s+(?=[\^~=!<>\d])/))
    .map((part) => part.replace(/\s+/g, ''))
    .filter(Boolean);
  for (const clause of clauses) {
    const match = CLAUSE.exec(clause);
    if (!match) return { pinned: false, why: `"${text}" is not a valid version constraint` };
    const operator = match[1] ?? '';
    const version = match[2]!;
    if (['', '=', '==', '==='].includes(operator) && !version.includes('*')) {
      if (operator !== '===' && !validVersion(version)) {
        return { pinned: false, why: `"${version}" is not a valid version` };
      }
      return { pinned: true, version };
    }
  }
  const first = clauses[0] ?? text;
  if (first.startsWith('^'))
    return { pinned: false, why: `${text} allows any compatible release (a range)` };
  if (first.startsWith('~') && !first.startsWith('~='))
    return { pinned: false, why: `${text} allows any patch release (a range)` };
  if (first.includes('*')) return { pinned: false, why: `${text} is a wildcard` };
  return { pinned: false, why: `${text} is a range, not an exact pin` };
}
