// Changed lines from git in the checkout, in full and shallow clones: the base commit and enough
// history for a merge base are fetched, and the diff is the PR's three-dot diff.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitChangedLines } from '../../src/workspace/changed.js';
import {
  ensureCommit,
  ensureMergeBase,
  readRegularFileAtRevision,
  treeEntryAtRevision,
} from '../../src/workspace/git.js';
import { runGit } from '../support/tree.js';
import {
  fullClone,
  hasCommit,
  isShallow,
  pullRequestRepo,
  shallowClone,
  type PullRequestRepo,
} from './git-fixture.js';

const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `${tag}${i + 1}`).join('\n') + '\n';

let repo: PullRequestRepo;

beforeAll(() => {
  repo = pullRequestRepo({
    base: { 'src/a.py': lines(10, 'a'), 'src/keep.py': 'k\n', 'src/gone.py': 'g\n' },
    head: {
      // lines 3 and 8 edited, one line inserted after 10
      'src/a.py': lines(10, 'a').replace('a3\n', 'A3\n').replace('a8\n', 'A8\n') + 'a11\n',
      'src/new.py': 'n1\nn2\n',
      'src/gone.py': null,
    },
    baseLater: { 'src/keep.py': 'k\nk2\n', 'base-only.py': 'x\n' },
    padding: 3,
  });
});
afterAll(() => repo.remove());

const asObject = (changed: Map<string, Set<number> | 'all'>) =>
  Object.fromEntries(
    [...changed].map(([k, v]) => [k, v === 'all' ? v : [...v].sort((a, b) => a - b)]),
  );

// The padding commits are part of the PR too: their file is new (one line).
const EXPECTED = { 'src/a.py': [3, 8, 11], 'src/new.py': [1, 2], 'notes/padding.txt': [1] };

describe('gitChangedLines', () => {
  it('is the three-dot diff in a full clone: base-only commits do not count', async () => {
    const dir = fullClone(repo);
    runGit(dir, ['fetch', '-q', 'origin', 'main']);
    const { changed, mergeBase } = await gitChangedLines(dir, { base: repo.baseSha });
    expect(mergeBase).toBe(repo.forkPoint);
    expect(asObject(changed)).toEqual(EXPECTED);
    expect(isShallow(dir)).toBe(false);
  });

  it('fetches the base and deepens a shallow clone until the merge base exists', async () => {
    const dir = shallowClone(repo);
    expect(hasCommit(dir, repo.baseSha)).toBe(false);
    const fetched: string[] = [];
    const { changed, mergeBase } = await gitChangedLines(dir, {
      base: repo.baseSha,
      depth: 1,
      onFetch: (what) => fetched.push(what),
    });
    expect(mergeBase).toBe(repo.forkPoint);
    expect(asObject(changed)).toEqual(EXPECTED);
    expect(fetched[0]).toBe(`git fetch --depth=1 origin ${repo.baseSha}`);
    expect(fetched.slice(1).every((f) => f.startsWith('git fetch --deepen='))).toBe(true);
    expect(fetched.length).toBeGreaterThan(1); // deepened step by step, never unshallowed
  });

  it('diffs a merge-commit checkout (refs/pull/N/merge) against its base parent', async () => {
    // GitHub checks out a merge of the PR head into the base tip, one commit deep.
    runGit(repo.upstream, ['checkout', '-q', '-b', 'pull-merge', 'main']);
    runGit(repo.upstream, ['merge', '-q', '--no-ff', '--no-edit', 'feature']);
    runGit(repo.upstream, ['checkout', '-q', 'main']);
    const dir = shallowClone(repo, 'pull-merge');
    const { changed, mergeBase } = await gitChangedLines(dir, { base: repo.baseSha, depth: 1 });
    expect(mergeBase).toBe(repo.baseSha);
    expect(asObject(changed)).toEqual(EXPECTED);
  });

  it('counts uncommitted edits and untracked files in worktree mode', async () => {
    const dir = fullClone(repo);
    writeFileSync(join(dir, 'src/keep.py'), 'k\nlocal\n');
    writeFileSync(join(dir, 'scratch.py'), 'x\n');
    const { changed } = await gitChangedLines(dir, { base: repo.forkPoint, worktree: true });
    expect(asObject(changed)).toMatchObject({
      ...EXPECTED,
      'src/keep.py': [2],
      'scratch.py': 'all',
    });
  });

  it('fails clearly when the base cannot be fetched', async () => {
    const dir = shallowClone(repo);
    await expect(gitChangedLines(dir, { base: 'f'.repeat(40) })).rejects.toThrow(
      /no common history/,
    );
  });
});

describe('history helpers', () => {
  it('ensureCommit fetches a missing commit without making a full clone shallow', async () => {
    const dir = fullClone(repo);
    expect(hasCommit(dir, repo.baseSha)).toBe(true); // fetched with the clone
    expect(await ensureCommit(dir, repo.baseSha)).toBe(true);
    expect(isShallow(dir)).toBe(false);
    const shallow = shallowClone(repo);
    expect(await ensureCommit(shallow, repo.baseSha)).toBe(true);
    expect(hasCommit(shallow, repo.baseSha)).toBe(true);
    expect(await ensureCommit(shallow, 'e'.repeat(40))).toBe(false);
  });

  it('ensureMergeBase unshallows as a last resort', async () => {
    const dir = shallowClone(repo);
    const fetched: string[] = [];
    const base = await ensureMergeBase(dir, repo.baseSha, 'HEAD', {
      depth: 1,
      rounds: 0,
      onFetch: (what) => fetched.push(what),
    });
    expect(base).toBe(repo.forkPoint);
    expect(fetched.at(-1)).toBe('git fetch --unshallow origin');
    expect(isShallow(dir)).toBe(false);
  });

  it('reads a regular file at a revision, refusing links and oversized files', async () => {
    const dir = fullClone(repo);
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(5000));
    symlinkSync('/etc/hostname', join(dir, 'link.yml'));
    runGit(dir, ['add', 'big.txt', 'link.yml']);
    runGit(dir, ['commit', '-q', '-m', 'big and a link']);
    await expect(readRegularFileAtRevision(dir, 'HEAD', 'link.yml', 1000)).rejects.toThrow(
      /symbolic link/,
    );
    expect(await readRegularFileAtRevision(dir, 'HEAD', 'src/a.py', 1000)).toContain('A3');
    expect(await readRegularFileAtRevision(dir, 'HEAD', 'missing.py', 1000)).toBeUndefined();
    await expect(readRegularFileAtRevision(dir, 'HEAD', 'big.txt', 1000)).rejects.toThrow(
      /5000 bytes; the limit is 1000/,
    );
    await expect(readRegularFileAtRevision(dir, 'HEAD', 'src', 1000)).rejects.toThrow(/folder/);
    expect(await treeEntryAtRevision(dir, 'HEAD', 'src/a.py')).toMatchObject({
      mode: '100644',
      type: 'blob',
    });
  });
});
