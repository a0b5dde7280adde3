// .gitignore semantics for folders that git cannot list (no git, or not a work tree): every
// .gitignore applies to its own folder and below with patterns relative to that folder, a
// deeper file overrides a shallower one, and `.git/info/exclude` sits below them all.
import ignore, { type Ignore } from 'ignore';

/** Larger ignore files are not read: a real one is a few KiB, and this bounds hostile input. */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

interface Level {
  /** Folder of the ignore file, root-relative, '' for the root. */
  base: string;
  matcher: Ignore;
}

/** An immutable chain of ignore files from the root down to one folder. */
export class IgnoreChain {
  private constructor(private readonly levels: readonly Level[]) {}

  static empty(): IgnoreChain {
    return new IgnoreChain([]);
  }

  /** A chain with the patterns of one more ignore file, read in folder `base`. */
  with(base: string, content: string): IgnoreChain {
    let matcher: Ignore;
    try {
      matcher = ignore({ ignorecase: false }).add(content);
    } catch {
      // An ignore file the parser rejects outright ignores nothing, as a broken one does for git.
      return this;
    }
    return new IgnoreChain([...this.levels, { base, matcher }]);
  }

  /** Whether a root-relative path (a folder when `isDirectory`) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const { base, matcher } = this.levels[i];
      const relative = base === '' ? path : path.slice(base.length + 1);
      if (relative === '') continue;
      let verdict;
      try {
        verdict = matcher.test(isDirectory ? `${relative}/` : relative);
      } catch {
        // The ignore package rejects a few odd names (it validates paths); git would not ignore them.
        continue;
      }
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}
