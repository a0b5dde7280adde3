// The indexed DeclarationScopes (per-folder caches, precomputed candidates) must answer exactly
// what the scoping rules say when applied file by file, the obvious way, for any repository.
import fc from 'fast-check';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Declaration, DeclarationSource } from '../../src/manifests/model.js';
import { DeclarationScopes, pypiNamesOf } from '../../src/python-env/declared.js';
import { normalizeDistribution } from '../../src/python-env/distributions.js';

const ENV = ['docker', 'conda', 'env', 'envs', 'environment', 'environments', 'requirements'];
const ENV_ALL = [...ENV, 'deploy', 'deployment', 'binder', '.devcontainer'];
const PREFERENCE: DeclarationSource[] = [
  'requirements',
  'pyproject',
  'poetry',
  'pipfile',
  'conda',
  'conda-pip',
  'setup.cfg',
  'setup.py',
  'dockerfile',
  'shell',
];
const DEV = /(^|[-_./])(dev|devel|develop|test|tests|testing|lint|docs?|ci)([-_.]|$)/i;

const folderOf = (path: string) => (posix.dirname(path) === '.' ? '' : posix.dirname(path));

/** The rules of declared.ts, applied to one file at a time with no index. */
function reference(declarations: Declaration[], opaque: Set<string>) {
  type Named = { name: string; declaration: Declaration };
  const named = (d: Declaration): Named[] =>
    pypiNamesOf(d).map((name) => ({ name, declaration: d }));
  const usable = declarations.filter((d) => d.source !== 'lock' && named(d).length > 0);
  const fileScoped = usable.filter((d) => d.source === 'notebook' || d.source === 'pep723');
  const repoScoped = usable.filter((d) => d.source === 'workflow');
  const folderScoped = usable.filter((d) => !fileScoped.includes(d) && !repoScoped.includes(d));
  const chainFolders = (file: string) => {
    const out: string[] = [];
    for (let dir = folderOf(file); ; dir = folderOf(dir)) {
      out.push(dir, ...ENV_ALL.map((env) => (dir ? `${dir}/${env}` : env)));
      if (dir === '') return out;
    }
  };
  const chain = (file: string) =>
    chainFolders(file).flatMap((dir) => folderScoped.filter((d) => folderOf(d.file) === dir));
  const project = (file: string) => (chain(file).length > 0 ? chain(file) : folderScoped);
  return {
    hasManifest: folderScoped.length > 0 || repoScoped.length > 0,
    governing: (file: string) =>
      [...project(file), ...repoScoped, ...fileScoped.filter((d) => d.file === file)].flatMap(
        named,
      ),
    opaqueGoverning: (file: string) =>
      [...opaque].sort().filter((m) => project(file).some((d) => d.file === m)),
    declaredAnywhere: (name: string) => {
      const byFile = [...new Set(fileScoped.map((d) => d.file))].flatMap((f) =>
        fileScoped.filter((d) => d.file === f),
      );
      return [...folderScoped, ...repoScoped, ...byFile]
        .flatMap(named)
        .filter((n) => n.name === name);
    },
    nearestManifest: (file: string) => {
      const firstSource = new Map<string, DeclarationSource>();
      for (const d of project(file))
        if (!firstSource.has(d.file)) firstSource.set(d.file, d.source);
      const parts = (path: string) => folderOf(path).split('/').filter(Boolean);
      const distance = (a: string, b: string) => {
        const [x, y] = [parts(a), parts(b)];
        let common = 0;
        while (common < x.length && common < y.length && x[common] === y[common]) common++;
        return x.length + y.length - 2 * common;
      };
      const rank = (f: string, s: DeclarationSource) =>
        PREFERENCE.indexOf(s) * 2 + (DEV.test(posix.basename(f)) ? 1 : 0);
      const best = [...firstSource].sort(
        ([fa, sa], [fb, sb]) =>
          distance(file, fa) - distance(file, fb) ||
          fb.split('/').length - fa.split('/').length ||
          rank(fa, sa) - rank(fb, sb) ||
          fa.localeCompare(fb),
      )[0];
      return best && { file: best[0], source: best[1], beside: chain(file).length > 0 };
    },
  };
}

const folders = ['', 'a', 'a/b', 'a/docker', 'a/b/requirements', 'c', 'c/env', 'd/e/f', 'binder'];
const manifestNames = [
  'requirements.txt',
  'requirements-dev.txt',
  'test_requirements.txt',
  'pyproject.toml',
  'environment.yml',
  'Dockerfile',
  'setup.py',
  'nb.ipynb',
];
const sources: DeclarationSource[] = [...PREFERENCE, 'notebook', 'pep723', 'workflow', 'lock'];
const names = ['pandas', 'numpy', 'pytorch', 'scikit-learn', 'python', 'requests'];

const declaration = fc
  .record({
    folder: fc.constantFrom(...folders),
    base: fc.constantFrom(...manifestNames),
    source: fc.constantFrom(...sources),
    name: fc.constantFrom(...names),
    version: fc.option(fc.constantFrom('1.0', '2.1'), { nil: undefined }),
    line: fc.nat(50),
  })
  .map(({ folder, base, source, name, version, line }): Declaration => {
    const conda = source === 'conda';
    return {
      name,
      normalizedName: normalizeDistribution(name),
      file: folder ? `${folder}/${base}` : base,
      line: line + 1,
      source,
      ecosystem: conda ? 'conda' : 'pypi',
      specifier: version ? `==${version}` : '',
      pinned: version !== undefined,
      ...(version ? { version } : {}),
    };
  });

describe('DeclarationScopes agrees with the scoping rules applied file by file', () => {
  it('for governing, opaque, declared-anywhere and nearest-manifest answers', () => {
    fc.assert(
      fc.property(
        fc.array(declaration, { maxLength: 25 }),
        fc.array(fc.nat(30), { maxLength: 3 }),
        (declarations, opaquePicks) => {
          const scopes = new DeclarationScopes(declarations);
          const opaque = new Set(
            opaquePicks
              .map((k) => scopes.manifests[k % Math.max(1, scopes.manifests.length)])
              .filter((m): m is string => m !== undefined),
          );
          scopes.markOpaque((m) => opaque.has(m));
          const expected = reference(declarations, opaque);
          expect(scopes.hasManifest).toBe(expected.hasManifest);
          // Each question twice: the second answer comes from the caches.
          for (const round of [1, 2]) {
            for (const folder of [...folders, 'a/b/c', 'z']) {
              for (const file of [
                folder ? `${folder}/x.py` : 'x.py',
                `${folder || 'a'}/nb.ipynb`,
              ]) {
                const context = `${file} (round ${round})`;
                expect(scopes.governing(file), context).toEqual(expected.governing(file));
                expect(scopes.declaredNames(file), context).toEqual(
                  new Set(expected.governing(file).map((d) => d.name)),
                );
                expect(scopes.opaqueGoverning(file), context).toEqual(
                  expected.opaqueGoverning(file),
                );
                expect(scopes.nearestManifest(file), context).toEqual(
                  expected.nearestManifest(file),
                );
              }
            }
            for (const name of [...names.map(normalizeDistribution), 'torch', 'absent']) {
              expect(scopes.declaredAnywhere(name)).toEqual(expected.declaredAnywhere(name));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
