import { describe, expect, it } from 'vitest';
import type { Declaration } from '../../src/manifests/model.js';
import {
  DeclarationScopes,
  additionHint,
  hasRemoteInclude,
  pypiNamesOf,
} from '../../src/python-env/declared.js';
import { normalizeDistribution } from '../../src/python-env/distributions.js';

function decl(
  name: string,
  file: string,
  source: Declaration['source'],
  extra: Partial<Declaration> = {},
): Declaration {
  return {
    name,
    normalizedName: normalizeDistribution(name),
    file,
    line: 1,
    source,
    ecosystem: source === 'conda' ? 'conda' : 'pypi',
    specifier: '',
    pinned: false,
    ...extra,
  };
}

const names = (scopes: DeclarationScopes, file: string) =>
  scopes
    .governing(file)
    .map((d) => d.name)
    .sort();

describe('DeclarationScopes', () => {
  const scopes = new DeclarationScopes([
    decl('pandas', 'requirements.txt', 'requirements'),
    decl('flask', 'services/api/requirements.txt', 'requirements'),
    decl('mlflow', 'services/train/Pipfile', 'pipfile', { version: '2.9.2' }),
    decl('pytorch', 'environment.yml', 'conda'),
    decl('seaborn', 'notebooks/eda.ipynb', 'notebook'),
    decl('ruff', '.github/workflows/ci.yml', 'workflow'),
    decl('numpy', 'poetry.lock', 'lock'),
    decl('python', 'Dockerfile', 'dockerfile', { ecosystem: 'docker' }),
  ]);

  it('governs a file by its own folder and the folders above it', () => {
    expect(names(scopes, 'services/api/app.py')).toEqual(['flask', 'pandas', 'ruff', 'torch']);
    expect(names(scopes, 'train.py')).toEqual(['pandas', 'ruff', 'torch']);
  });

  it('keeps notebook installs to their notebook', () => {
    expect(names(scopes, 'notebooks/eda.ipynb')).toContain('seaborn');
    expect(names(scopes, 'notebooks/other.ipynb')).not.toContain('seaborn');
  });

  it('ignores locks and container images, maps conda names', () => {
    const all = scopes.governing('services/train/x.py').map((d) => d.name);
    expect(all).not.toContain('numpy');
    expect(all).not.toContain('python');
    expect(pypiNamesOf(decl('py-xgboost', 'environment.yml', 'conda'))).toEqual(['xgboost']);
  });

  it('takes the environment folders (docker/, conda/, ...) beside the code and above it', () => {
    const job = new DeclarationScopes([
      decl('azureml-core', 'configuration.yml', 'conda'),
      decl('ray-on-aml', 'job/docker/Dockerfile', 'dockerfile'),
      decl('gym', 'other/requirements.txt', 'requirements'),
    ]);
    expect(names(job, 'job/train.py')).toEqual(['azureml-core', 'ray-on-aml']);
    expect(job.nearestManifest('job/train.py')).toEqual({
      file: 'job/docker/Dockerfile',
      source: 'dockerfile',
      beside: true,
    });
    // job/ is above job/files/, so job/docker/ counts there too; other/ never does.
    expect(names(job, 'job/files/train.py')).toEqual(['azureml-core', 'ray-on-aml']);
    expect(names(job, 'other/x.py')).toEqual(['azureml-core', 'gym']);
    expect(names(job, 'run.py')).toEqual(['azureml-core']);
  });

  it('uses every manifest for a file with none above it', () => {
    const nested = new DeclarationScopes([
      decl('flask', 'api/requirements.txt', 'requirements'),
      decl('torch', 'train/requirements.txt', 'requirements'),
    ]);
    expect(names(nested, 'notebooks/eda.ipynb')).toEqual(['flask', 'torch']);
    expect(names(nested, 'api/app.py')).toEqual(['flask']);
    expect(nested.hasManifest).toBe(true);
  });

  it('names the nearest manifest, preferring a runtime requirements file', () => {
    const s = new DeclarationScopes([
      decl('pytest', 'requirements-dev.txt', 'requirements'),
      decl('pandas', 'requirements.txt', 'requirements'),
      decl('pandas', 'pyproject.toml', 'pyproject'),
      decl('flask', 'api/Pipfile', 'pipfile'),
    ]);
    expect(s.nearestManifest('src/model.py')?.file).toBe('requirements.txt');
    expect(s.nearestManifest('api/routes/x.py')).toEqual({
      file: 'api/Pipfile',
      source: 'pipfile',
      beside: true,
    });
    expect(new DeclarationScopes([]).nearestManifest('x.py')).toBeUndefined();
    expect(new DeclarationScopes([decl('a', 'n.ipynb', 'notebook')]).hasManifest).toBe(false);
  });

  it('finds a pinned version declared elsewhere', () => {
    expect(scopes.declaredAnywhere('mlflow')[0].declaration.version).toBe('2.9.2');
  });
});

describe('additionHint', () => {
  it.each([
    ['requirements', 'requirements.txt', 'add scikit-learn==1.5.1 to requirements.txt'],
    [
      'pyproject',
      'pyproject.toml',
      'add "scikit-learn==1.5.1" to [project].dependencies in pyproject.toml',
    ],
    [
      'poetry',
      'pyproject.toml',
      'add scikit-learn = "1.5.1" to [tool.poetry.dependencies] in pyproject.toml',
    ],
    ['pipfile', 'Pipfile', 'add scikit-learn = "==1.5.1" to [packages] in Pipfile'],
    ['conda', 'environment.yml', 'add scikit-learn==1.5.1 to the pip: list of environment.yml'],
  ] as const)('%s', (source, file, expected) => {
    expect(additionHint('scikit-learn==1.5.1', { file, source })).toBe(expected);
  });

  it('asks for a manifest when there is none', () => {
    expect(additionHint('torch==<version>', undefined)).toBe(
      'create requirements.txt listing torch==<version>',
    );
  });
});

describe('manifests that include requirements from a URL', () => {
  it('are recognised in requirements files and conda pip lists', () => {
    expect(hasRemoteInclude('-r https://example.com/r.txt\nflask')).toBe(true);
    expect(hasRemoteInclude('dependencies:\n- pip:\n  - -r https://x/y.txt [--no-deps]')).toBe(
      true,
    );
    expect(hasRemoteInclude('--requirement=http://x/y.txt')).toBe(true);
    expect(hasRemoteInclude('-r base.txt\nrequests  # see https://x')).toBe(false);
  });

  it('make the files they govern unjudgeable, and only those', () => {
    const s = new DeclarationScopes([
      decl('flask', 'api/requirements.txt', 'requirements'),
      decl('numpy', 'requirements.txt', 'requirements'),
    ]);
    s.markOpaque((m) => m === 'api/requirements.txt');
    expect(s.opaqueGoverning('api/app.py')).toEqual(['api/requirements.txt']);
    expect(s.opaqueGoverning('train.py')).toEqual([]);
  });
});
