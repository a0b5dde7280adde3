import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/manifests/index.js';
import { classifyPoetryConstraint } from '../../src/manifests/poetry-constraint.js';
import { parsePyproject } from '../../src/manifests/pyproject.js';
import { TomlLocator } from '../../src/manifests/toml-locator.js';
import { manifestContext, tempRepo } from './helpers.js';

const PEER = join(__dirname, '../fixtures/manifests/peer/pyproject');

function read(path: string) {
  const text = readFileSync(join(PEER, path), 'utf8');
  return parsePyproject(path, parse(text) as Record<string, unknown>, new TomlLocator(text));
}

const row = (d: {
  line: number;
  name: string;
  group?: string;
  pinned: boolean;
  source: string;
}) => [d.line, d.name, d.group ?? '', d.pinned, d.source];

describe('parsePyproject on peer fixtures', () => {
  it('reads PEP 621 dependencies, optional groups and PEP 735 groups with their lines (deptry pep_621)', () => {
    const result = read('deptry/tests/fixtures/pep_621/pyproject.toml');
    expect(result.projectName).toBe('foo');
    expect(result.declarations.map(row)).toEqual([
      [6, 'arrow', '', true, 'pyproject'],
      [7, 'asyncio', '', true, 'pyproject'],
      [8, 'click', '', true, 'pyproject'],
      [9, 'isort', '', true, 'pyproject'],
      [10, 'pkginfo', '', true, 'pyproject'],
      [11, 'requests', '', true, 'pyproject'],
      [12, 'urllib3', '', true, 'pyproject'],
      [17, 'black', 'dev', true, 'pyproject'],
      [18, 'mypy', 'dev', true, 'pyproject'],
      [20, 'pytest', 'test', true, 'pyproject'],
      [21, 'matplotlib', 'plot', true, 'pyproject'],
      [24, 'certifi', 'foo', true, 'pyproject'],
      [25, 'idna', 'bar', true, 'pyproject'],
      [26, 'packaging', 'all', true, 'pyproject'],
    ]);
  });

  it('reads Poetry tables: caret ranges, git branches and dev groups, and skips `python` (poetry-core complete.toml)', () => {
    const result = read('poetry-core/tests/fixtures/complete.toml');
    expect(result.declarations.some((d) => d.name === 'python')).toBe(false);
    const cleo = result.declarations.find((d) => d.name === 'cleo')!;
    expect(cleo.pinned).toBe(false);
    expect(cleo.why).toMatch(/branch main/);
    const toml = result.declarations.find((d) => d.name === 'toml')!;
    expect([toml.line, toml.pinned, toml.specifier]).toEqual([28, false, '^0.9']);
    expect(result.declarations.filter((d) => d.group === 'dev').map((d) => d.name)).toEqual([
      'pytest',
      'pytest-cov',
    ]);
  });

  it('takes Poetry bare versions and deptry exact pins as pinned', () => {
    const result = read('deptry/tests/fixtures/poetry/pyproject.toml');
    expect(result.declarations.length).toBeGreaterThan(3);
    expect(result.declarations.every((d) => d.pinned)).toBe(true);
  });

  it('reads a PEP 735 include-group cycle without looping', () => {
    const result = read(
      'poetry-core/tests/fixtures/project_with_dependency_groups_simple_cycle/pyproject.toml',
    );
    expect(result.declarations.map((d) => d.name).sort()).toEqual(['coverage', 'pytest']);
  });

  it('treats multiple-constraint lists and URL wheels like Poetry does', () => {
    const result = read(
      'poetry-core/tests/fixtures/project_with_markers_and_extras/pyproject.toml',
    );
    const orjson = result.declarations.find((d) => d.name === 'orjson')!;
    expect(orjson.pinned).toBe(true);
  });
});

describe('classifyPoetryConstraint', () => {
  it.each([
    ['1.2.3', true],
    ['==1.2.3', true],
    ['=1.2.3', true],
    ['^1.2.3', false],
    ['~1.2', false],
    ['~=1.2', false],
    ['*', false],
    ['>=1,<2', false],
    ['>=1 <2', false],
    ['1.2.*', false],
    ['1.0 || 2.0', false],
    ['latest', false],
  ])('%s pinned=%s', (constraint, pinned) => {
    expect(classifyPoetryConstraint(constraint).pinned).toBe(pinned);
  });
});

describe('locks beside pyproject.toml', () => {
  it('a poetry.lock pins the ranges it lists and is stale for one it misses (deptry example + an extra entry)', async () => {
    const root = tempRepo({
      'pyproject.toml':
        '[tool.poetry]\nname = "demo"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2.31.0"\npandas = ">=2"\n',
      'poetry.lock': '[[package]]\nname = "requests"\nversion = "2.31.0"\n',
    });
    const index = await collectManifests(await manifestContext(root));
    const byName = Object.fromEntries(index.declarations.map((d) => [d.name, d]));
    expect(byName['requests']).toMatchObject({
      pinned: true,
      lockedBy: 'poetry.lock',
      version: '2.31.0',
    });
    expect(byName['pandas']).toMatchObject({ pinned: false });
    expect(byName['pandas']!.why).toMatch(/poetry\.lock beside it does not lock pandas/);
    expect(index.lockable).toEqual([
      { file: 'pyproject.toml', kind: 'pyproject', line: 6, dependencies: 2, lock: 'poetry.lock' },
    ]);
  });

  it('the peer uv.lock and pdm.lock fixtures lock every declared dependency', async () => {
    for (const fixture of ['uv', 'pdm', 'example']) {
      const index = await collectManifests(
        await manifestContext(join(PEER, 'deptry/tests/fixtures', fixture)),
      );
      const own = index.declarations.filter((d) => d.file === 'pyproject.toml');
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((d) => !d.lockedBy).map((d) => d.name)).toEqual([]);
    }
  });

  it('a uv workspace member is locked by the root uv.lock that lists it', async () => {
    const root = tempRepo({
      'pyproject.toml':
        '[project]\nname = "root"\ndependencies = []\n[tool.uv.workspace]\nmembers = ["pkgs/*"]\n',
      'uv.lock':
        '[[package]]\nname = "member"\nversion = "0.1.0"\n[[package]]\nname = "numpy"\nversion = "2.0.0"\n',
      'pkgs/member/pyproject.toml': '[project]\nname = "member"\ndependencies = ["numpy>=2"]\n',
    });
    const index = await collectManifests(await manifestContext(root));
    expect(index.declarations.find((d) => d.name === 'numpy')).toMatchObject({
      pinned: true,
      lockedBy: 'uv.lock',
    });
  });
});
