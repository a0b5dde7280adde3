import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discoverWorkspace } from '../../src/workspace/discover.js';
import { initRepository, isolateGit, runGit, tempFolder, writeTree } from '../support/tree.js';

const MiB = 1024 * 1024;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
beforeAll(isolateGit);

function folder(files: Record<string, string | number> = {}): string {
  const temp = tempFolder('hg-discover');
  cleanups.push(temp.remove);
  writeTree(temp.path, files);
  return temp.path;
}

const paths = (result: { files: { path: string }[] }) => result.files.map((file) => file.path);

describe('discoverWorkspace outside git (walk)', () => {
  it('lists files sorted, with sizes, and uses the walk', async () => {
    const root = folder({ 'b.py': 'x = 1\n', 'a/z.py': '', 'a/b.ipynb': '{}' });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(result.lister).toBe('walk');
    expect(result.files).toEqual([
      { path: 'a/b.ipynb', size: 2 },
      { path: 'a/z.py', size: 0 },
      { path: 'b.py', size: 6 },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('honours every .gitignore with patterns relative to its own folder', async () => {
    const root = folder({
      '.gitignore': '*.log\n/data/\n',
      'data/raw.csv': 'a,b\n',
      'src/data/loader.py': '',
      'src/run.log': '',
      'src/.gitignore': 'secrets.py\n/local/\n!keep.log\n',
      'src/secrets.py': '',
      'src/local/x.py': '',
      'src/keep.log': '',
      'src/deep/local/y.py': '',
      'other/secrets.py': '',
    });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual([
      '.gitignore',
      'other/secrets.py',
      'src/.gitignore',
      'src/data/loader.py',
      'src/deep/local/y.py',
      'src/keep.log',
    ]);
  });

  it('applies .git/info/exclude below the .gitignore files', async () => {
    const root = folder({
      '.git/info/exclude': 'scratch/\n*.tmp\n',
      '.gitignore': '!keep.tmp\n',
      'scratch/a.py': '',
      'x.tmp': '',
      'keep.tmp': '',
      'main.py': '',
    });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['.gitignore', 'keep.tmp', 'main.py']);
  });

  it('never reads .git, virtualenvs or caches, and recognises a venv by pyvenv.cfg', async () => {
    const root = folder({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.venv/lib/x.py': '',
      'myenv/pyvenv.cfg': 'home = /usr/bin\n',
      'myenv/lib/python3.11/site-packages/pkg.py': '',
      'condaenv/conda-meta/history': '',
      'condaenv/lib/os.py': '',
      'src/__pycache__/m.pyc': '',
      'pkg.egg-info/PKG-INFO': '',
      'dist/pkg-1.0.tar.gz': 10,
      'build/Dockerfile': 'FROM python:3.11\n',
      'src/m.py': '',
    });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['build/Dockerfile', 'src/m.py']);
  });

  it('applies include and exclude globs', async () => {
    const root = folder({
      'src/a.py': '',
      'src/legacy/b.py': '',
      'src/c.txt': '',
      'notebooks/n.ipynb': '',
      'README.md': '',
    });
    const result = await discoverWorkspace(root, {
      maxFileSize: MiB,
      include: ['src/**', '*.ipynb'],
      exclude: ['legacy/', '*.txt'],
    });
    expect(paths(result)).toEqual(['notebooks/n.ipynb', 'src/a.py']);
  });

  it('re-includes with a ! exclude even inside an excluded folder', async () => {
    const root = folder({ 'data/raw.csv': '', 'data/schema.json': '{}', 'main.py': '' });
    const result = await discoverWorkspace(root, {
      maxFileSize: MiB,
      exclude: ['data/', '!data/schema.json'],
    });
    expect(paths(result)).toEqual(['data/schema.json', 'main.py']);
  });

  it('lists files over the size cap as skipped, with their size, and never in files', async () => {
    const root = folder({ 'big.csv': 2048, 'small.py': 10, 'edge.py': 1024 });
    const result = await discoverWorkspace(root, { maxFileSize: 1024 });
    expect(paths(result)).toEqual(['edge.py', 'small.py']);
    expect(result.skipped).toEqual([{ path: 'big.csv', reason: 'too-large', size: 2048 }]);
  });

  it('follows no symbolic link out of the root', async () => {
    const outside = folder({ 'secret.txt': 'token' });
    const root = folder({ 'real/config.yml': 'a: 1\n', 'real/sub/x.py': '' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    symlinkSync(outside, join(root, 'leakdir'));
    symlinkSync(join(root, 'real/config.yml'), join(root, 'alias.yml'));
    symlinkSync(join(root, 'real/sub'), join(root, 'subdir'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.py'));
    symlinkSync('loop.py', join(root, 'loop.py'));
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(result.files).toEqual([
      { path: 'alias.yml', size: 5 },
      { path: 'real/config.yml', size: 5 },
      { path: 'real/sub/x.py', size: 0 },
    ]);
    expect(result.skipped).toEqual([
      { path: 'dangling.py', reason: 'symlink' },
      { path: 'leak.txt', reason: 'symlink' },
      { path: 'leakdir', reason: 'symlink' },
      { path: 'loop.py', reason: 'symlink' },
      { path: 'subdir', reason: 'symlink' },
    ]);
  });

  it('skips FIFOs instead of blocking on them', async () => {
    const root = folder({ 'a.py': '' });
    execFileSync('mkfifo', [join(root, 'pipe.py')]);
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['a.py']);
    expect(result.skipped).toEqual([{ path: 'pipe.py', reason: 'unreadable' }]);
  });

  it('reports a folder it cannot read and goes on', async () => {
    if (process.getuid?.() === 0) return; // root reads everything; nothing to observe
    const root = folder({ 'locked/a.py': '', 'ok.py': '' });
    execFileSync('chmod', ['000', join(root, 'locked')]);
    cleanups.push(() => execFileSync('chmod', ['755', join(root, 'locked')]));
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['ok.py']);
    expect(result.skipped).toEqual([{ path: 'locked', reason: 'unreadable' }]);
  });

  it('survives hostile .gitignore files (binary, odd patterns, oversized)', async () => {
    const root = folder({
      '.gitignore': '\0\0\xff[\n\\\n!\n[z-a]\n',
      // Too large to be a real ignore file: not read, so a.py stays listed.
      'sub/.gitignore': `a.py\n${'#'.repeat(2 * MiB)}\n`,
      'sub/a.py': '',
    });
    const result = await discoverWorkspace(root, { maxFileSize: 4 * MiB });
    expect(paths(result)).toEqual(['.gitignore', 'sub/.gitignore', 'sub/a.py']);
  });

  it('rejects a root that is not a folder, and a non-positive size cap', async () => {
    const root = folder({ 'file.txt': '' });
    await expect(discoverWorkspace(join(root, 'file.txt'), { maxFileSize: MiB })).rejects.toThrow(
      /is not a directory/,
    );
    await expect(discoverWorkspace(join(root, 'missing'), { maxFileSize: MiB })).rejects.toThrow(
      /cannot be read/,
    );
    await expect(discoverWorkspace(root, { maxFileSize: 0 })).rejects.toThrow(RangeError);
  });
});

describe('discoverWorkspace in a git work tree', () => {
  it('lists tracked and untracked files, not ignored ones, and drops files deleted on disk', async () => {
    const root = folder({
      '.gitignore': 'data/\n*.pkl\n',
      'src/train.py': '',
      'src/gone.py': '',
      'data/raw.csv': '',
    });
    initRepository(root);
    writeTree(root, { 'src/new.py': 'new\n', 'model.pkl': 'x', 'data/more.csv': '' });
    unlinkSync(join(root, 'src/gone.py'));
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(result.lister).toBe('git');
    expect(paths(result)).toEqual(['.gitignore', 'src/new.py', 'src/train.py']);
  });

  it('keeps a tracked file even when a pattern ignores it, as git does', async () => {
    const root = folder({ 'notes/keep.md': '', 'main.py': '' });
    initRepository(root);
    writeTree(root, { '.gitignore': 'notes/\n' });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['.gitignore', 'main.py', 'notes/keep.md']);
  });

  it('keeps paths relative to a root inside the repository', async () => {
    const root = folder({ 'service/app/api.py': '', 'service/req.txt': '', 'other/x.py': '' });
    initRepository(root);
    const result = await discoverWorkspace(join(root, 'service'), { maxFileSize: MiB });
    expect(paths(result)).toEqual(['app/api.py', 'req.txt']);
  });

  it('applies default excludes to committed virtualenvs and build output', async () => {
    const root = folder({
      'venv/lib/x.py': '',
      'tools/env/pyvenv.cfg': '',
      'tools/env/lib/y.py': '',
      'dist/pkg-1.0-py3-none-any.whl': 'zip',
      'dist/notes.txt': '',
      'app.py': '',
    });
    initRepository(root);
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['app.py']);
  });

  it('lists names with spaces, quotes and non-ASCII characters exactly', async () => {
    const root = folder({ 'données/ñ "q".py': '', 'a b/c.py': '' });
    initRepository(root);
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['a b/c.py', 'données/ñ "q".py']);
  });

  it('skips a tracked symlink that leaves the root and a submodule-like nested repo', async () => {
    const outside = folder({ 'secret.txt': 'x' });
    const root = folder({ 'main.py': '' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    initRepository(root);
    const nested = join(root, 'vendor/lib');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'x.py'), '');
    initRepository(nested);
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(paths(result)).toEqual(['main.py']);
    expect(result.skipped).toEqual([{ path: 'link.txt', reason: 'symlink' }]);
  });

  it('walks a folder git ignores when asked to scan it directly', async () => {
    const root = folder({ '.gitignore': 'scratch/\n', 'main.py': '' });
    initRepository(root);
    writeTree(root, {
      'scratch/try.py': '',
      'scratch/.gitignore': '*.out\n',
      'scratch/run.out': '',
    });
    expect(paths(await discoverWorkspace(root, { maxFileSize: MiB }))).toEqual([
      '.gitignore',
      'main.py',
    ]);
    const scratch = await discoverWorkspace(join(root, 'scratch'), { maxFileSize: MiB });
    expect(scratch.lister).toBe('walk');
    expect(paths(scratch)).toEqual(['.gitignore', 'try.py']);
  });

  it('falls back to the walk when the folder stops being a repository', async () => {
    const root = folder({ '.gitignore': 'x.log\n', 'a.py': '', 'x.log': '' });
    initRepository(root);
    rmSync(join(root, '.git'), { recursive: true });
    const result = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(result.lister).toBe('walk');
    expect(paths(result)).toEqual(['.gitignore', 'a.py']);
    runGit(root, ['init', '-q']);
    const again = await discoverWorkspace(root, { maxFileSize: MiB });
    expect(again.lister).toBe('git');
    expect(paths(again)).toEqual(['.gitignore', 'a.py']);
  });
});
