// A directory walk for roots that git cannot list. It honours every .gitignore on the way down
// (and `.git/info/exclude` at the root), prunes default-excluded folders before reading them,
// and never follows a symbolic link: links are returned as entries for the caller to judge.
// It is synchronous on purpose: on a local disk the async API costs about four times the CPU
// (a thread-pool round trip per call) and the walk has nothing to overlap with.
import { lstatSync, readFileSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import {
  CONDA_MARKER,
  VENV_MARKER,
  isBuildFolderName,
  isExcludedFolderName,
  looksLikeBuildOutput,
} from './default-excludes.js';
import { IgnoreChain, MAX_IGNORE_FILE_BYTES } from './gitignore.js';

export interface WalkEntry {
  /** Root-relative path with `/`. */
  path: string;
  kind: 'file' | 'symlink' | 'other';
}

export interface WalkResult {
  entries: WalkEntry[];
  /** Folders that could not be listed (permissions, vanished during the walk). */
  unreadable: string[];
}

export interface WalkOptions {
  /** Folders to leave unread, for example those every user exclude glob covers. */
  pruneFolder?: (path: string) => boolean;
}

interface Job {
  path: string;
  chain: IgnoreChain;
}

export function walkTree(root: string, opts: WalkOptions = {}): WalkResult {
  const entries: WalkEntry[] = [];
  const unreadable: string[] = [];
  let chain = IgnoreChain.empty();
  const infoExclude = readIgnoreFile(join(root, '.git', 'info', 'exclude'));
  if (infoExclude !== undefined) chain = chain.with('', infoExclude);

  // An explicit stack instead of recursion: a hostile tree thousands of folders deep is fine.
  const stack: Job[] = [{ path: '', chain }];
  for (let job = stack.pop(); job !== undefined; job = stack.pop()) {
    for (const child of visit(root, job, entries, unreadable, opts)) stack.push(child);
  }
  return { entries, unreadable };
}

function visit(
  root: string,
  job: Job,
  entries: WalkEntry[],
  unreadable: string[],
  opts: WalkOptions,
): Job[] {
  const absolute = job.path === '' ? root : join(root, job.path);
  let dirents: Dirent[];
  try {
    dirents = readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    if (job.path === '') throw error;
    unreadable.push(job.path);
    return [];
  }
  if (job.path !== '' && isGeneratedFolder(job.path, dirents)) return [];

  let chain = job.chain;
  if (dirents.some((d) => d.name === '.gitignore' && d.isFile())) {
    const content = readIgnoreFile(join(absolute, '.gitignore'));
    if (content !== undefined) chain = chain.with(job.path, content);
  }

  const folders: Job[] = [];
  for (const dirent of dirents) {
    if (dirent.name === '.git') continue;
    const path = job.path === '' ? dirent.name : `${job.path}/${dirent.name}`;
    if (dirent.isDirectory()) {
      if (isExcludedFolderName(dirent.name)) continue;
      if (chain.ignores(path, true)) continue;
      if (opts.pruneFolder?.(path)) continue;
      folders.push({ path, chain });
      continue;
    }
    if (chain.ignores(path, false)) continue;
    const kind = dirent.isFile() ? 'file' : dirent.isSymbolicLink() ? 'symlink' : 'other';
    entries.push({ path, kind });
  }
  return folders;
}

/** A virtual environment, a conda environment, or a build/dist folder of generated output. */
function isGeneratedFolder(path: string, dirents: Dirent[]): boolean {
  for (const dirent of dirents) {
    if (dirent.name === VENV_MARKER && dirent.isFile()) return true;
    if (dirent.name === CONDA_MARKER && dirent.isDirectory()) return true;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!isBuildFolderName(name)) return false;
  return looksLikeBuildOutput(dirents.map((d) => ({ name: d.name, isDirectory: d.isDirectory() })));
}

/** Text of an ignore file, or undefined when it is missing, not a regular file or too large. */
function readIgnoreFile(path: string): string | undefined {
  try {
    const stats = lstatSync(path);
    if (!stats.isFile() || stats.size > MAX_IGNORE_FILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
