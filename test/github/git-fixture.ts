// Real git repositories for pull-request tests: an upstream with the base branch and a PR
// branch, and clones of it as actions/checkout makes them (shallow, one commit deep).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isolateGit, runGit, tempFolder, writeTree } from '../support/tree.js';

export interface PullRequestRepo {
  /** The upstream repository's folder (clone it with `file://`). */
  upstream: string;
  /** The PR's base commit (the base branch's tip). */
  baseSha: string;
  /** The commit the PR branched from. */
  forkPoint: string;
  headSha: string;
  /** Extra folders (clones) removed with `remove()`. */
  folders: string[];
  remove(): void;
}

export interface PullRequestSpec {
  /** Files on the base branch before the PR branched. */
  base: Record<string, string>;
  /** Files the PR writes (null deletes one). */
  head: Record<string, string | null>;
  /** Commits the base branch gains after the PR branched (so merge base ≠ base tip). */
  baseLater?: Record<string, string>;
  /** Extra commits on the PR branch before its final one (history to deepen through). */
  padding?: number;
}

export function pullRequestRepo(spec: PullRequestSpec): PullRequestRepo {
  isolateGit();
  const top = tempFolder('hg-pr');
  const upstream = join(top.path, 'upstream');
  writeTree(upstream, spec.base);
  runGit(upstream, ['init', '-q', '-b', 'main']);
  runGit(upstream, ['add', '-A']);
  runGit(upstream, ['commit', '-q', '-m', 'base']);
  const forkPoint = runGit(upstream, ['rev-parse', 'HEAD']).trim();
  runGit(upstream, ['checkout', '-q', '-b', 'feature']);
  for (let i = 0; i < (spec.padding ?? 0); i++) {
    writeTree(upstream, { 'notes/padding.txt': `step ${i}\n` });
    runGit(upstream, ['add', '-A']);
    runGit(upstream, ['commit', '-q', '-m', `padding ${i}`]);
  }
  const head = Object.entries(spec.head);
  writeTree(
    upstream,
    Object.fromEntries(head.filter((entry): entry is [string, string] => entry[1] !== null)),
  );
  for (const [path] of head.filter(([, content]) => content === null)) {
    rmSync(join(upstream, path));
  }
  runGit(upstream, ['add', '-A']);
  runGit(upstream, ['commit', '-q', '--allow-empty', '-m', 'pull request']);
  const headSha = runGit(upstream, ['rev-parse', 'HEAD']).trim();
  runGit(upstream, ['checkout', '-q', 'main']);
  if (spec.baseLater) {
    writeTree(upstream, spec.baseLater);
    runGit(upstream, ['add', '-A']);
    runGit(upstream, ['commit', '-q', '-m', 'base moves on']);
  }
  const baseSha = runGit(upstream, ['rev-parse', 'HEAD']).trim();
  // Serve unadvertised commits by id, as GitHub does for fetches by SHA.
  runGit(upstream, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const folders: string[] = [];
  return {
    upstream,
    baseSha,
    forkPoint,
    headSha,
    folders,
    remove: () => {
      top.remove();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** `git clone --depth 1 --branch feature file://…`: the PR head, one commit deep. */
export function shallowClone(repo: PullRequestRepo, branch = 'feature'): string {
  const dir = tempFolder('hg-clone');
  repo.folders.push(dir.path);
  const target = join(dir.path, 'work');
  runGit(dir.path, [
    'clone',
    '-q',
    '--depth',
    '1',
    '--branch',
    branch,
    `file://${repo.upstream}`,
    target,
  ]);
  return target;
}

/** A full clone of the PR branch. */
export function fullClone(repo: PullRequestRepo, branch = 'feature'): string {
  const dir = tempFolder('hg-clone');
  repo.folders.push(dir.path);
  const target = join(dir.path, 'work');
  runGit(dir.path, ['clone', '-q', '--branch', branch, `file://${repo.upstream}`, target]);
  return target;
}

export function isShallow(dir: string): boolean {
  return runGit(dir, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
}

export function hasCommit(dir: string, sha: string): boolean {
  try {
    runGit(dir, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}
