import { describe, expect, it } from 'vitest';
import {
  filterDefaultExcludes,
  isExcludedFolderName,
  looksLikeBuildOutput,
} from '../../src/workspace/default-excludes.js';

describe('filterDefaultExcludes', () => {
  it('drops virtualenvs, caches and installed packages at any depth', () => {
    const kept = filterDefaultExcludes([
      '.venv/lib/python3.11/site-packages/pandas/core.py',
      'venv/bin/activate',
      'services/api/.tox/py311/lib/x.py',
      'src/__pycache__/model.cpython-311.pyc',
      'notebooks/.ipynb_checkpoints/eda-checkpoint.ipynb',
      'vendor/lib/site-packages/x.py',
      'web/node_modules/left-pad/index.js',
      'pkg.egg-info/PKG-INFO',
      '.mypy_cache/3.11/x.json',
      '.pytest_cache/v/cache/nodeids',
      '.nox/tests/bin/python',
      '.eggs/setuptools_scm/x.py',
      'docs/_build/html/index.html',
      'src/model.py',
      'notebooks/eda.ipynb',
    ]);
    expect(kept).toEqual(['src/model.py', 'notebooks/eda.ipynb']);
  });

  it('keeps files merely named like an excluded folder', () => {
    expect(filterDefaultExcludes(['scripts/venv', 'build', 'src/dist.py'])).toEqual([
      'scripts/venv',
      'build',
      'src/dist.py',
    ]);
  });

  it('drops any folder holding pyvenv.cfg or conda-meta, whatever its name', () => {
    const kept = filterDefaultExcludes([
      'env/pyvenv.cfg',
      'env/lib/python3.11/site.py',
      'tools/myenv/conda-meta/history',
      'tools/myenv/lib/python3.10/os.py',
      'tools/run.py',
      'env.py',
    ]);
    expect(kept).toEqual(['tools/run.py', 'env.py']);
  });

  it('drops build/ and dist/ that hold build output, keeps those that hold sources', () => {
    const kept = filterDefaultExcludes([
      'build/lib/mypkg/__init__.py',
      'build/bdist.linux-x86_64/wheel/x.py',
      'dist/mypkg-1.0-py3-none-any.whl',
      'dist/mypkg-1.0.tar.gz',
      'deploy/build/Dockerfile',
      'deploy/build/requirements.txt',
      'tools/dist/publish.py',
      'docs/build/html/index.html',
    ]);
    expect(kept).toEqual([
      'deploy/build/Dockerfile',
      'deploy/build/requirements.txt',
      'tools/dist/publish.py',
    ]);
  });
});

describe('looksLikeBuildOutput', () => {
  it('recognises distributions and the setuptools and Sphinx layouts', () => {
    expect(looksLikeBuildOutput([{ name: 'x-1.0-py3-none-any.whl', isDirectory: false }])).toBe(
      true,
    );
    expect(
      looksLikeBuildOutput([{ name: 'lib.linux-x86_64-cpython-311', isDirectory: true }]),
    ).toBe(true);
    expect(looksLikeBuildOutput([{ name: 'scripts-3.11', isDirectory: true }])).toBe(true);
    expect(looksLikeBuildOutput([{ name: 'doctrees', isDirectory: true }])).toBe(true);
  });

  it('does not mistake sources for output', () => {
    expect(
      looksLikeBuildOutput([
        { name: 'Dockerfile', isDirectory: false },
        { name: 'lib', isDirectory: false },
        { name: 'scripts', isDirectory: true },
      ]),
    ).toBe(false);
  });
});

describe('isExcludedFolderName', () => {
  it('covers egg-info folders by suffix', () => {
    expect(isExcludedFolderName('my_pkg.egg-info')).toBe(true);
    expect(isExcludedFolderName('egg-info-notes')).toBe(false);
  });
});
