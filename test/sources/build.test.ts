// The build path of scripts/build.mjs, exercised with a scratch entry that uses the sources layer
// (src/index.ts and src/cli.ts are built the same way by `npm run build`).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM build scripts have no type declarations
import { build, bundle, copyRules, copyWasm, withCommonJsGlobals } from '../../scripts/build.mjs';
// @ts-expect-error -- plain ESM build scripts have no type declarations
import { checkDist, dirtyFiles } from '../../scripts/check-dist.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const SOURCES = join(REPO, 'src/sources/index.ts');

const ENTRY = `
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSources } from ${JSON.stringify(SOURCES.replace(/\.ts$/, '.js'))};

const root = mkdtempSync(join(tmpdir(), 'hg-bundle-run-'));
const nb = { cells: [{ cell_type: 'code', source: ['%pip install x\\n', 'def f(:\\n'] }], nbformat: 4 };
writeFileSync(join(root, 'n.ipynb'), JSON.stringify(nb, null, 1));
const errors: unknown[] = [];
const sources = createSources(root, [{ path: 'n.ipynb', size: 0 }], {
  maxFileSize: 1 << 20,
  skipped: [],
  onParseError: (e) => errors.push(e),
});
const unit = sources.code('n.ipynb')!.units[0];
sources.tree(unit).then((tree) => {
  console.log(JSON.stringify({ root: tree?.rootNode.type, magics: unit.magics, errors }));
});
`;

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hg-build-test-'));
  // A package of its own: ESM, with a tsconfig for ncc's TypeScript loader.
  writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        verbatimModuleSyntax: true,
        esModuleInterop: true,
        typeRoots: [resolve(import.meta.dirname, '../../node_modules/@types')],
        types: ['node'],
      },
      files: ['entry.ts'],
    }),
  );
  writeFileSync(join(work, 'entry.ts'), ENTRY);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('build', () => {
  it('bundles an entry that runs tree-sitter from anywhere, deterministically', async () => {
    const out = join(work, 'dist');
    const written = await bundle(join(work, 'entry.ts'), out, 'index');
    await copyWasm(out);
    expect(written).toEqual(['index.js', 'index.licenses.txt', 'package.json']);
    const first = readFileSync(join(out, 'index.js'));
    expect(first.toString()).not.toContain(resolve(import.meta.dirname, '../..'));

    // Moved away from any node_modules, the bundle finds both wasm files beside itself.
    const moved = mkdtempSync(join(tmpdir(), 'hg-relocated-'));
    try {
      cpSync(out, moved, { recursive: true });
      const stdout = execFileSync(process.execPath, [join(moved, 'index.js')], {
        encoding: 'utf8',
      });
      const result = JSON.parse(stdout);
      expect(result.root).toBe('module');
      expect(result.magics).toEqual([
        { row: 0, kind: 'line', command: 'pip install x', column: 1 },
      ]);
      expect(result.errors).toEqual([
        {
          file: 'n.ipynb',
          line: 7, // `    "def f(:\n"` in the raw file: the missing ')' is before the ':'
          column: 12,
          message: "Python syntax error in cell 1, line 2: expected ')'",
        },
      ]);
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }

    await bundle(join(work, 'entry.ts'), out, 'index');
    expect(readFileSync(join(out, 'index.js')).equals(first)).toBe(true);
  }, 120_000);

  it('build() cleans the output folder and writes every entry plus the wasm files', async () => {
    const out = join(work, 'full');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'stale.js'), 'old');
    const files: string[] = await build({
      outDir: out,
      entries: [{ entry: join(work, 'entry.ts'), name: 'cli' }],
    });
    expect(files.filter((f) => !f.startsWith('rules/'))).toEqual([
      'cli.js',
      'cli.licenses.txt',
      'package.json',
      'tree-sitter-python.wasm',
      'web-tree-sitter.wasm',
    ]);
    expect(existsSync(join(out, 'stale.js'))).toBe(false);
    // The shipped packs and schemas the config loader reads beside the bundle.
    expect(files).toContain('rules/recommended.yml');
    for (const f of files.filter((f) => f.startsWith('rules/'))) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(REPO, f)))).toBe(true);
    }
    const licences = readFileSync(join(out, 'cli.licenses.txt'), 'utf8');
    expect(licences).toMatch(/\nweb-tree-sitter\nMIT\n/);
    expect(licences).toMatch(/\ntree-sitter-python\nMIT\n/);
  }, 120_000);

  it('copies only rules/*.yml packs and rules/schemas/*.json', async () => {
    const cwd = join(work, 'pkg');
    for (const f of [
      'rules/a.yml',
      'rules/b.yaml',
      'rules/notes.md',
      'rules/schemas/x.json',
      'rules/schemas/y.txt',
      'rules/examples/e.yml',
    ]) {
      mkdirSync(dirname(join(cwd, f)), { recursive: true });
      writeFileSync(join(cwd, f), f);
    }
    const out = join(work, 'rules-out');
    expect(await copyRules(out, { cwd })).toEqual([
      'rules/a.yml',
      'rules/b.yaml',
      'rules/schemas/x.json',
    ]);
    expect(readFileSync(join(out, 'rules/schemas/x.json'), 'utf8')).toBe('rules/schemas/x.json');
    expect(existsSync(join(out, 'rules/examples'))).toBe(false);
    expect(await copyRules(join(work, 'none'), { cwd: join(work, 'no-rules-here') })).toEqual([]);
  });

  it('defines __dirname and __filename for bundled CommonJS, after any shebang', () => {
    expect(withCommonJsGlobals('#!/usr/bin/env node\nrun();\n')).toMatch(
      /^#!\/usr\/bin\/env node\nimport \{ dirname as __hgDirname \}[\s\S]*const __dirname = [^\n]+\nrun\(\);\n$/,
    );
    expect(withCommonJsGlobals('run();')).toMatch(/^import [\s\S]*\nrun\(\);$/);
  });
});

describe('dist:check', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'hg-dist-check-'));
    git(dir, 'init', '-q');
    git(dir, 'config', 'user.email', 't@example.com');
    git(dir, 'config', 'user.name', 'test');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/index.js'), 'a\n');
    writeFileSync(join(dir, 'dist/old.js'), 'o\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'dist');
    return dir;
  }

  it('passes when a fresh build reproduces the committed dist/', async () => {
    const dir = repo();
    const log: string[] = [];
    const code = await checkDist({
      cwd: dir,
      rebuild: async () => writeFileSync(join(dir, 'dist/index.js'), 'a\n'),
      log: (m: string) => log.push(m),
      error: (m: string) => log.push(m),
    });
    expect(code).toBe(0);
    expect(log).toEqual(['dist/ matches a fresh build']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails and names every modified, new and deleted file', async () => {
    const dir = repo();
    const errors: string[] = [];
    const code = await checkDist({
      cwd: dir,
      rebuild: async () => {
        writeFileSync(join(dir, 'dist/index.js'), 'b\n');
        writeFileSync(join(dir, 'dist/new.wasm'), 'n');
        rmSync(join(dir, 'dist/old.js'));
      },
      log: () => {},
      error: (m: string) => errors.push(m),
    });
    expect(code).toBe(1);
    expect(errors[0]).toBe('dist/ differs from a fresh build in 3 file(s):');
    expect(errors.slice(1, 4).sort()).toEqual([
      '  dist/index.js (modified)',
      '  dist/new.wasm (not committed)',
      '  dist/old.js (deleted)',
    ]);
    expect(errors.join('\n')).toMatch(/Run `npm run build` and commit dist\//);
    expect(dirtyFiles(dir).length).toBe(3);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so when there is no git work tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-no-git-'));
    const errors: string[] = [];
    const code = await checkDist({
      cwd: dir,
      rebuild: async () => {},
      error: (m: string) => errors.push(m),
    });
    expect(code).toBe(2);
    expect(errors).toEqual(['dist:check needs a git work tree to compare against']);
    rmSync(dir, { recursive: true, force: true });
  });
});
