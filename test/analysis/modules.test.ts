import { describe, expect, it } from 'vitest';
import type { ScannedImport } from '../../src/analysis/import-record.js';
import { createModuleIndex, resolveImport, searchRoots } from '../../src/analysis/modules.js';
import { outlineOf } from '../../src/analysis/outline.js';
import { pyDoc } from './helpers.js';

const index = createModuleIndex([
  'app.py',
  'train.py',
  'utils.py',
  'src/__init__.py',
  'src/pipeline/__init__.py',
  'src/pipeline/predict_pipeline.py',
  'src/utils.py',
  'lib/src/shop/__init__.py',
  'lib/src/shop/serve.py',
  'scripts/run.py',
  'scripts/prep.py',
  'ns/inner/mod.py',
  'pkg/__init__.py',
  'pkg/sub/__init__.py',
  'pkg/sub/leaf.py',
  'pkg/helpers.py',
  'examples/sklearn/wine/train.py',
  'notebooks/explore.ipynb',
  'features.ipynb',
  'README.md',
]);

/** The record the outline reads from `statement` written in `file`. */
function record(file: string, statement: string): ScannedImport {
  const [first] = outlineOf(pyDoc(file, statement)).imports;
  if (!first) throw new Error(`no import in ${statement}`);
  return first;
}

function targets(file: string, statement: string, notebooks = false) {
  return resolveImport(index, record(file, statement), notebooks).map((t) => ({
    file: t.file,
    module: t.module,
    symbols: t.symbols,
    implicit: t.implicit,
  }));
}

describe('resolveImport', () => {
  it('keeps the full dotted name of an external module', () => {
    expect(targets('app.py', 'import torch.optim')).toEqual([
      { file: undefined, module: 'torch.optim', symbols: [], implicit: false },
    ]);
    expect(targets('app.py', 'from sklearn.model_selection import GridSearchCV')).toEqual([
      {
        file: undefined,
        module: 'sklearn.model_selection',
        symbols: ['GridSearchCV'],
        implicit: false,
      },
    ]);
  });

  it('resolves a top-level module and a package path with its __init__ files', () => {
    expect(targets('app.py', 'import train')).toEqual([
      { file: 'train.py', module: 'train', symbols: [], implicit: false },
    ]);
    expect(targets('app.py', 'from src.pipeline.predict_pipeline import PredictPipeline')).toEqual([
      { file: 'src/__init__.py', module: 'src', symbols: [], implicit: true },
      { file: 'src/pipeline/__init__.py', module: 'src.pipeline', symbols: [], implicit: true },
      {
        file: 'src/pipeline/predict_pipeline.py',
        module: 'src.pipeline.predict_pipeline',
        symbols: ['PredictPipeline'],
        implicit: false,
      },
    ]);
  });

  it('tells submodules from symbols in `from pkg import a, b`', () => {
    expect(targets('app.py', 'from pkg.sub import leaf, helper_fn')).toEqual([
      { file: 'pkg/__init__.py', module: 'pkg', symbols: [], implicit: true },
      { file: 'pkg/sub/__init__.py', module: 'pkg.sub', symbols: ['helper_fn'], implicit: false },
      { file: 'pkg/sub/leaf.py', module: 'pkg.sub.leaf', symbols: [], implicit: false },
    ]);
  });

  it('resolves relative imports from the importing package', () => {
    expect(targets('pkg/sub/leaf.py', 'from .. import helpers').map((t) => t.file)).toEqual([
      'pkg/__init__.py',
      'pkg/helpers.py',
    ]);
    expect(
      targets('pkg/sub/leaf.py', 'from ..helpers import load').map((t) => [t.file, t.symbols]),
    ).toEqual([['pkg/helpers.py', ['load']]]);
  });

  it('lets a script import its siblings from its own folder', () => {
    expect(targets('scripts/run.py', 'import prep').map((t) => t.file)).toEqual([
      'scripts/prep.py',
    ]);
  });

  it('prefers the repository root over a sibling for modules inside packages', () => {
    expect(searchRoots(index, 'src/pipeline/predict_pipeline.py')).toEqual(['', 'src/pipeline']);
    expect(
      targets('src/pipeline/predict_pipeline.py', 'from utils import x').map((t) => t.file),
    ).toEqual(['utils.py']);
  });

  it('finds packages below a src/ folder from their own package root', () => {
    expect(targets('lib/src/shop/serve.py', 'from shop import serve').map((t) => t.file)).toEqual([
      'lib/src/shop/__init__.py',
      'lib/src/shop/serve.py',
    ]);
  });

  it('resolves modules inside namespace packages, but a same-named folder does not shadow a distribution', () => {
    expect(targets('app.py', 'from ns.inner.mod import f').map((t) => t.file)).toEqual([
      'ns/inner/mod.py',
    ]);
    expect(targets('examples/run.py', 'import sklearn.linear_model')).toEqual([
      { file: undefined, module: 'sklearn.linear_model', symbols: [], implicit: false },
    ]);
  });

  it('resolves notebooks only when notebook imports are on', () => {
    expect(targets('app.py', 'import features').map((t) => t.file)).toEqual([undefined]);
    expect(targets('app.py', 'import features', true).map((t) => t.file)).toEqual([
      'features.ipynb',
    ]);
  });

  it('resolves ipynb.fs.full / ipynb.fs.defs and %run paths', () => {
    const full = resolveImport(index, record('app.py', 'from ipynb.fs.full.features import f'));
    expect(full.map((t) => [t.file, t.notebook])).toEqual([['features.ipynb', 'full']]);
    const defs = resolveImport(index, record('app.py', 'from ipynb.fs.defs.features import f'));
    expect(defs.map((t) => [t.file, t.notebook])).toEqual([['features.ipynb', 'defs']]);
    const run: ScannedImport = {
      ...record('notebooks/x.py', 'import os'),
      kind: 'notebook-run',
      module: '../features',
    };
    expect(resolveImport(index, run).map((t) => t.file)).toEqual(['features.ipynb']);
  });
});
