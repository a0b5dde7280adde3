// Each matcher kind and each composition, on small repositories. Annotated fixtures check that
// exactly the expected lines are reported; message assertions check captures and columns.
import { describe, expect, it } from 'vitest';
import { findings, harness, oneRule, summary } from './helpers.js';

const notebook = (...cells: { type: 'code' | 'markdown'; source: string[] }[]) =>
  JSON.stringify(
    {
      cells: cells.map((cell) => ({
        cell_type: cell.type,
        metadata: {},
        source: cell.source,
        ...(cell.type === 'code' ? { execution_count: null, outputs: [] } : {}),
      })),
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );

describe('regex', () => {
  it('matches code in .py files and notebook code cells, with named and numbered captures', async () => {
    const pack = oneRule(
      "regex: { pattern: '(?P<fn>pdb\\.set_trace|breakpoint)\\((\\w*)\\)', flags: i }",
      "    message: 'call {{fn}} with [{{2}}] ({{match}})'\n",
    );
    expect(
      await findings(pack, {
        'a.py': 'x = 1\nif x:\n    PDB.set_trace()\n',
        'n.ipynb': notebook(
          { type: 'markdown', source: ['breakpoint()\n'] },
          { type: 'code', source: ['y = 2\n', 'breakpoint(y)\n'] },
        ),
        'notes.txt': 'breakpoint()\n',
      }),
    ).toEqual([
      'a.py:3:5 call PDB.set_trace with [] (PDB.set_trace())',
      'n.ipynb:15:6 call breakpoint with [y] (breakpoint(y))',
    ]);
  });

  it('matches the raw text of any file with target: text, within the rule files', async () => {
    const pack = oneRule(
      "regex: { pattern: 'AKIA[0-9A-Z]{16}', target: text }",
      "    files: ['*.cfg', '*.md']\n",
    );
    expect(
      await findings(pack, {
        'deploy.cfg': '[aws]\nkey = AKIAIOSFODNN7EXAMPLE\n',
        'README.md': 'Use AKIAIOSFODNN7EXAMPLE in docs\n',
        'settings.txt': 'AKIAIOSFODNN7EXAMPLE\n',
      }),
    ).toEqual(['README.md:1:5 T', 'deploy.cfg:2:7 T']);
  });

  it('matches line by line, or across lines with multiline', async () => {
    const files = { 'a.py': 'def f():\n    pass\n\ndef g():\n    return 1\n' };
    expect(await findings(oneRule("regex: 'def \\w+\\(\\):\\s+pass'"), files)).toEqual([]);
    expect(
      await findings(
        oneRule("regex: { pattern: 'def \\w+\\(\\):\\s+pass', multiline: true }"),
        files,
      ),
    ).toEqual(['a.py:1:1 T']);
    // `^` and `$` are line boundaries in both modes, also before a CRLF line ending.
    expect(
      await findings(oneRule("regex: '^\\s+return 1$'"), {
        'b.py': 'def g():\r\n    return 1\r\n',
      }),
    ).toEqual(['b.py:2:1 T']);
  });

  it('reports every match on a line, but no empty match', async () => {
    expect(await findings(oneRule("regex: 'x*'"), { 'a.py': 'a = 1\nb = xx + x\n' })).toEqual([
      'a.py:2:5 T',
      'a.py:2:10 T',
    ]);
  });
});

describe('query', () => {
  const query = (pattern: string, at = '') =>
    oneRule(
      `query:\n  pattern: |\n${pattern
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}\n${at ? `  at: ${at}\n` : ''}`,
      "    message: '{{fn}} on {{arg}}'\n",
    );

  it('places the finding on the outermost capture and fills the message from captures', async () => {
    const pattern =
      '(call function: (identifier) @fn arguments: (argument_list (identifier) @arg)) @call';
    expect(await findings(query(pattern), { 'a.py': 'x = 1\nresult = load(path)\n' })).toEqual([
      'a.py:2:10 load on path',
    ]);
    expect(
      await findings(query(pattern, 'arg'), { 'a.py': 'x = 1\nresult = load(path)\n' }),
    ).toEqual(['a.py:2:15 load on path']);
  });

  it('runs #match? on RE2 (inline flags work) and honours the other predicates', async () => {
    const pattern = [
      '(call function: (identifier) @fn arguments: (argument_list (identifier) @arg)',
      '  (#any-of? @fn "fit" "score")',
      '  (#match? @arg "(?i)^x_?test")',
      '  (#not-match? @arg "_ok$"))',
    ].join('\n');
    const result = await harness(query(pattern), {
      'a.py': [
        'fit(X_test)  # expect: t/r',
        'score(xtest)  # expect: t/r',
        'fit(X_train)  # ok: t/r',
        'predict(X_test)  # ok: t/r',
        'fit(X_test_ok)  # ok: t/r',
        '',
      ].join('\n'),
    });
    expect(summary(result)).toEqual([]);
    expect(result.rules[0].matched).toBe(2);
  });

  it('finds matches in notebook cells at the raw notebook line', async () => {
    const pattern =
      '(call function: (identifier) @fn arguments: (argument_list (identifier) @arg))';
    expect(
      await findings(query(pattern), {
        'n.ipynb': notebook({ type: 'code', source: ['%matplotlib inline\n', 'load(df)\n'] }),
      }),
    ).toEqual(['n.ipynb:8:6 load on df']);
  });
});

describe('import', () => {
  it('matches a module and its submodules however they are imported', async () => {
    const result = await harness(
      oneRule('import: [sklearn.model_selection, optuna]', "    message: 'imports {{module}}'\n"),
      {
        'serve.py': [
          'import sklearn  # ok: t/r',
          'import sklearn.model_selection  # expect: t/r',
          'from sklearn.model_selection import KFold  # expect: t/r',
          'from sklearn import model_selection, svm  # expect: t/r',
          'from sklearn import svm  # ok: t/r',
          'import optuna.samplers as samplers  # expect: t/r',
          'import optunax  # ok: t/r',
          'from . import model_selection  # ok: t/r',
          'from typing import TYPE_CHECKING',
          'if TYPE_CHECKING:',
          '    import optuna  # ok: t/r',
          'def f():',
          '    import optuna  # expect: t/r',
          '',
        ].join('\n'),
      },
    );
    expect(summary(result)).toEqual([]);
    expect(result.rules[0].matched).toBe(5);
  });

  it('captures the imported module', async () => {
    expect(
      await findings(oneRule('import: sklearn', "    message: 'imports {{module}}'\n"), {
        'a.py': 'from sklearn import model_selection\n',
      }),
    ).toEqual(['a.py:1:1 imports sklearn']);
  });
});

describe('call', () => {
  it('resolves names through imports and aliases', async () => {
    const result = await harness(
      oneRule('call: [torch.load, numpy.save, "*.fit"]', "    message: '{{callee}} is {{name}}'\n"),
      {
        'a.py': [
          'import torch',
          'import numpy as np',
          'from torch import load as l',
          'torch.load(f)  # expect: t/r',
          'l(f)  # expect: t/r',
          'np.save(p, a)  # expect: t/r',
          'load(f)  # ok: t/r',
          'numpy_save(p)  # ok: t/r',
          'model.fit(X)  # expect: t/r',
          'make_pipeline(a, b).fit(X)  # expect: t/r',
          'fit(X)  # ok: t/r',
          '',
        ].join('\n'),
      },
    );
    expect(summary(result)).toEqual([]);
    expect(
      await findings(oneRule('call: torch.load', "    message: '{{callee}} is {{name}}'\n"), {
        'b.py': 'from torch import load as l\nl(f)\n',
      }),
    ).toEqual(['b.py:2:1 l is torch.load']);
  });

  it('checks argument conditions by keyword and position', async () => {
    const match = [
      'call:',
      '  name: torch.load',
      '  args:',
      "    weights_only: { not-equals: 'True' }",
      '    0: { literal: false }',
    ].join('\n');
    const result = await harness(
      oneRule(match, "    message: 'load {{arg.0}} ({{arg.weights_only}})'\n"),
      {
        'a.py': [
          'import torch',
          'torch.load(path)  # expect: t/r',
          'torch.load(path, weights_only=False)  # expect: t/r',
          'torch.load(path, weights_only=True)  # ok: t/r',
          'torch.load("model.pt")  # ok: t/r',
          'torch.load(path, **options)  # ok: t/r',
          '',
        ].join('\n'),
      },
    );
    expect(summary(result)).toEqual([]);
    expect(
      await findings(oneRule(match, "    message: 'load {{arg.0}} ({{arg.weights_only}})'\n"), {
        'b.py': 'import torch\ntorch.load(path, weights_only=False)\n',
      }),
    ).toEqual(['b.py:2:1 load path (False)']);
  });

  it('supports missing, exists, equals and regex conditions', async () => {
    const match = (args: string) =>
      `call:\n  name: sklearn.model_selection.train_test_split\n  args: { ${args} }`;
    const files = {
      'a.py': [
        'from sklearn.model_selection import train_test_split as split',
        'split(X, y)',
        'split(X, y, random_state=42)',
        'split(X, y, random_state=seed, test_size=0.25)',
        '',
      ].join('\n'),
    };
    const lines = async (args: string) =>
      (await findings(oneRule(match(args)), files)).map((f) => f.split(' ')[0]);
    expect(await lines('random_state: { missing: true }')).toEqual(['a.py:2:1']);
    expect(await lines('random_state: { exists: true }')).toEqual(['a.py:3:1', 'a.py:4:1']);
    expect(await lines('random_state: { equals: 42 }')).toEqual(['a.py:3:1']);
    expect(await lines("test_size: { regex: '^0\\.2' }")).toEqual(['a.py:4:1']);
    expect(await lines('random_state: { literal: true }')).toEqual(['a.py:3:1']);
  });
});

describe('file-exists', () => {
  it('reports each file without its companion, with path parts in the message', async () => {
    const pack = oneRule(
      "file-exists: ['{{dir}}/model_card.md', '{{dir}}/docs/', '{{dir}}/tests/test_{{stem}}*.py']",
      "    files: ['**/MLproject', '*.ipynb']\n    message: '{{name}} needs {{path}}'\n",
    );
    expect(
      await findings(pack, {
        MLproject: 'name: root\n',
        'a/MLproject': 'name: a\n',
        'a/model_card.md': '# A\n',
        'b/MLproject': 'name: b\n',
        'b/docs/index.md': '# B\n',
        'c/sub/MLproject': 'name: c\n',
        'nb/explore.ipynb': notebook({ type: 'code', source: ['x = 1\n'] }),
        'nb/tests/test_explore_cells.py': 'def test(): pass\n',
        'nb/other.ipynb': notebook({ type: 'code', source: ['x = 1\n'] }),
      }),
    ).toEqual([
      'MLproject:1:1 MLproject needs model_card.md',
      'c/sub/MLproject:1:1 MLproject needs c/sub/model_card.md',
      'nb/other.ipynb:1:1 other.ipynb needs nb/model_card.md',
    ]);
  });

  it('never finds a companion outside the repository', async () => {
    expect(
      await findings(
        oneRule("file-exists: '{{dir}}/../../outside.md'", "    files: ['a/MLproject']\n"),
        {
          'a/MLproject': 'name: a\n',
        },
      ),
    ).toEqual(['a/MLproject:1:1 T']);
  });
});

describe('key', () => {
  it('matches values at dotted paths in YAML, JSON and TOML', async () => {
    const pack = oneRule(
      "key: { path: '*.filepath', regex: '^/' }",
      "    message: '{{path}} = {{value}} ({{key}})'\n",
    );
    expect(
      await findings(pack, {
        'catalog.yml': 'raw:\n  filepath: /data/raw.csv\nok:\n  filepath: data/ok.csv\n',
        'catalog.json': '{\n  "raw": { "filepath": "/data/raw.json" }\n}\n',
        'catalog.toml': '[raw]\nfilepath = "/data/raw.toml"\n\n[ok]\nfilepath = "rel.toml"\n',
      }),
    ).toEqual([
      'catalog.json:2:12 raw.filepath = /data/raw.json (filepath)',
      'catalog.toml:2:1 raw.filepath = /data/raw.toml (filepath)',
      'catalog.yml:2:3 raw.filepath = /data/raw.csv (filepath)',
    ]);
  });

  it('reports a missing key at the mapping that lacks it', async () => {
    const result = await harness(
      oneRule('key: { path: train.seed, missing: true }', "    files: ['*.yaml']\n"),
      {
        'with.yaml': 'train:\n  seed: 1\n',
        'without.yaml': 'train:  # expect: t/r\n  lr: 0.1\n',
        'no-train.yaml': '# expect: t/r\nmodel: rf\n',
        // An empty file has no line to annotate: its sidecar says line 1.
        'empty.yaml': '',
        'empty.yaml.expect': '1: expect: t/r\n',
      },
    );
    expect(summary(result)).toEqual([]);
    expect(result.rules[0].matched).toBe(3);
    expect(
      await findings(
        oneRule(
          'key: { path: seed, missing: true }',
          "    files: ['*.yaml']\n    message: 'no {{path}}'\n",
        ),
        {
          'params.yaml': '',
          'b.yaml': 'lr: 1\n---\nseed: 2\n',
        },
      ),
    ).toEqual(['b.yaml:1:1 no seed', 'params.yaml:1:1 no seed']);
    // A TOML document is reported at its first key, after any leading comments.
    expect(
      await findings(oneRule('key: { path: seed, missing: true }', "    files: ['*.toml']\n"), {
        'params.toml': '# training parameters\n\nlr = 0.1\n[model]\ndepth = 3\n',
      }),
    ).toEqual(['params.toml:3:1 T']);
  });

  it('supports **, list indices, escaped dots and the value conditions', async () => {
    const files = {
      'c.yaml': [
        'stages:',
        '  - name: prep',
        '    cmd: python prep.py',
        '  - name: train',
        '    params: { lr: 0.1, epochs: 10, "a.b": yes }',
        'meta:',
        '  deep:',
        '    epochs: 3',
        '',
      ].join('\n'),
    };
    const at = async (key: string) =>
      (await findings(oneRule(`key: { ${key} }`), files)).map((f) => f.split(' ')[0]);
    expect(await at('path: stages.1.name, equals: train')).toEqual(['c.yaml:4:5']);
    expect(await at("path: 'stages[1].name', equals: train")).toEqual(['c.yaml:4:5']);
    expect(await at("path: 'stages[*].cmd'")).toEqual(['c.yaml:3:5']);
    expect(await at('path: stages.*.name, not-equals: train')).toEqual(['c.yaml:2:5']);
    expect(await at("path: '**.epochs'")).toEqual(['c.yaml:5:24', 'c.yaml:8:5']);
    expect(await at("path: '**.epochs', type: integer")).toEqual(['c.yaml:5:24', 'c.yaml:8:5']);
    expect(await at("path: 'stages.*.params.lr', type: string")).toEqual([]);
    expect(await at("path: 'stages.*.params.a\\.b', equals: yes")).toEqual(['c.yaml:5:36']);
    expect(await at('path: stages, type: list')).toEqual(['c.yaml:1:1']);
  });
});

describe('scope matchers and composition', () => {
  const code = [
    'import mlflow',
    'class Model:',
    '    def predict(self, x):',
    '        self.model.fit(x)',
    '        return x',
    '    def train(self, x):',
    '        self.model.fit(x)',
    'def serve_batch(x):',
    '    with mlflow.start_run():',
    '        model.fit(x)',
    '    model.fit(x)',
    '',
  ].join('\n');

  it('all + inside keeps matches within a function, class or with block', async () => {
    const inside = async (container: string) =>
      (
        await findings(oneRule(`all:\n  - call: '*.fit'\n  - inside: { ${container} }`), {
          'a.py': code,
        })
      ).map((f) => f.split(' ')[0]);
    expect(await inside("function: '(predict|serve)\\w*'")).toEqual([
      'a.py:4:9',
      'a.py:10:9',
      'a.py:11:5',
    ]);
    expect(await inside("class: 'Mod.*'")).toEqual(['a.py:4:9', 'a.py:7:9']);
    expect(await inside('with: mlflow.start_run')).toEqual(['a.py:10:9']);
    // The whole name must match: `serve` alone is not `serve_batch`.
    expect(await inside("function: 'serve'")).toEqual([]);
  });

  it('all + not drops overlapping matches; not + inside drops contained ones', async () => {
    const run = async (match: string) =>
      (await findings(oneRule(match), { 'a.py': code })).map((f) => f.split(' ')[0]);
    expect(await run("all:\n  - call: '*.fit'\n  - not: { regex: 'self\\.' }")).toEqual([
      'a.py:10:9',
      'a.py:11:5',
    ]);
    expect(
      await run("all:\n  - call: '*.fit'\n  - not: { inside: { with: mlflow.start_run } }"),
    ).toEqual(['a.py:4:9', 'a.py:7:9', 'a.py:11:5']);
    // Positive members must overlap: a regex on the same call agrees, one elsewhere does not.
    expect(
      await run(
        "all:\n  - call: '*.fit'\n  - regex: 'model\\.fit'\n  - inside: { function: train }",
      ),
    ).toEqual(['a.py:7:9']);
  });

  it('any unites, and not outside all matches files where nothing matches', async () => {
    const files = {
      'a.py': 'import random\nrandom.seed(1)\n',
      'b.py': 'x = 1\n',
      'c.py': 'breakpoint()\n',
    };
    expect(
      (await findings(oneRule("any:\n  - call: random.seed\n  - regex: 'breakpoint'"), files)).map(
        (f) => f.split(' ')[0],
      ),
    ).toEqual(['a.py:2:1', 'c.py:1:1']);
    expect(await findings(oneRule('not: { call: random.seed }'), files)).toEqual([
      'b.py:1:1 T',
      'c.py:1:1 T',
    ]);
    expect(
      await findings(
        oneRule("all:\n  - not: { call: random.seed }\n  - not: { regex: 'breakpoint' }"),
        files,
      ),
    ).toEqual(['b.py:1:1 T']);
  });

  it('takes captures from every positive member, the first member winning a shared name', async () => {
    const match =
      "all:\n  - call: '*.fit'\n  - inside: { function: '\\w+' }\n  - regex: '(?P<receiver>\\w+)\\.fit'";
    expect(
      await findings(oneRule(match, "    message: '{{receiver}} {{name}}'\n"), {
        'a.py': 'def go():\n    m.fit(1)\n',
      }),
    ).toEqual(['a.py:2:5 m m.fit']);
  });
});
