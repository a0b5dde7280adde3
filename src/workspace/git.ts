// Small wrappers over the `git` binary. Arguments go through execFile (never a shell), revisions
// are checked before use, and git is told never to prompt, page or take optional locks.
import { execFile } from 'node:child_process';

/** Generous enough for `ls-files` of a very large monorepo; beyond it git output is refused. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | string | undefined,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

interface GitOutput {
  stdout: Buffer;
  stderr: string;
}

/** Run git in `cwd`; rejects with GitError on a non-zero exit, a timeout or a missing binary. */
export function git(cwd: string, args: readonly string[]): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: TIMEOUT_MS,
        windowsHide: true,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_OPTIONAL_LOCKS: '0',
          GIT_PAGER: 'cat',
          LC_ALL: 'C',
        },
      },
      (error, stdout, stderr) => {
        const errText = stderr.toString('utf8');
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const detail = errText.trim() || error.message;
          reject(new GitError(`git ${args.join(' ')} failed: ${detail}`, args, errText, code));
          return;
        }
        resolvePromise({ stdout, stderr: errText });
      },
    );
  });
}

/** Whether `dir` is inside a git work tree that git will operate on (false when git is missing). */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const { stdout } = await git(dir, ['rev-parse', '--is-inside-work-tree']);
    return stdout.toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}

/** Absolute top-level folder of the work tree containing `dir`, or undefined outside one. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(dir, ['rev-parse', '--show-toplevel']);
    const top = stdout.toString('utf8').trim();
    return top === '' ? undefined : top;
  } catch {
    return undefined;
  }
}

/**
 * Tracked and untracked-but-not-ignored files under `root`, relative to `root` with `/`,
 * sorted and without duplicates (unmerged entries appear once per stage in git's output).
 * Files deleted on disk are still listed here; callers stat them.
 */
export async function listGitFiles(root: string): Promise<string[]> {
  const { stdout } = await git(root, [
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
  ]);
  const paths = new Set<string>();
  for (const entry of stdout.toString('utf8').split('\0')) {
    if (entry !== '') paths.add(entry);
  }
  return [...paths].sort(comparePaths);
}

/**
 * Content of `path` (relative to `root`) at revision `rev`, or undefined when the revision has
 * no file there. Throws GitError when `rev` is not a revision of the repository.
 */
export async function readFileAtRevision(
  root: string,
  rev: string,
  path: string,
): Promise<string | undefined> {
  assertRevision(rev);
  const relative = path.replace(/^\.\/+/, '');
  if (relative === '' || relative.split('/').includes('..')) return undefined;
  try {
    // `rev:./path` resolves the path from root even when root is a subfolder of the repository.
    const { stdout } = await git(root, ['cat-file', 'blob', `${rev}:./${relative}`]);
    return stdout.toString('utf8');
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (await revisionExists(root, rev)) return undefined;
    throw error;
  }
}

/** Whether `rev` names a commit in the repository at `root`. */
export async function revisionExists(root: string, rev: string): Promise<boolean> {
  assertRevision(rev);
  try {
    await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Refuse anything git could read as an option or that no revision syntax needs. */
function assertRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\0\n\r]/.test(rev)) {
    throw new GitError(`invalid git revision '${rev}'`, [], '', undefined);
  }
}

/** Byte-order comparison, the same on every platform and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
