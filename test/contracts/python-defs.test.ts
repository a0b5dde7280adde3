import { describe, expect, it } from 'vitest';
import type { CodeUnit } from '../../src/engine/types.js';
import {
  findClass,
  findFunction,
  hasImplicitFirst,
  readModule,
} from '../../src/contracts/python-defs.js';
import { parsePython } from '../../src/sources/python.js';

function unit(text: string): CodeUnit {
  return {
    file: 'm.py',
    text,
    magics: [],
    locate: (row, column) => ({ file: 'm.py', line: row + 1, column: column + 1 }),
  };
}

async function read(text: string) {
  const u = unit(text);
  return readModule([{ unit: u, tree: await parsePython(text) }]);
}

describe('readModule', () => {
  it('maps imported names to qualified names', async () => {
    const module = await read(
      [
        'import pandas as pd',
        'import numpy',
        'import os.path',
        'from typing import Optional as Opt, Any',
        'from .schemas import Payload',
        'from .. import base',
        'from sklearn.base import *',
        'try:',
        '    import torch',
        'except ImportError:',
        '    torch = None',
      ].join('\n'),
    );
    expect(Object.fromEntries(module.imports)).toEqual({
      pd: 'pandas',
      numpy: 'numpy',
      os: 'os',
      Opt: 'typing.Optional',
      Any: 'typing.Any',
      Payload: '.schemas.Payload',
      base: '..base',
      torch: 'torch',
    });
  });

  it('reads every parameter kind, annotation and default', async () => {
    const module = await read(
      'def f(a, b: int, /, c=1, d: "X" = None, *args: int, e, f: list[int] | None = [], **kw) -> dict[str, int]:\n    pass\n',
    );
    const fn = findFunction(module, 'f')!;
    expect(fn.params.map((p) => [p.name, p.kind, p.annotation ?? null, p.default ?? null])).toEqual(
      [
        ['a', 'positional-only', null, null],
        ['b', 'positional-only', 'int', null],
        ['c', 'positional-or-keyword', null, '1'],
        ['d', 'positional-or-keyword', '"X"', 'None'],
        ['args', 'var-positional', 'int', null],
        ['e', 'keyword-only', null, null],
        ['f', 'keyword-only', 'list[int] | None', '[]'],
        ['kw', 'var-keyword', null, null],
      ],
    );
    expect(fn.returns).toBe('dict[str, int]');
  });

  it('reads bare * as the start of keyword-only parameters', async () => {
    const fn = findFunction(await read('def g(self, *, x, y=2): ...\n'), 'g')!;
    expect(fn.params.map((p) => p.kind)).toEqual([
      'positional-or-keyword',
      'keyword-only',
      'keyword-only',
    ]);
  });

  it('reads classes with bases, decorated methods, nested classes and the def line', async () => {
    const text = [
      'import mlflow',
      '',
      '@dataclass',
      'class Model(mlflow.pyfunc.PythonModel, metaclass=Meta):',
      '    @staticmethod',
      '    def predict(X):',
      '        return X',
      '',
      '    async def serve(self) -> None: ...',
      '',
      '    class Config:',
      '        def fit(self, X): ...',
    ].join('\n');
    const module = await read(text);
    const cls = findClass(module, 'Model')!;
    expect(cls.bases).toEqual(['mlflow.pyfunc.PythonModel']);
    expect(cls.decorators).toEqual(['dataclass']);
    expect(cls.at.row).toBe(3);
    const predict = cls.methods.find((m) => m.name === 'predict')!;
    expect(predict.decorators).toEqual(['staticmethod']);
    expect(predict.at.row).toBe(5);
    expect(hasImplicitFirst(predict)).toBe(false);
    expect(cls.methods.find((m) => m.name === 'serve')!.isAsync).toBe(true);
    expect(findClass(module, 'Model.Config')!.methods[0].name).toBe('fit');
    expect(findClass(module, 'Nope')).toBeUndefined();
  });

  it('takes the last definition when a notebook redefines a class', async () => {
    const first = unit('class A:\n    def predict(self, X): ...\n');
    const second = unit('class A:\n    def predict(self, X, y): ...\n');
    const module = readModule([
      { unit: first, tree: await parsePython(first.text) },
      { unit: second, tree: await parsePython(second.text) },
    ]);
    expect(findClass(module, 'A')!.methods[0].params).toHaveLength(3);
  });

  it('survives syntax errors and keeps what parses', async () => {
    const module = await read('def ok(x: int) -> int:\n    return x\n\ndef broken(:\n    pass\n');
    expect(findFunction(module, 'ok')?.returns).toBe('int');
  });
});
