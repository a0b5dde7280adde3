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

// ---------------------------------------------------------------------------------------------
// History a pull-request run needs: the base commit and a merge base, in clones that may be
// shallow (actions/checkout fetches one commit by default).

/** Whether the repository at `root` is a shallow clone. */
export async function isShallowRepository(root: string): Promise<boolean> {
  try {
    const { stdout } = await git(root, ['rev-parse', '--is-shallow-repository']);
    return stdout.toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}

/** The full commit id `rev` names, or undefined when the repository does not have it. */
export async function resolveCommit(root: string, rev: string): Promise<string | undefined> {
  assertRevision(rev);
  try {
    const { stdout } = await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    const sha = stdout.toString('utf8').trim();
    return sha === '' ? undefined : sha;
  } catch {
    return undefined;
  }
}

/** The best common ancestor of `a` and `b`, or undefined when the local history does not join them. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  assertRevision(a);
  assertRevision(b);
  try {
    const { stdout } = await git(root, ['merge-base', a, b]);
    const sha = stdout.toString('utf8').trim();
    return sha === '' ? undefined : sha;
  } catch {
    return undefined;
  }
}

export interface FetchOptions {
  /** Remote to fetch from; `origin` (what actions/checkout sets up) by default. */
  remote?: string;
  /** Commits of history to fetch (`--depth`), for a shallow clone. */
  depth?: number;
  /** Commits to add below the shallow boundary (`--deepen`). */
  deepen?: number;
  /** Fetch the whole history (`--unshallow`). */
  unshallow?: boolean;
}

/** Fetch commits by id (GitHub serves any reachable commit, pull-request heads included). */
export async function fetchCommits(
  root: string,
  shas: readonly string[],
  options: FetchOptions = {},
): Promise<void> {
  const remote = options.remote ?? 'origin';
  if (remote === '' || remote.startsWith('-') || /[\0\n\r\s]/.test(remote)) {
    throw new GitError(`invalid git remote '${remote}'`, [], '', undefined);
  }
  for (const sha of shas) assertRevision(sha);
  const args = [
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-recurse-submodules',
    '--no-write-fetch-head',
  ];
  if (options.unshallow) args.push('--unshallow');
  else if (options.deepen !== undefined)
    args.push(`--deepen=${Math.max(1, Math.floor(options.deepen))}`);
  else if (options.depth !== undefined)
    args.push(`--depth=${Math.max(1, Math.floor(options.depth))}`);
  // `--` is not accepted before a remote by fetch; the checks above keep both out of option space.
  await git(root, [...args, remote, ...shas]);
}

export interface HistoryOptions {
  remote?: string;
  /** History fetched with a missing commit, and the first deepening step; doubled each round. */
  depth?: number;
  /** Deepening rounds before one last `--unshallow`. */
  rounds?: number;
  /** Told what was fetched, for the log. */
  onFetch?: (what: string) => void;
}

const DEFAULT_FETCH_DEPTH = 50;
const DEFAULT_DEEPEN_ROUNDS = 4;

/**
 * Make `sha` available locally, fetching it from the remote when the clone lacks it (with a
 * shallow depth when the clone is shallow, so a full clone is never made shallow). Returns
 * whether the commit is there afterwards; never throws for a fetch that fails.
 */
export async function ensureCommit(
  root: string,
  sha: string,
  options: HistoryOptions = {},
): Promise<boolean> {
  if (await resolveCommit(root, sha)) return true;
  const shallow = await isShallowRepository(root);
  try {
    const depth = options.depth ?? DEFAULT_FETCH_DEPTH;
    options.onFetch?.(
      `git fetch ${shallow ? `--depth=${depth} ` : ''}${options.remote ?? 'origin'} ${sha}`,
    );
    await fetchCommits(root, [sha], { remote: options.remote, ...(shallow ? { depth } : {}) });
  } catch {
    return false;
  }
  return (await resolveCommit(root, sha)) !== undefined;
}

/**
 * The merge base of `base` and `head`, fetching what a shallow clone lacks: the base commit
 * first, then deeper history of both sides, doubling each round, then the whole history.
 * Undefined when the histories cannot be joined (unrelated, or the remote is unreachable).
 */
export async function ensureMergeBase(
  root: string,
  base: string,
  head: string,
  options: HistoryOptions = {},
): Promise<string | undefined> {
  if (!(await ensureCommit(root, base, options))) return undefined;
  const headSha = await resolveCommit(root, head);
  if (!headSha) return undefined;
  let found = await mergeBase(root, base, headSha);
  let step = options.depth ?? DEFAULT_FETCH_DEPTH;
  const rounds = options.rounds ?? DEFAULT_DEEPEN_ROUNDS;
  for (let round = 0; !found && round <= rounds; round++) {
    if (!(await isShallowRepository(root))) break;
    const last = round === rounds;
    try {
      options.onFetch?.(
        `git fetch ${last ? '--unshallow' : `--deepen=${step}`} ${options.remote ?? 'origin'}`,
      );
      await fetchCommits(
        root,
        [base, headSha],
        last
          ? { remote: options.remote, unshallow: true }
          : { remote: options.remote, deepen: step },
      );
    } catch {
      return undefined;
    }
    found = await mergeBase(root, base, headSha);
    step *= 2;
  }
  return found;
}

export interface BlobEntry {
  /** Git file mode: `100644`, `100755`, `120000` (symbolic link), `160000` (submodule). */
  mode: string;
  type: string;
  size: number;
}

/** What `path` is at `rev` (mode, type and size from `git ls-tree -l`), undefined when absent. */
export async function treeEntryAtRevision(
  root: string,
  rev: string,
  path: string,
): Promise<BlobEntry | undefined> {
  assertRevision(rev);
  const relative = path.replace(/^\.\/+/, '');
  if (relative === '' || relative.split('/').includes('..')) return undefined;
  const { stdout } = await git(root, ['ls-tree', '-l', '-z', rev, '--', relative]);
  const entry = stdout.toString('utf8').split('\0')[0];
  // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
  const match = /^(\d{6}) (\w+) [0-9a-f]+ +(-|\d+)\t/.exec(entry);
  if (!match) return undefined;
  return { mode: match[1], type: match[2], size: match[3] === '-' ? 0 : Number(match[3]) };
}

/**
 * A regular file's text at `rev`, within `maxBytes`. Undefined when absent; throws GitError
 * for a symbolic link, a submodule, a folder or a file over the cap, so policy is never read
 * through a link or from something huge.
 */
export async function readRegularFileAtRevision(
  root: string,
  rev: string,
  path: string,
  maxBytes: number,
): Promise<string | undefined> {
  const entry = await treeEntryAtRevision(root, rev, path);
  if (!entry) return undefined;
  const refuse = (why: string): never => {
    throw new GitError(`${path} at ${rev.slice(0, 12)} ${why}`, [], '', undefined);
  };
  if (entry.type !== 'blob')
    refuse(`is a ${entry.type === 'tree' ? 'folder' : entry.type}, not a file`);
  if (entry.mode === '120000') refuse('is a symbolic link; refusing to follow it');
  if (entry.size > maxBytes) refuse(`is ${entry.size} bytes; the limit is ${maxBytes}`);
  return readFileAtRevision(root, rev, path);
}
