// Which files a run looks at. In a git work tree git lists them (so every ignore source git
// knows holds); elsewhere a .gitignore-aware walk does. Both then drop default-excluded folders,
// apply the user's globs, and stat what is left without reading it.
import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { SkippedFile } from '../engine/result.js';
import type { WorkspaceFile } from '../engine/types.js';
import { filterDefaultExcludes } from './default-excludes.js';
import { comparePaths, isGitWorkTree, listGitFiles } from './git.js';
import { compileGlobSet, compileGlobs, type PathMatcher } from './globs.js';
import { walkTree } from './walk.js';

export interface DiscoverOptions {
  /** Only files matching one of these globs (all files when absent or empty). */
  include?: string[];
  /** Files matching these globs are left out (gitignore-style, see globs.ts). */
  exclude?: string[];
  /** Files larger than this many bytes are listed in `skipped` instead of `files`. */
  maxFileSize: number;
}

export interface Workspace {
  files: WorkspaceFile[];
  skipped: SkippedFile[];
  /** How the file list was obtained, for diagnostics and benchmarks. */
  lister: 'git' | 'walk';
}

export async function discoverWorkspace(root: string, opts: DiscoverOptions): Promise<Workspace> {
  if (!(opts.maxFileSize > 0)) {
    throw new RangeError(
      `maxFileSize must be a positive number of bytes (got ${opts.maxFileSize})`,
    );
  }
  const absoluteRoot = resolve(root);
  const realRoot = realRootOf(absoluteRoot);
  const excludeSet = opts.exclude?.length ? compileGlobSet(opts.exclude) : undefined;
  const excluded = excludeSet?.matchesFile;
  const included = opts.include?.length ? compileGlobs(opts.include) : undefined;
  const wanted = (path: string): boolean =>
    (!excluded || !excluded(path)) && (!included || included(path));

  const listed = await listCandidates(absoluteRoot, excludeSet?.coversFolder);
  const files: WorkspaceFile[] = [];
  const skipped: SkippedFile[] = listed.unreadable
    .filter((path) => !excluded?.(path))
    .map((path) => ({ path, reason: 'unreadable' as const }));

  // Synchronous stats: about a quarter of the CPU of promise-based ones (see walk.ts).
  for (const path of listed.paths) {
    if (!wanted(path)) continue;
    const verdict = classify(absoluteRoot, realRoot, path, opts.maxFileSize);
    if (verdict === undefined) continue;
    if ('reason' in verdict) skipped.push(verdict);
    else files.push(verdict);
  }
  files.sort((a, b) => comparePaths(a.path, b.path));
  skipped.sort((a, b) => comparePaths(a.path, b.path));
  return { files, skipped, lister: listed.lister };
}

interface Candidates {
  paths: string[];
  unreadable: string[];
  lister: 'git' | 'walk';
}

async function listCandidates(
  root: string,
  pruneFolder: PathMatcher | undefined,
): Promise<Candidates> {
  if (await isGitWorkTree(root)) {
    try {
      const listed = await listGitFiles(root);
      // Nothing listed means an empty folder or one git ignores (scanning a scratch folder
      // on purpose): the walk answers both, honouring the .gitignore files inside it.
      if (listed.length > 0) {
        return { paths: filterDefaultExcludes(listed), unreadable: [], lister: 'git' };
      }
    } catch {
      // git answered rev-parse but could not list (a timeout, a corrupt index): walk instead.
    }
  }
  // Folders whose every file the excludes cover are not read at all.
  const walked = walkTree(root, { pruneFolder });
  return {
    paths: walked.entries.map((entry) => entry.path).sort(comparePaths),
    unreadable: walked.unreadable,
    lister: 'walk',
  };
}

function realRootOf(root: string): string {
  let stats: Stats;
  let real: string;
  try {
    real = realpathSync(root);
    stats = statSync(real);
  } catch (error) {
    throw new Error(`workspace root '${root}' cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!stats.isDirectory()) throw new Error(`workspace root '${root}' is not a directory`);
  return real;
}

/** A file to scan, a file to report as skipped, or undefined for what is not a file at all. */
function classify(
  root: string,
  realRoot: string,
  path: string,
  maxFileSize: number,
): WorkspaceFile | SkippedFile | undefined {
  const absolute = join(root, path);
  let stats: Stats;
  try {
    stats = lstatSync(absolute);
  } catch (error) {
    // Listed by git but deleted on disk (or removed while we looked): not part of the tree.
    if (isMissing(error)) return undefined;
    return { path, reason: 'unreadable' };
  }
  if (stats.isSymbolicLink()) return classifySymlink(absolute, realRoot, path, maxFileSize);
  // A submodule or a nested repository shows up as a folder entry; its files are not ours.
  if (stats.isDirectory()) return undefined;
  // FIFOs, sockets and devices: reading one could block the run forever.
  if (!stats.isFile()) return { path, reason: 'unreadable' };
  return sized(path, stats.size, maxFileSize);
}

/** A link is read only when it resolves to a regular file inside the root. */
function classifySymlink(
  absolute: string,
  realRoot: string,
  path: string,
  maxFileSize: number,
): WorkspaceFile | SkippedFile {
  try {
    const target = realpathSync(absolute);
    if (!isInside(realRoot, target)) return { path, reason: 'symlink' };
    const stats = statSync(target);
    if (!stats.isFile()) return { path, reason: 'symlink' };
    return sized(path, stats.size, maxFileSize);
  } catch {
    // Dangling links and loops.
    return { path, reason: 'symlink' };
  }
}

function sized(path: string, size: number, maxFileSize: number): WorkspaceFile | SkippedFile {
  return size > maxFileSize ? { path, reason: 'too-large', size } : { path, size };
}

function isInside(folder: string, target: string): boolean {
  return target.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
