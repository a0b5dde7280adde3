import { describe, expect, it } from 'vitest';
import { FirstPartyIndex } from '../../src/python-env/first-party.js';

function index(
  files: string[],
  opts: {
    text?: Record<string, string>;
    toml?: Record<string, Record<string, unknown>>;
    code?: Record<string, string>;
    cd?: Record<string, string[]>;
    extra?: string[];
  } = {},
): FirstPartyIndex {
  return new FirstPartyIndex({
    files,
    text: (f) => opts.text?.[f],
    toml: (f) => opts.toml?.[f],
    code: (f) =>
      opts.code?.[f] !== undefined || opts.cd?.[f]
        ? { text: opts.code?.[f] ?? '', cdTargets: opts.cd?.[f] ?? [] }
        : undefined,
    extraNames: opts.extra,
  });
}

describe('FirstPartyIndex', () => {
  it('finds top-level modules and packages at the root', () => {
    const fp = index(['train.py', 'mypkg/__init__.py', 'mypkg/model.py', 'README.md']);
    expect(fp.isFirstParty('train', 'serve.py')).toBe(true);
    expect(fp.isFirstParty('mypkg.model', 'scripts/run.py')).toBe(true);
    expect(fp.isFirstParty('numpy', 'train.py')).toBe(false);
    expect(fp.isFirstParty('README', 'train.py')).toBe(false);
  });

  it('supports the src layout', () => {
    const fp = index([
      'src/project/__init__.py',
      'src/project/features.py',
      'tests/test_features.py',
    ]);
    expect(fp.isFirstParty('project.features', 'tests/test_features.py')).toBe(true);
    expect(fp.isFirstParty('src.project.features', 'tests/test_features.py')).toBe(true);
  });

  it('treats any outermost __init__.py package as first-party everywhere', () => {
    const fp = index([
      'services/api/app/__init__.py',
      'services/api/app/routes.py',
      'jobs/batch.py',
    ]);
    expect(fp.isFirstParty('app.routes', 'jobs/batch.py')).toBe(true);
    expect(fp.isFirstParty('routes', 'jobs/batch.py')).toBe(false);
  });

  it('finds sibling modules next to the importing file, not elsewhere', () => {
    const fp = index(['notebooks/helpers.py', 'notebooks/eda.ipynb', 'other/plots.py']);
    expect(fp.isFirstParty('helpers', 'notebooks/eda.ipynb')).toBe(true);
    // A notebook is not importable: a module named like one is a package to declare.
    expect(fp.isFirstParty('eda', 'notebooks/report.ipynb')).toBe(false);
    expect(fp.isFirstParty('plots', 'notebooks/eda.ipynb')).toBe(false);
    expect(fp.isFirstParty('helpers', 'other/plots.py')).toBe(false);
  });

  it('lets an installed package win over a plain folder of the same name', () => {
    const fp = index(['datasets/raw/readme.py', 'datasets/prepare.py', 'utils/io.py']);
    // `datasets/` has no __init__.py: `from datasets import load_dataset` is Hugging Face's.
    expect(fp.isFirstParty('datasets', 'train.py', ['load_dataset'])).toBe(false);
    expect(fp.isFirstParty('datasets', 'train.py', ['prepare'])).toBe(true);
    expect(fp.isFirstParty('datasets.prepare', 'train.py')).toBe(true);
    expect(fp.isFirstParty('utils.io', 'train.py')).toBe(true);
  });

  it('follows sys.path additions and %cd', () => {
    const files = ['notebooks/eda.ipynb', 'lib/features.py', 'tools/plot.py'];
    const fp = index(files, {
      code: { 'notebooks/eda.ipynb': "import sys\nsys.path.append('../lib')" },
      cd: { 'notebooks/eda.ipynb': ['../tools'] },
    });
    expect(fp.isFirstParty('features', 'notebooks/eda.ipynb')).toBe(true);
    expect(fp.isFirstParty('plot', 'notebooks/eda.ipynb')).toBe(true);
    expect(fp.isFirstParty('features', 'notebooks/other.ipynb')).toBe(false);
  });

  it('falls back to any module name when sys.path is edited unreadably', () => {
    const files = ['nb/eda.ipynb', 'deep/down/helpers.py'];
    const fp = index(files, { code: { 'nb/eda.ipynb': 'sys.path.append(PROJECT_ROOT)' } });
    expect(fp.isFirstParty('helpers', 'nb/eda.ipynb')).toBe(true);
    expect(fp.isFirstParty('pandas', 'nb/eda.ipynb')).toBe(false);
  });

  it('reads packages and source roots from setup.py, setup.cfg and pyproject.toml', () => {
    const fp = index(['setup.py', 'code/widgets/core.py', 'pyproject.toml', 'setup.cfg'], {
      text: {
        'setup.py':
          "setup(name='acme-tools', packages=['acme', 'acme.sub'], package_dir={'': 'code'})",
        'setup.cfg': '[options]\npackages =\n    cfgpkg\n',
      },
      toml: {
        'pyproject.toml': {
          tool: { poetry: { name: 'fancy-app', packages: [{ include: 'fancy' }] } },
        },
      },
    });
    expect(fp.isFirstParty('acme.sub', 'x.py')).toBe(true);
    expect(fp.isFirstParty('acme_tools', 'x.py')).toBe(true);
    expect(fp.isFirstParty('widgets.core', 'x.py')).toBe(true);
    expect(fp.isFirstParty('cfgpkg', 'x.py')).toBe(true);
    expect(fp.isFirstParty('fancy', 'x.py')).toBe(true);
    expect(fp.isFirstParty('fancy_app', 'x.py')).toBe(true);
  });

  it('accepts configured names and compiled extension modules', () => {
    const fp = index(['fastops.cpython-311-x86_64-linux-gnu.so'], { extra: ['generated_pb2'] });
    expect(fp.isFirstParty('fastops', 'x.py')).toBe(true);
    expect(fp.isFirstParty('generated_pb2', 'x.py')).toBe(true);
  });
});
