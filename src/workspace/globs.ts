// Glob lists with gitignore's conventions, shared by the workspace, config ignores and rules.
//
// - A pattern without a `/` (a trailing one aside) matches at any depth: `*.csv`, `build/`.
// - A pattern with a `/` elsewhere is anchored at the root: `src/**`, `/setup.py`.
// - A pattern that matches a folder matches everything below it: `legacy` covers `legacy/a.py`.
// - `!pattern` re-includes what an earlier pattern matched; the last matching pattern wins.
// Paths are root-relative and use `/`. Dotfiles match like any other name.
import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

export interface GlobSet {
  /** Whether a file path is matched (the last matching pattern decides, `!` un-matches). */
  matchesFile: PathMatcher;
  /**
   * Whether every path below this folder is certainly matched, so a walk can skip reading it.
   * Always false when the list has a `!` pattern, which could re-include something below.
   */
  coversFolder: PathMatcher;
}

interface CompiledPattern {
  negated: boolean;
  file: PathMatcher;
  folder: PathMatcher;
}

/** Compile a list of globs into one predicate over root-relative `/` file paths. */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  return compileGlobSet(patterns).matchesFile;
}

export function compileGlobSet(patterns: readonly string[]): GlobSet {
  const compiled = patterns.map(compilePattern).filter((p): p is CompiledPattern => p !== null);
  if (compiled.length === 0) return { matchesFile: () => false, coversFolder: () => false };
  if (compiled.every((p) => !p.negated)) {
    return {
      matchesFile: (path) => {
        const subject = normalisePath(path);
        return compiled.some((p) => p.file(subject));
      },
      coversFolder: (path) => {
        const subject = normalisePath(path);
        return compiled.some((p) => p.folder(subject));
      },
    };
  }
  return {
    matchesFile: (path) => {
      const subject = normalisePath(path);
      // Walk from the last pattern: the first that matches decides.
      for (let i = compiled.length - 1; i >= 0; i--) {
        if (compiled[i].file(subject)) return !compiled[i].negated;
      }
      return false;
    },
    coversFolder: () => false,
  };
}

/** Whether any pattern in the list is a `!` negation. */
export function hasNegation(patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern.trim().startsWith('!'));
}

export interface ExpandedPattern {
  negated: boolean;
  /** Globs a file path is tested against. */
  fileGlobs: string[];
  /** Globs a folder path is tested against: a match means the whole folder is covered. */
  folderGlobs: string[];
}

/** The picomatch globs one gitignore-style pattern stands for, or null for a blank pattern. */
export function expandPattern(pattern: string): ExpandedPattern | null {
  let body = pattern.trim();
  let negated = false;
  if (body.startsWith('!')) {
    negated = true;
    body = body.slice(1);
  }
  while (body.startsWith('./')) body = body.slice(2);
  const trailingSlash = body.endsWith('/');
  body = body.replace(/\/+$/, '');
  const anchored = body.startsWith('/');
  body = body.replace(/^\/+/, '');
  if (body === '') return null;

  // A slash anywhere but the end anchors the pattern, as in .gitignore.
  const floating = !anchored && !body.includes('/');
  const base = floating && !body.startsWith('**') ? `**/${body}` : body;
  // A matched folder matches everything below it; `dir/` matches only folders, so not a file `dir`.
  const folderGlobs = [base, `${base}/**`];
  const fileGlobs = trailingSlash ? [`${base}/**/*`] : folderGlobs;
  return { negated, fileGlobs, folderGlobs };
}

function compilePattern(pattern: string): CompiledPattern | null {
  const expanded = expandPattern(pattern);
  if (!expanded) return null;
  const folder = picomatch(expanded.folderGlobs, { dot: true });
  const file =
    expanded.fileGlobs === expanded.folderGlobs
      ? folder
      : picomatch(expanded.fileGlobs, { dot: true });
  return { negated: expanded.negated, file, folder };
}

function normalisePath(path: string): string {
  let subject = path;
  while (subject.startsWith('./')) subject = subject.slice(2);
  return subject;
}
