// Fixture repositories with history: the base state committed first, the PR's changes second,
// so a rule can compare the head against the base revision like it does on a pull request.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit, writeTree } from '../../support/tree.js';

export interface FixtureRepo {
  root: string;
  /** The base commit (before the PR's changes). */
  base: string;
  head: string;
  cleanup(): void;
}

function git(root: string, args: string[]): string {
  return runGit(root, args).trim();
}

/** Commit `base/` then overlay `head/` (plus any generated files) and commit again. */
export function makeRepo(
  fixture: string,
  extraHead: Record<string, Buffer | string> = {},
): FixtureRepo {
  const root = mkdtempSync(join(tmpdir(), 'handoff-contract-'));
  cpSync(join(fixture, 'base'), root, { recursive: true });
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'base']);
  const base = git(root, ['rev-parse', 'HEAD']);
  cpSync(join(fixture, 'head'), root, { recursive: true });
  writeTree(root, extraHead);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'head']);
  return {
    root,
    base,
    head: git(root, ['rev-parse', 'HEAD']),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
