import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../src/analysis/import-record.js';
import type { Declaration } from '../../src/manifests/model.js';
import { DeclarationScopes } from '../../src/python-env/declared.js';
import { DistributionTable, normalizeDistribution } from '../../src/python-env/distributions.js';
import { FirstPartyIndex } from '../../src/python-env/first-party.js';
import {
  describeMissing,
  findUndeclared,
  importedModules,
  matchesModulePattern,
  type UndeclaredInput,
} from '../../src/python-env/undeclared.js';

let line = 0;
function rec(module: string, extra: Partial<ImportRecord> = {}): ImportRecord {
  line++;
  return {
    module,
    names: [],
    level: 0,
    file: 'app.py',
    location: { file: 'app.py', line },
    typeOnly: false,
    inFunction: false,
    guarded: false,
    kind: 'import',
    ...extra,
  };
}

function decl(
  name: string,
  file = 'requirements.txt',
  extra: Partial<Declaration> = {},
): Declaration {
  return {
    name,
    normalizedName: normalizeDistribution(name),
    file,
    line: 1,
    source: 'requirements',
    ecosystem: 'pypi',
    specifier: '',
    pinned: false,
    ...extra,
  };
}

function input(
  declarations: Declaration[],
  files: string[] = [],
  extra: Partial<UndeclaredInput> = {},
): UndeclaredInput {
  return {
    scopes: new DeclarationScopes(declarations),
    table: new DistributionTable(),
    firstParty: new FirstPartyIndex({
      files,
      text: () => undefined,
      toml: () => undefined,
      code: () => undefined,
    }),
    target: undefined,
    ignore: [],
    reportGuarded: false,
    ...extra,
  };
}

const modules = (missing: ReturnType<typeof findUndeclared>) =>
  missing.map((m) => m.resolution.importName);

describe('findUndeclared', () => {
  it('reports each missing distribution once per file, at its first import', () => {
    const records = [
      rec('sklearn.svm'),
      rec('sklearn.metrics'),
      rec('pandas'),
      rec('os.path'),
      rec('requests'),
    ];
    const missing = findUndeclared('app.py', records, [], input([decl('pandas')]));
    expect(modules(missing)).toEqual(['sklearn', 'requests']);
    expect(missing[0].record.module).toBe('sklearn.svm');
  });

  it('skips relative, type-only, guarded, notebook and first-party imports', () => {
    const records = [
      rec('helpers', { level: 1 }),
      rec('boto3', { typeOnly: true }),
      rec('ujson', { guarded: true }),
      rec('other.ipynb', { kind: 'notebook-run' }),
      rec('analysis', { kind: 'import-ipynb' }),
      rec('mypkg.core'),
      rec('__main__'),
    ];
    expect(
      findUndeclared('app.py', records, [], input([], ['mypkg/__init__.py', 'mypkg/core.py'])),
    ).toEqual([]);
  });

  it('reports guarded imports when asked, and says they are optional', () => {
    const missing = findUndeclared(
      'app.py',
      [rec('ujson', { guarded: true })],
      [],
      input([decl('pandas')], [], { reportGuarded: true }),
    );
    expect(modules(missing)).toEqual(['ujson']);
    expect(
      describeMissing(missing[0], new DeclarationScopes([decl('pandas')]), 1).message,
    ).toContain('optional import');
  });

  it('honours ignore patterns', () => {
    const records = [rec('corp_auth.client'), rec('corp_db'), rec('torch')];
    const missing = findUndeclared(
      'app.py',
      records,
      [],
      input([decl('numpy')], [], { ignore: ['corp_*'] }),
    );
    expect(modules(missing)).toEqual(['torch']);
  });

  it('needs one distribution per name imported from a namespace package', () => {
    const record = rec('google.cloud', { kind: 'from', names: ['storage', 'bigquery'] });
    const missing = findUndeclared('app.py', [record], [], input([decl('google-cloud-storage')]));
    expect(missing.map((m) => m.resolution.distributions[0])).toEqual(['google-cloud-bigquery']);
  });

  it('uses the targeted Python versions for the standard library', () => {
    const target = { minors: [12], source: '.python-version' };
    const records = [rec('distutils.core'), rec('imp'), rec('tomllib')];
    expect(modules(findUndeclared('app.py', records, [], input([decl('pandas')])))).toEqual([]);
    const missing = findUndeclared('app.py', records, [], input([decl('pandas')], [], { target }));
    expect(modules(missing)).toEqual(['distutils', 'imp']);
    const text = describeMissing(missing[1], new DeclarationScopes([decl('pandas')]), 1).message;
    expect(text).toBe(
      "imports 'imp', which is in the standard library only in Python 3.8-3.11, and the project targets Python 3.12 (.python-version); on 3.12 no manifest provides it; guard the import or raise the minimum Python version",
    );
    const declared = findUndeclared(
      'app.py',
      records,
      [],
      input([decl('setuptools')], [], { target }),
    );
    expect(modules(declared)).toEqual(['imp']);
  });

  it('lets the environment provide IPython in notebooks only', () => {
    const records = [rec('IPython.display')];
    expect(findUndeclared('a.ipynb', records, ['notebook'], input([decl('pandas')]))).toEqual([]);
    expect(modules(findUndeclared('a.py', records, [], input([decl('pandas')])))).toEqual([
      'IPython',
    ]);
  });
});

describe('describeMissing', () => {
  const scopes = new DeclarationScopes([
    decl('pandas', 'requirements.txt'),
    decl('scikit-learn', 'train/Pipfile', { source: 'pipfile', version: '1.5.1' }),
    decl('sklearn', 'api/requirements.txt'),
  ]);

  it('names the distribution, the nearest manifest and a version pinned elsewhere', () => {
    const [missing] = findUndeclared('serve.py', [rec('sklearn.svm')], [], input([decl('pandas')]));
    expect(describeMissing(missing, scopes, 1).message).toBe(
      "imports 'sklearn' (distribution 'scikit-learn') but no manifest for this folder declares it (only train/Pipfile does); add scikit-learn==1.5.1 to requirements.txt (the version train/Pipfile pins)",
    );
  });

  it('uses a <version> placeholder and lists alternatives', () => {
    const [missing] = findUndeclared('serve.py', [rec('cv2')], [], input([decl('pandas')]));
    expect(describeMissing(missing, new DeclarationScopes([decl('pandas')]), 1).message).toBe(
      "imports 'cv2' (distribution 'opencv-python', or opencv-python-headless, opencv-contrib-python, opencv-contrib-python-headless) but no manifest declares it; add opencv-python==<version> to requirements.txt",
    );
  });

  it('explains a declaration under the import name instead of the distribution name', () => {
    const [missing] = findUndeclared(
      'api/app.py',
      [rec('sklearn')],
      [],
      input([decl('sklearn', 'api/requirements.txt')]),
    );
    expect(missing.misnamed).toBe(true);
    expect(describeMissing(missing, scopes, 1).message).toContain(
      "the manifest declares 'sklearn', which is not the distribution that provides it ('scikit-learn')",
    );
  });

  it('says when the repository has no manifest at all', () => {
    const [missing] = findUndeclared('a.py', [rec('torch')], [], input([]));
    expect(describeMissing(missing, new DeclarationScopes([]), 3).message).toBe(
      "imports 'torch' but the repository has no dependency manifest (requirements.txt, pyproject.toml, environment.yml, ...); 2 other files import it too; create requirements.txt listing torch==<version>",
    );
  });
});

describe('helpers', () => {
  it('matches module patterns by prefix and wildcard', () => {
    expect(matchesModulePattern('tensorflow.keras', 'tensorflow')).toBe(true);
    expect(matchesModulePattern('tensorflow_hub', 'tensorflow')).toBe(false);
    expect(matchesModulePattern('corp_x.y', 'corp_*')).toBe(true);
    expect(matchesModulePattern('xcorp', 'corp*')).toBe(false);
  });

  it('expands from-imports only where a name is its own distribution', () => {
    const table = new DistributionTable();
    expect(importedModules(rec('sklearn', { kind: 'from', names: ['svm'] }), table)).toEqual([
      'sklearn',
    ]);
    expect(importedModules(rec('azure', { kind: 'from', names: ['identity'] }), table)).toEqual([
      'azure.identity',
    ]);
    expect(
      importedModules(rec('azureml.train', { kind: 'from', names: ['automl', 'x'] }), table),
    ).toEqual(['azureml.train', 'azureml.train.automl']);
  });
});
