// Which lines a change added or modified, from unified diffs: the `patch` of one file as the
// pull-request files API gives it, or a whole `git diff -U0` of the checkout. Deleted lines have
// no place in the new file, so only `+` lines count; a file whose diff has no hunks to read
// (binary, too large, a mode change) counts as changed whole.
import type { ChangedLines } from '../engine/filters.js';
import { GitError, ensureMergeBase, git, type HistoryOptions } from './git.js';

const HUNK = /^@@@* -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * New-file line numbers that a single file's hunks add (`@@ -a,b +c,d @@` then ` `, `-`, `+`
 * lines). Lines that are neither are ignored (`\ No newline at end of file`), so a patch cut
 * short by the API still yields the lines it does show.
 */
export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let line = 0;
  let inHunk = false;
  for (const text of patch.split('\n')) {
    const hunk = HUNK.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const mark = text[0];
    if (mark === '+') {
      // A malformed header can claim line 0; no finding sits there.
      if (line >= 1) added.add(line);
      line++;
    } else if (mark === ' ') line++;
    // `-` lines and `\ No newline` markers take no place in the new file.
  }
  return added;
}

interface FileSection {
  path?: string;
  deleted: boolean;
  binary: boolean;
  patch: string[];
}

/**
 * Changed lines per file from the output of `git diff --no-prefix` (any context size): hunks
 * become line sets; new files with content, binary files and sections without hunks (a mode
 * change, a pure rename) are handled as their headers say. Deleted files are left out.
 */
export function parseGitDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let section: FileSection | undefined;
  const finish = (): void => {
    if (!section?.path || section.deleted) return;
    if (section.binary) {
      changed.set(section.path, 'all');
      return;
    }
    const lines = addedLines(section.patch.join('\n'));
    const previous = changed.get(section.path);
    if (previous === 'all') return;
    if (previous) for (const line of lines) previous.add(line);
    else changed.set(section.path, lines);
  };
  let inHunks = false;
  for (const text of diff.split('\n')) {
    if (text.startsWith('diff --git ')) {
      finish();
      section = {
        path: headerPath(text.slice('diff --git '.length)),
        deleted: false,
        binary: false,
        patch: [],
      };
      inHunks = false;
      continue;
    }
    if (!section) continue;
    if (inHunks || text.startsWith('@@')) {
      inHunks = true;
      section.patch.push(text);
      continue;
    }
    if (text.startsWith('+++ ')) {
      const target = unquote(text.slice(4).replace(/\t$/, ''));
      if (target === '/dev/null') section.deleted = true;
      else section.path = target;
    } else if (text.startsWith('rename to '))
      section.path = unquote(text.slice('rename to '.length));
    else if (text.startsWith('copy to ')) section.path = unquote(text.slice('copy to '.length));
    else if (text.startsWith('deleted file mode')) section.deleted = true;
    else if (text.startsWith('Binary files ') || text === 'GIT binary patch') section.binary = true;
  }
  finish();
  return changed;
}

/**
 * The new path from `diff --git <old> <new>` when no later header names it. Without prefixes the
 * two halves are the same path for anything but a rename (whose `rename to` line wins), so an
 * unquoted header is split at its middle, whatever spaces the path holds.
 */
function headerPath(rest: string): string | undefined {
  if (rest.startsWith('"')) {
    const first = quotedLength(rest);
    if (first === undefined) return undefined;
    const second = rest.slice(first + 1);
    return second === '' ? undefined : unquote(second);
  }
  if (rest.length % 2 === 0) return undefined;
  const half = (rest.length - 1) / 2;
  const left = rest.slice(0, half);
  const right = rest.slice(half + 1);
  return left === right ? right : undefined;
}

function quotedLength(text: string): number | undefined {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}

const ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

/** A path as git prints it: C-quoted (with octal UTF-8 bytes) when it holds unusual characters. */
export function unquote(text: string): string {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(body.slice(i, i + 3));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 2;
    } else if (next in ESCAPES) bytes.push(ESCAPES[next]);
    else bytes.push(...Buffer.from(next, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface GitChangedOptions extends HistoryOptions {
  /** The revision the change is compared with (the PR's base commit, or a branch). */
  base: string;
  /** The changed side; the checkout (`HEAD`) by default. */
  head?: string;
  /**
   * Compare the working tree rather than `head`, and count untracked files as changed whole:
   * what a developer running the CLI before committing expects. Off in CI, where they agree.
   */
  worktree?: boolean;
}

export interface GitChanged {
  changed: ChangedLines;
  /** The commit the diff was taken from: the merge base of base and head. */
  mergeBase: string;
}

/**
 * Changed lines of `head` (or the working tree) since it left `base`, as a pull request's
 * three-dot diff: from their merge base, so commits the base gained since do not count. In a
 * shallow clone the missing history is fetched first. Throws GitError when no merge base can
 * be found or fetched.
 */
export async function gitChangedLines(
  root: string,
  options: GitChangedOptions,
): Promise<GitChanged> {
  const head = options.head ?? 'HEAD';
  const base = await ensureMergeBase(root, options.base, head, options);
  if (!base) {
    throw new GitError(
      `no common history between ${options.base} and ${head}, even after fetching`,
      [],
      '',
      undefined,
    );
  }
  const args = [
    'diff',
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-prefix',
    // Paths relative to root, and nothing outside it, when root is a folder of the repository.
    '--relative',
    '--find-renames',
    '--diff-filter=ACMRT',
    base,
  ];
  if (!options.worktree) args.push(head);
  const { stdout } = await git(root, [...args, '--']);
  const changed = parseGitDiff(stdout.toString('utf8'));
  if (options.worktree) {
    const { stdout: others } = await git(root, [
      'ls-files',
      '-z',
      '--others',
      '--exclude-standard',
    ]);
    for (const path of others.toString('utf8').split('\0')) if (path) changed.set(path, 'all');
  }
  return { changed, mergeBase: base };
}
