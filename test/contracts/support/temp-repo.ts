// Small repositories written from a file map, optionally with a second commit: for tests that
// need one special case rather than a whole fixture repository.
import { rmSync } from 'node:fs';
import { runGit, tempTree, writeTree } from '../../support/tree.js';

export type Files = Record<string, string | Buffer>;

function git(root: string, args: string[]): string {
  return runGit(root, args).trim();
}

export interface TempRepo {
  root: string;
  base?: string;
  cleanup(): void;
}

/** A repository with `base` committed and `head` (when given) committed on top. */
export function tempRepo(base: Files, head?: Files): TempRepo {
  const root = tempTree('handoff-temp', base);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'base']);
  const repo: TempRepo = { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
  if (head) {
    repo.base = git(root, ['rev-parse', 'HEAD']);
    writeTree(root, head);
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'head']);
  }
  return repo;
}
