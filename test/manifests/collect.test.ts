// collectDeclarations / collectManifests over small repositories: discovery, includes,
// pip-tools pairs, templates and robustness.
import { describe, expect, it } from 'vitest';
import { collectDeclarations, collectManifests } from '../../src/manifests/index.js';
import { manifestKind } from '../../src/manifests/discover.js';
import { manifestContext, tempRepo } from './helpers.js';

describe('manifestKind', () => {
  it.each([
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['test_requirements.txt', 'requirements'],
    ['requirements/base.txt', 'requirements'],
    ['requirements/dev.in', 'requirements'],
    ['requirements.in', 'requirements'],
    ['deps/dev.in', 'requirements-in'],
    ['MANIFEST.in', undefined],
    ['Makefile.in', undefined],
    ['config.h.in', undefined],
    ['pyproject.toml', 'pyproject'],
    ['Pipfile', 'pipfile'],
    ['Pipfile.lock', 'lock'],
    ['uv.lock', 'lock'],
    ['pylock.dev.toml', 'lock'],
    ['environment.yml', 'yaml'],
    ['.github/workflows/ci.yaml', 'workflow'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.gpu', 'dockerfile'],
    ['Dockerfile-mlflow', 'dockerfile'],
    ['homework.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['scripts/run.sh', 'shell'],
    ['bin/bootstrap', 'shell-candidate'],
    ['LICENSE', undefined],
    ['nb.ipynb', 'notebook'],
    ['{{ cookiecutter.repo_name }}/pyproject.toml', undefined],
    ['{{cookiecutter.project}}/requirements.txt', undefined],
  ])('%s → %s', (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
  });
});

describe('collectDeclarations', () => {
  it('is computed once per run and shared between rules', async () => {
    const ctx = await manifestContext(tempRepo({ 'requirements.txt': 'pandas\n' }));
    const first = collectDeclarations(ctx);
    expect(collectDeclarations(ctx)).toBe(first);
    expect((await first).map((d) => [d.name, d.normalizedName, d.source, d.ecosystem])).toEqual([
      ['pandas', 'pandas', 'requirements', 'pypi'],
    ]);
  });

  it('follows -r into files with any name, and reports missing files and cycles as include problems', async () => {
    const root = tempRepo({
      'requirements.txt': '-r common/base.pip\n-r nowhere.txt\n-r ${EXTRA}/x.txt\n',
      'common/base.pip': 'numpy\n-r ../requirements.txt\n',
    });
    const index = await collectManifests(await manifestContext(root));
    expect(index.declarations.map((d) => `${d.file}:${d.line} ${d.name}`)).toEqual([
      'common/base.pip:1 numpy',
    ]);
    const problems = index.includeProblems
      .map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)
      .sort();
    expect(problems).toEqual([
      'common/base.pip:2:4 -r ../requirements.txt includes a file that is already being read (a cycle: requirements.txt → common/base.pip → requirements.txt)',
      'requirements.txt:2:4 -r nowhere.txt: nowhere.txt is not in the repository, so its dependencies cannot be checked',
    ]);
  });

  it('takes a pip-tools .in as pinned by its compiled .txt, and says so when the .txt misses a package', async () => {
    const root = tempRepo({
      'requirements.in': 'flask\nrich\n',
      'requirements.txt': 'flask==3.0.0 \\\n    --hash=sha256:abc\n',
    });
    const declarations = await collectDeclarations(await manifestContext(root));
    const flask = declarations.find((d) => d.file === 'requirements.in' && d.name === 'flask')!;
    expect(flask).toMatchObject({
      pinned: true,
      lockedBy: 'requirements.txt',
      version: '3.0.0',
      hashed: true,
    });
    expect(declarations.find((d) => d.name === 'rich')!.why).toMatch(
      /requirements\.txt \(compiled from this file\) does not pin it/,
    );
  });

  it('ignores .in files that are not requirements, and template folders', async () => {
    const root = tempRepo({
      'MANIFEST.in': 'include README.md\n',
      'deps/tool.in': 'recursive-include docs *\n',
      '{{ cookiecutter.repo_name }}/requirements.txt': 'pandas\n',
      'docs/notes.yml': 'dependencies:\n  - name: a\n    version: 1\n',
    });
    const ctx = await manifestContext(root);
    expect(await collectDeclarations(ctx)).toEqual([]);
    expect(ctx.parseErrors).toEqual([]);
  });

  it('reads an extensionless script only when its shebang names a shell', async () => {
    const root = tempRepo({
      'bin/setup': '#!/usr/bin/env bash\npip install a\n',
      'bin/notes': 'pip install b\n',
    });
    expect((await collectDeclarations(await manifestContext(root))).map((d) => d.name)).toEqual([
      'a',
    ]);
  });

  it('survives binary, empty and hostile files', async () => {
    const root = tempRepo({
      'requirements.txt': '\u0000\u0001binary',
      'requirements-empty.txt': '',
      'requirements-long.txt': `${'a'.repeat(200_000)}>=1\n${'-r '.repeat(5000)}\n${'\\\n'.repeat(5000)}pandas\n`,
      Dockerfile: `RUN ${'$('.repeat(2000)}\nRUN echo "${'\\"'.repeat(5000)}\nFROM a\n`,
      'pyproject.toml': `[project]\ndependencies = [${'['.repeat(3000)}\n`,
      'environment.yml': `dependencies:\n${'  - [\n'.repeat(200)}`,
    });
    const ctx = await manifestContext(root);
    const index = await collectManifests(ctx);
    expect(index.declarations.map((d) => d.name)).toEqual(expect.arrayContaining(['pandas', 'a']));
    expect(ctx.parseErrors.map((e) => e.file).sort()).toEqual([
      'environment.yml',
      'pyproject.toml',
    ]);
    expect(index.includeProblems.every((p) => p.file === 'requirements-long.txt')).toBe(true);
  });
});

describe('entries of one file are installed together', () => {
  it('an exact pin of the same package pins its range and bare siblings, unless markers or a conflict differ', async () => {
    const root = tempRepo({
      'requirements.txt':
        'mkdocstrings==0.21.2\nmkdocstrings[python]>=0.18\nnumpy==1.26.4; python_version < "3.9"\nnumpy>=1.26\ntorch==2.1.0\ntorch>=2.2\n',
    });
    const declarations = await collectDeclarations(await manifestContext(root));
    expect(declarations.map((d) => `${d.line} ${d.name} ${d.pinned}`)).toEqual([
      '1 mkdocstrings true',
      '2 mkdocstrings true',
      '3 numpy true',
      '4 numpy false',
      '5 torch true',
      '6 torch false',
    ]);
  });
});

describe('the interpreter is not a declared distribution', () => {
  it('collectDeclarations leaves out conda python, collectManifests keeps it for the pinning rule', async () => {
    const ctx = await manifestContext(
      tempRepo({ 'environment.yml': 'dependencies:\n  - python=3.11\n  - numpy\n' }),
    );
    expect((await collectDeclarations(ctx)).map((d) => d.name)).toEqual(['numpy']);
    expect((await collectManifests(ctx)).declarations.map((d) => d.name)).toEqual([
      'python',
      'numpy',
    ]);
  });
});
