// Is a module part of the Python standard library, for the Python versions a project targets?
import {
  FIRST_MINOR,
  LAST_MINOR,
  STDLIB_EVERY_VERSION,
  STDLIB_SOME_VERSIONS,
} from './data/stdlib-modules.js';

/** Minor versions of Python 3 the stdlib table covers, oldest first. */
export const SUPPORTED_MINORS: readonly number[] = Array.from(
  { length: LAST_MINOR - FIRST_MINOR + 1 },
  (_, i) => FIRST_MINOR + i,
);

const EVERY = new Set(STDLIB_EVERY_VERSION);

export type StdlibStatus =
  /** In the standard library of every targeted version. */
  | { kind: 'stdlib' }
  /** In the standard library of some targeted versions only. */
  | { kind: 'partial'; presentIn: number[]; missingIn: number[] }
  /** Not a standard-library module in any targeted version. */
  | { kind: 'not' };

/** The top-level name of a dotted module (`os.path` -> `os`). */
export function topLevel(module: string): string {
  const dot = module.indexOf('.');
  return dot === -1 ? module : module.slice(0, dot);
}

function presentIn(name: string, minor: number): boolean {
  if (EVERY.has(name)) return true;
  const range = Object.hasOwn(STDLIB_SOME_VERSIONS, name) ? STDLIB_SOME_VERSIONS[name] : undefined;
  if (!range) return false;
  // Versions outside the table behave like its nearest edge.
  const clamped = Math.min(Math.max(minor, FIRST_MINOR), LAST_MINOR);
  return clamped >= range[0] && clamped <= range[1];
}

/** Whether `module` (dotted or not) is in the standard library of Python 3.`minor`. */
export function isStdlibModule(module: string, minor: number): boolean {
  return presentIn(topLevel(module), minor);
}

/** Whether `module` is in the standard library of at least one supported version. */
export function isStdlibInAnyVersion(module: string): boolean {
  return SUPPORTED_MINORS.some((minor) => presentIn(topLevel(module), minor));
}

/** Standard-library status of `module` across the targeted minor versions (all supported when omitted). */
export function stdlibStatus(
  module: string,
  minors: readonly number[] = SUPPORTED_MINORS,
): StdlibStatus {
  const name = topLevel(module);
  const inside = minors.filter((m) => presentIn(name, m));
  if (inside.length === 0) return { kind: 'not' };
  if (inside.length === minors.length) return { kind: 'stdlib' };
  return {
    kind: 'partial',
    presentIn: inside,
    missingIn: minors.filter((m) => !presentIn(name, m)),
  };
}

/** Every top-level standard-library module of Python 3.`minor`. */
export function stdlibModules(minor: number): Set<string> {
  const out = new Set(EVERY);
  for (const name of Object.keys(STDLIB_SOME_VERSIONS)) if (presentIn(name, minor)) out.add(name);
  return out;
}
