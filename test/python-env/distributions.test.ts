import { describe, expect, it } from 'vitest';
import { CONDA_NAMES } from '../../src/python-env/data/conda-names.js';
import { IMPORT_NAMES } from '../../src/python-env/data/import-names.js';
import {
  DistributionTable,
  condaToPypi,
  normalizeDistribution,
  parseTable,
  providedByEnvironment,
} from '../../src/python-env/distributions.js';
import { isStdlibInAnyVersion, stdlibStatus } from '../../src/python-env/stdlib.js';

const table = new DistributionTable();
const declared = (...names: string[]) => new Set(names.map(normalizeDistribution));

describe('import-name table data', () => {
  const parsed = parseTable(IMPORT_NAMES);

  it('has several hundred well-formed entries', () => {
    expect(parsed.size).toBeGreaterThanOrEqual(400);
    for (const [module, dists] of parsed) {
      expect(module, module).toMatch(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/);
      expect(dists.length, module).toBeGreaterThan(0);
      for (const dist of dists)
        expect(dist, `${module} = ${dist}`).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/);
    }
  });

  it('maps only modules that some Python 3.8-3.14 lacks in its standard library (backports)', () => {
    const alwaysStdlib = [...parsed.keys()].filter((m) => stdlibStatus(m).kind === 'stdlib');
    expect(alwaysStdlib).toEqual([]);
    expect([...parsed.keys()].filter((m) => isStdlibInAnyVersion(m))).toEqual(
      expect.arrayContaining(['distutils', 'asyncore', 'graphlib']),
    );
  });

  it('parses conda names and rejects malformed lines', () => {
    expect(parseTable(CONDA_NAMES).size).toBeGreaterThan(20);
    expect(() => parseTable('no equals sign here')).toThrow(/malformed/);
    expect(parseTable('a = x | y\n# c\na = z')).toEqual(new Map([['a', ['x', 'y', 'z']]]));
  });
});

describe('resolving imports to distributions', () => {
  it.each([
    ['sklearn.linear_model', 'sklearn', 'scikit-learn'],
    ['PIL.Image', 'PIL', 'pillow'],
    ['yaml', 'yaml', 'pyyaml'],
    ['bs4', 'bs4', 'beautifulsoup4'],
    ['skimage.io', 'skimage', 'scikit-image'],
    ['dateutil.parser', 'dateutil', 'python-dateutil'],
    ['dotenv', 'dotenv', 'python-dotenv'],
    ['jwt', 'jwt', 'pyjwt'],
    ['attr', 'attr', 'attrs'],
    ['Crypto.Cipher', 'Crypto', 'pycryptodome'],
    ['OpenSSL', 'OpenSSL', 'pyopenssl'],
    ['git', 'git', 'gitpython'],
    ['mpl_toolkits.mplot3d', 'mpl_toolkits.mplot3d', 'matplotlib'],
    ['tf_keras', 'tf_keras', 'tf-keras'],
    ['sentence_transformers', 'sentence_transformers', 'sentence-transformers'],
    ['google.cloud.storage.blob', 'google.cloud.storage', 'google-cloud-storage'],
    ['google.protobuf.json_format', 'google.protobuf', 'protobuf'],
    ['azureml.core.webservice', 'azureml.core', 'azureml-core'],
    ['pkg_resources', 'pkg_resources', 'setuptools'],
  ])('%s -> %s (%s)', (module, importName, dist) => {
    const r = table.resolve(module);
    expect(r.importName).toBe(importName);
    expect(r.distributions[0]).toBe(dist);
    expect(r.known).toBe(true);
  });

  it('lists every OpenCV wheel for cv2', () => {
    expect(table.resolve('cv2').distributions).toEqual([
      'opencv-python',
      'opencv-python-headless',
      'opencv-contrib-python',
      'opencv-contrib-python-headless',
    ]);
  });

  it('guesses unknown names, stopping below namespace roots', () => {
    expect(table.resolve('some_pkg.sub')).toEqual({
      importName: 'some_pkg',
      distributions: ['some-pkg'],
      known: false,
    });
    expect(table.resolve('google.cloud.newthing.v1').distributions).toEqual([
      'google-cloud-newthing',
    ]);
    expect(table.resolve('azure.mgmt.compute').distributions).toEqual(['azure-mgmt-compute']);
    expect(table.resolve('azureml.contrib.foo.bar').distributions).toEqual(['azureml-contrib-foo']);
  });

  it('lets configured modules override and extend the table', () => {
    const custom = new DistributionTable({
      sklearn: 'my-sklearn-fork',
      corp_utils: ['corp-utils', 'corp-utils-lite'],
    });
    expect(custom.resolve('sklearn.svm').distributions).toEqual(['my-sklearn-fork']);
    expect(custom.resolve('corp_utils.io').distributions).toEqual([
      'corp-utils',
      'corp-utils-lite',
    ]);
    expect(custom.providedBy('corp_utils', declared('corp_utils_lite'))).toBe('corp-utils-lite');
  });
});

describe('declared distributions provide modules', () => {
  it('accepts any of the alternatives, in any spelling', () => {
    expect(table.providedBy('cv2', declared('opencv-python-headless'))).toBe(
      'opencv-python-headless',
    );
    expect(table.providedBy('sklearn.svm', declared('Scikit_Learn'))).toBe('scikit-learn');
    expect(table.providedBy('ruamel.yaml', declared('ruamel.yaml'))).toBe('ruamel-yaml');
    expect(table.providedBy('azure.storage.blob', declared('azure-storage-blob'))).toBe(
      'azure-storage-blob',
    );
    expect(table.providedBy('azureml.core', declared('azureml-sdk'))).toBe('azureml-sdk');
    expect(table.providedBy('keras', declared('tensorflow'))).toBe('tensorflow');
  });

  it('falls back to the name and python- wrappers for unknown packages', () => {
    expect(table.providedBy('foo_bar.baz', declared('foo-bar'))).toBe('foo-bar');
    expect(table.providedBy('newlib', declared('python-newlib'))).toBe('python-newlib');
  });

  it('does not accept unrelated or namespace-root declarations', () => {
    expect(table.providedBy('sklearn', declared('scipy', 'numpy'))).toBeUndefined();
    expect(
      table.providedBy('google.cloud.storage', declared('google', 'google-cloud-bigquery')),
    ).toBeUndefined();
    expect(table.providedBy('cv2', declared('cv2'))).toBeUndefined();
    expect(table.providedBy('yaml', declared('pyyml'))).toBeUndefined();
  });

  it('knows what a distribution provides', () => {
    expect(table.modulesOf('scikit-learn')).toContain('sklearn');
    expect(table.modulesOf('PyYAML')).toContain('yaml');
    expect(table.modulesOf('pywin32')).toEqual(expect.arrayContaining(['win32api', 'pythoncom']));
    expect(table.modulesOf('numpy')).toEqual([]);
  });
});

describe('conda names', () => {
  it.each([
    ['pytorch', ['torch']],
    ['py-xgboost', ['xgboost']],
    ['conda-forge::py-opencv', ['opencv-python']],
    ['matplotlib-base', ['matplotlib']],
    ['scikit-learn', ['scikit-learn']],
    ['Pandas', ['pandas']],
  ])('%s installs %j', (conda, pypi) => {
    expect(condaToPypi(conda)).toEqual(pypi);
  });
});

describe('environment-provided modules', () => {
  it('gives notebooks IPython, hosted services their helpers, setup.py setuptools', () => {
    expect(providedByEnvironment('IPython.display', ['notebook'])).toBe(true);
    expect(providedByEnvironment('IPython.display', [])).toBe(false);
    expect(providedByEnvironment('google.colab.drive', [])).toBe(true);
    expect(providedByEnvironment('google.cloud.storage', [])).toBe(false);
    expect(providedByEnvironment('pkg_resources', ['setup'])).toBe(true);
    expect(providedByEnvironment('pyspark.sql', ['databricks'])).toBe(true);
    expect(providedByEnvironment('pyspark.sql', ['notebook'])).toBe(false);
  });
});
