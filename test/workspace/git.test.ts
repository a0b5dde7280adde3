import { realpathSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GitError,
  gitTopLevel,
  isGitWorkTree,
  listGitFiles,
  readFileAtRevision,
  revisionExists,
} from '../../src/workspace/git.js';
import { initRepository, isolateGit, runGit, tempFolder, writeTree } from '../support/tree.js';

let repo: { path: string; remove: () => void };
let plain: { path: string; remove: () => void };
let first: string;

beforeAll(() => {
  isolateGit();
  repo = tempFolder('hg-git');
  plain = tempFolder('hg-plain');
  writeTree(repo.path, {
    '.gitignore': '*.pkl\n',
    'model/train.py': 'v1\n',
    'model/schema.json': '{"type": "object"}\n',
    'README.md': '# x\n',
  });
  first = initRepository(repo.path);
  writeTree(repo.path, { 'model/train.py': 'v2\n', 'model/new.py': '', 'weights.pkl': 'x' });
  runGit(repo.path, ['add', '-A']);
  runGit(repo.path, ['commit', '-q', '-m', 'second']);
  unlinkSync(join(repo.path, 'README.md'));
  writeTree(repo.path, { 'model/untracked.py': '' });
});

afterAll(() => {
  repo.remove();
  plain.remove();
});

describe('isGitWorkTree / gitTopLevel', () => {
  it('tells a work tree from a plain folder', async () => {
    expect(await isGitWorkTree(repo.path)).toBe(true);
    expect(await isGitWorkTree(join(repo.path, 'model'))).toBe(true);
    expect(await isGitWorkTree(plain.path)).toBe(false);
    expect(await isGitWorkTree(join(plain.path, 'missing'))).toBe(false);
  });

  it('finds the top level from a subfolder', async () => {
    expect(await gitTopLevel(join(repo.path, 'model'))).toBe(realpathSync(repo.path));
    expect(await gitTopLevel(plain.path)).toBeUndefined();
  });
});

describe('listGitFiles', () => {
  it('lists tracked and untracked files, without ignored ones, sorted', async () => {
    expect(await listGitFiles(repo.path)).toEqual([
      '.gitignore',
      'README.md', // deleted on disk but still in the index: discover drops it after stat
      'model/new.py',
      'model/schema.json',
      'model/train.py',
      'model/untracked.py',
    ]);
  });

  it('lists paths relative to a subfolder root', async () => {
    expect(await listGitFiles(join(repo.path, 'model'))).toEqual([
      'new.py',
      'schema.json',
      'train.py',
      'untracked.py',
    ]);
  });

  it('rejects outside a repository', async () => {
    await expect(listGitFiles(plain.path)).rejects.toBeInstanceOf(GitError);
  });
});

describe('readFileAtRevision', () => {
  it('reads a file at HEAD and at an older commit', async () => {
    expect(await readFileAtRevision(repo.path, 'HEAD', 'model/train.py')).toBe('v2\n');
    expect(await readFileAtRevision(repo.path, first, 'model/train.py')).toBe('v1\n');
    expect(await readFileAtRevision(repo.path, 'HEAD~1', 'README.md')).toBe('# x\n');
  });

  it('resolves paths from a subfolder root', async () => {
    expect(await readFileAtRevision(join(repo.path, 'model'), first, 'schema.json')).toBe(
      '{"type": "object"}\n',
    );
  });

  it('returns undefined for a path absent at that revision, or a folder', async () => {
    expect(await readFileAtRevision(repo.path, first, 'model/new.py')).toBeUndefined();
    expect(await readFileAtRevision(repo.path, 'HEAD', 'model/untracked.py')).toBeUndefined();
    expect(await readFileAtRevision(repo.path, 'HEAD', 'model')).toBeUndefined();
    expect(await readFileAtRevision(repo.path, 'HEAD', '../outside.py')).toBeUndefined();
  });

  it('throws for a revision the repository does not have, or one that looks like an option', async () => {
    await expect(readFileAtRevision(repo.path, 'no-such-branch', 'a.py')).rejects.toBeInstanceOf(
      GitError,
    );
    await expect(readFileAtRevision(repo.path, '--output=/tmp/x', 'a.py')).rejects.toThrow(
      /invalid git revision/,
    );
    expect(await revisionExists(repo.path, first)).toBe(true);
    expect(await revisionExists(repo.path, 'deadbeef')).toBe(false);
  });
});
