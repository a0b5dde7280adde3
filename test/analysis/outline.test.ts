import { describe, expect, it } from 'vitest';
import { outlineOf } from '../../src/analysis/outline.js';
import { logicalLines } from '../../src/analysis/tokenize.js';
import type { CodeDocument } from '../../src/engine/types.js';
import { pyDoc, unitOf } from './helpers.js';

const imports = (text: string) =>
  outlineOf(pyDoc('pkg/m.py', text)).imports.map((r) => ({
    line: r.location.line,
    kind: r.kind,
    module: r.module,
    names: r.names,
    level: r.level,
    inFunction: r.inFunction,
    typeOnly: r.typeOnly,
    guarded: r.guarded,
    scope: r.scope,
    mainGuard: r.mainGuard,
    binds: r.binds,
  }));

describe('logicalLines', () => {
  it('joins bracketed and backslash-continued lines and skips comments and strings', () => {
    const lines = logicalLines(
      'x = (1,\n  2)  # import os\ny = "import json" \\\n  + z\n"""\nimport nope\n"""\n',
    );
    expect(lines.map((l) => [l.row, l.tokens.map((t) => t.value).join(' ')])).toEqual([
      [0, 'x = ( 1 , 2 )'],
      [2, 'y = "import json" + z'],
      [4, '"""\nimport nope\n"""'],
    ]);
  });

  it('measures indentation with tabs advancing to multiples of eight', () => {
    expect(logicalLines('if x:\n\tpass\n  \tpass\n').map((l) => l.indent)).toEqual([0, 8, 8]);
  });

  it('reads f-strings with nested quotes and braces as one token', () => {
    const [line] = logicalLines('s = f"{d["k"]:>{w}} {{literal}} {"}"}" + rest\n');
    expect(line.tokens.map((t) => t.kind)).toEqual(['name', 'op', 'string', 'op', 'name']);
  });

  it('gives plain string literals their content and leaves f-strings without one', () => {
    const [line] = logicalLines(`a("x.y", r'z', f"w", b"q")`);
    expect(line.tokens.filter((t) => t.kind === 'string').map((t) => t.literal)).toEqual([
      'x.y',
      'z',
      undefined,
      undefined,
    ]);
  });

  it('ends an unterminated one-line string at the line end', () => {
    const lines = logicalLines('bad = "open\nimport os\n');
    expect(lines[1].tokens.map((t) => t.value)).toEqual(['import', 'os']);
  });

  it('recovers from an unclosed bracket at the next import or def', () => {
    const lines = logicalLines('print(1,\nimport os\ndef f():\n    pass\n');
    expect(lines.map((l) => l.tokens[0].value)).toEqual(['print', 'import', 'def', 'pass']);
  });
});

describe('outline imports', () => {
  it('reads every statement form with its binding', () => {
    expect(
      imports(
        [
          'import os, numpy as np',
          'import a.b.c',
          'from . import sibling',
          'from ..pkg.mod import (a,',
          '    b as bb,  # import z',
          ')',
          'from x import \\',
          '    y',
          'from m import *',
        ].join('\n'),
      ).map((r) => [r.line, r.kind, r.module, r.names, r.level, r.binds]),
    ).toEqual([
      [1, 'import', 'os', [], 0, { os: 'os' }],
      [1, 'import', 'numpy', [], 0, { np: 'numpy' }],
      [2, 'import', 'a.b.c', [], 0, { a: 'a' }],
      [3, 'from', '', ['sibling'], 1, { sibling: '.sibling' }],
      [4, 'from', 'pkg.mod', ['a', 'b'], 2, { a: '..pkg.mod.a', bb: '..pkg.mod.b' }],
      [7, 'from', 'x', ['y'], 0, { y: 'x.y' }],
      [9, 'from', 'm', ['*'], 0, {}],
    ]);
  });

  it('marks function, TYPE_CHECKING, guarded and main-guard context', () => {
    const text = [
      'try:',
      '    import ujson as json',
      'except (ImportError, OSError):',
      '    import json',
      'try:',
      '    import yaml',
      'except ValueError:',
      '    pass',
      'if typing.TYPE_CHECKING:',
      '    from torch import Tensor',
      'else:',
      '    import runtime',
      'class Model:',
      '    def predict(self):',
      '        from .helpers import load',
      'if __name__ == "__main__":',
      '    import cli',
      'if flag: import oneliner',
    ].join('\n');
    expect(
      imports(text).map((r) => [
        r.module,
        r.guarded,
        r.typeOnly,
        r.inFunction,
        r.scope,
        r.mainGuard,
      ]),
    ).toEqual([
      ['ujson', true, false, false, '', false],
      ['json', false, false, false, '', false],
      ['yaml', false, false, false, '', false],
      ['torch', false, true, false, '', false],
      ['runtime', false, false, false, '', false],
      ['helpers', false, false, true, 'Model.predict', false],
      ['cli', false, false, false, '', true],
      ['oneliner', false, false, false, '', false],
    ]);
  });

  it('finds literal importlib and __import__ calls, relative ones included, and skips computed names', () => {
    const text = [
      'import importlib',
      'a = importlib.import_module("plugins.csv")',
      'b = import_module(".local", package=__name__)',
      'c = __import__("json")',
      'd = importlib.import_module(name)',
      'e = importlib.import_module(f"plugins.{kind}")',
      'f = lambda: __import__("lazy")',
    ].join('\n');
    expect(
      imports(text)
        .filter((r) => r.kind === 'importlib')
        .map((r) => [r.line, r.module, r.level, r.inFunction]),
    ).toEqual([
      [2, 'plugins.csv', 0, false],
      [3, 'local', 1, false],
      [4, 'json', 0, false],
      [7, 'lazy', 0, true],
    ]);
  });

  it('turns %run magics into notebook-run records on the raw line of their cell', () => {
    const doc: CodeDocument = {
      file: 'nb.ipynb',
      kind: 'notebook',
      units: [
        unitOf('nb.ipynb', '\nx = 1\n', {
          index: 2,
          firstLine: 20,
          magics: [
            { row: 0, kind: 'line', command: 'run -i "../shared/setup.ipynb" arg', column: 1 },
          ],
        }),
      ],
    };
    const [record] = outlineOf(doc).imports;
    expect(record).toMatchObject({
      kind: 'notebook-run',
      module: '../shared/setup.ipynb',
      location: { line: 20, cell: { index: 2, line: 1 } },
    });
  });
});

describe('outline definitions and uses', () => {
  const outline = outlineOf(
    pyDoc(
      'app.py',
      [
        'import mlflow.pyfunc as pf',
        'app = Flask(__name__)',
        '@app.route("/predict", methods=["POST"])',
        'def predict(a, *, b=1):',
        '    return pf.load_model("m").predict(a)',
        'class Wrapped(pf.PythonModel, metaclass=Meta):',
        '    def load_context(self, context): ...',
        '    def predict(self, context, rows): ...',
      ].join('\n'),
    ),
  );

  it('lists top-level functions with parameters, classes with bases and methods', () => {
    expect(outline.functions.map((f) => [f.name, f.params])).toEqual([['predict', ['a', 'b']]]);
    expect(outline.classes.map((c) => [c.name, c.bases, c.methods])).toEqual([
      ['Wrapped', ['pf.PythonModel'], ['load_context', 'predict']],
    ]);
  });

  it('records decorators with their string arguments and target', () => {
    expect(outline.decorators.map((d) => [d.name, d.strings, d.target, d.location.line])).toEqual([
      ['app.route', ['/predict', 'POST'], 'predict', 3],
    ]);
  });

  it('records dotted uses with first location, scope and whether they are called', () => {
    const load = outline.references.get('pf.load_model');
    expect(load).toMatchObject({ called: true, count: 1, location: { line: 5, column: 12 } });
    expect([...(load?.scopes ?? [])]).toEqual(['predict']);
    expect(outline.references.get('Flask')).toMatchObject({ called: true });
    expect(outline.references.has('return')).toBe(false);
  });
});

describe('notebook top-level code', () => {
  const notebook = (cells: string[]): CodeDocument => ({
    file: 'nb.ipynb',
    kind: 'notebook',
    units: cells.map((text, i) =>
      unitOf('nb.ipynb', text, { index: i + 1, firstLine: 10 * (i + 1) }),
    ),
  });

  it('accepts definitions, imports, constants, docstrings and guarded blocks', () => {
    const doc = notebook([
      '"""Helpers."""\nimport numpy as np\nTHRESHOLD = 0.5\ncols = ["a", "b"]',
      'def f(x):\n    return np.clip(x, 0, 1)\n\nclass C:\n    pass',
      'try:\n    import torch\nexcept ImportError:\n    torch = None',
      'if TYPE_CHECKING:\n    import pandas\nif __name__ == "__main__":\n    f(2)',
    ]);
    expect(outlineOf(doc).topLevelCode).toEqual([]);
  });

  it('reports statements that run, with their cell and line', () => {
    const doc = notebook([
      'import pandas as pd',
      'df = pd.read_csv("x.csv")\nprint(df)',
      'for i in range(3):\n    fit(i)',
    ]);
    expect(
      outlineOf(doc).topLevelCode.map((c) => [
        c.location.cell?.index,
        c.location.cell?.line,
        c.snippet,
      ]),
    ).toEqual([
      [2, 1, 'df = pd.read_csv("x.csv")'],
      [2, 2, 'print(df)'],
      [3, 1, 'for i in range(3)'],
    ]);
  });

  it('counts shell escapes and executing magics but not configuration magics', () => {
    const doc: CodeDocument = {
      file: 'nb.ipynb',
      kind: 'notebook',
      units: [
        unitOf('nb.ipynb', '\n\n', {
          index: 1,
          firstLine: 5,
          magics: [
            { row: 0, kind: 'line', command: 'matplotlib inline', column: 1 },
            { row: 1, kind: 'shell', command: 'pip install torch', column: 1 },
          ],
        }),
      ],
    };
    expect(outlineOf(doc).topLevelCode.map((c) => c.snippet)).toEqual(['!pip install torch']);
  });
});
