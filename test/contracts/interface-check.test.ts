import { describe, expect, it } from 'vitest';
import type { CodeUnit } from '../../src/engine/types.js';
import { compareCallable, missingAnnotations } from '../../src/contracts/interface-check.js';
import { findFunction, readModule } from '../../src/contracts/python-defs.js';
import { presetInterface } from '../../src/contracts/presets.js';
import { resolveCallable, type DeclaredCallable } from '../../src/contracts/signature.js';
import type { MatchMode } from '../../src/contracts/types.js';
import { parsePython } from '../../src/sources/python.js';

const at = { file: 'c.yml', line: 1, column: 1 };

async function declared(signature: string): Promise<DeclaredCallable> {
  const resolved = await resolveCallable('f', { signature, required: true, at }, parsePython);
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved.callable;
}

async function mismatches(
  signature: string | DeclaredCallable,
  code: string,
  mode: MatchMode = 'exact',
  isMethod = false,
) {
  const u: CodeUnit = {
    file: 'm.py',
    text: code,
    magics: [],
    locate: (r, c) => ({ file: 'm.py', line: r + 1, column: c + 1 }),
  };
  const module = readModule([{ unit: u, tree: await parsePython(code) }]);
  const fn = findFunction(module, 'f')!;
  const decl = typeof signature === 'string' ? await declared(signature) : signature;
  return compareCallable(decl, fn, {
    mode,
    isMethod,
    imports: module.imports,
    aliases: module.aliases,
    title: 'f',
  }).map((m) => m.message);
}

describe('compareCallable in exact mode', () => {
  it('accepts a matching definition written with other spellings', async () => {
    const code =
      'import pandas\nfrom typing import Optional, List\ndef f(X: pandas.DataFrame, k: Optional[List[int]] = None) -> "np.ndarray": ...\n';
    expect(
      await mismatches('(X: pd.DataFrame, k: list[int] | None = None) -> np.ndarray', code),
    ).toEqual([]);
  });

  it('reports a renamed, reordered or missing parameter', async () => {
    expect(await mismatches('(X, y)', 'def f(y, X): ...\n')).toEqual([
      '`f` parameter 1 is `y`; the contract says `X`',
      '`f` parameter 2 is `X`; the contract says `y`',
    ]);
    expect(await mismatches('(X, y)', 'def f(X): ...\n')).toEqual([
      '`f` is missing parameter `y` (position 2 in the contract)',
    ]);
    expect(await mismatches('(X)', 'def f(X, y): ...\n')).toEqual([
      '`f` parameter `y` is not in the contract',
    ]);
  });

  it('reports kinds and defaults that differ', async () => {
    expect(await mismatches('(X, *, k=5)', 'def f(X, k=5): ...\n')).toEqual([
      '`f` parameter `k` is positional-or-keyword; the contract says keyword-only',
    ]);
    expect(await mismatches('(X, /)', 'def f(X): ...\n')).toEqual([
      '`f` parameter `X` is positional-or-keyword; the contract says positional-only',
    ]);
    expect(await mismatches('(X, k=5)', 'def f(X, k=10): ...\n')).toEqual([
      '`f` parameter `k` defaults to `10`; the contract says `5`',
    ]);
    expect(await mismatches('(X, k=5)', 'def f(X, k): ...\n')).toEqual([
      '`f` parameter `k` has no default; the contract says `= 5`',
    ]);
    expect(await mismatches('(X, k)', 'def f(X, k=1): ...\n')).toEqual([
      '`f` parameter `k` has a default `1` the contract does not declare',
    ]);
    expect(await mismatches("(X, mode='a')", 'def f(X, mode="a"): ...\n')).toEqual([]);
    expect(await mismatches('(*args, **kwargs)', 'def f(*args, **kw): ...\n')).toEqual([
      '`f` parameter 2 is `kw`; the contract says `kwargs`',
    ]);
  });

  it('reports annotation and return mismatches with the normalised forms', async () => {
    const [param, ret] = await mismatches(
      '(X: pd.DataFrame) -> np.ndarray',
      'import numpy as np\ndef f(X: np.ndarray) -> list: ...\n',
    );
    expect(param).toBe(
      '`f` parameter `X` is annotated `np.ndarray`; the contract says `pd.DataFrame` (normalised: `numpy.ndarray` vs `pandas.DataFrame`)',
    );
    expect(ret).toBe(
      '`f` return type is annotated `list`; the contract says `np.ndarray` (normalised: `list` vs `numpy.ndarray`)',
    );
    expect(await mismatches('(X: int) -> int', 'def f(X): ...\n')).toEqual([
      '`f` parameter `X` has no annotation; the contract says `int`',
      '`f` has no return annotation; the contract says `int`',
    ]);
  });

  it('ignores self when the contract spells it out or leaves it out', async () => {
    expect(
      await mismatches('(self, X: int) -> int', 'def f(self, X: int) -> int: ...\n', 'exact', true),
    ).toEqual([]);
    expect(
      await mismatches('(X: int) -> int', 'def f(self, X: int) -> int: ...\n', 'exact', true),
    ).toEqual([]);
  });
});

describe('compareCallable in compatible mode (presets)', () => {
  const sklearn = presetInterface('sklearn', at).methods;
  const fit = sklearn.find((m) => m.name === 'fit')!;
  const pyfunc = presetInterface('mlflow-pyfunc', at).methods.find((m) => m.name === 'predict')!;

  it('accepts any names for positional-only framework arguments and extra defaulted parameters', async () => {
    expect(
      await mismatches(
        fit,
        'def f(self, features, target=None, sample_weight=None): ...\n',
        'compatible',
        true,
      ),
    ).toEqual([]);
    expect(await mismatches(fit, 'def f(self, *args): ...\n', 'compatible', true)).toEqual([]);
  });

  it('reports a missing argument or an extra required one', async () => {
    expect(await mismatches(fit, 'def f(self, X): ...\n', 'compatible', true)).toEqual([
      '`f` does not accept `y` as positional argument 2',
    ]);
    expect(await mismatches(fit, 'def f(self, X, y, weights): ...\n', 'compatible', true)).toEqual([
      "`f` parameter `weights` is required but the contract's callers never pass it; give it a default",
    ]);
  });

  it('requires MLflow params as a keyword with a default', async () => {
    expect(
      await mismatches(
        pyfunc,
        'def f(self, context, model_input, params=None): ...\n',
        'compatible',
        true,
      ),
    ).toEqual([]);
    expect(
      await mismatches(pyfunc, 'def f(self, ctx, data, **kwargs): ...\n', 'compatible', true),
    ).toEqual([]);
    expect(
      await mismatches(pyfunc, 'def f(self, context, data): ...\n', 'compatible', true),
    ).toEqual(['`f` does not accept `params` as a keyword argument']);
    expect(
      await mismatches(pyfunc, 'def f(self, context, data, params): ...\n', 'compatible', true),
    ).toEqual(['`f` parameter `params` needs a default: callers may leave it out']);
  });
});

describe('declared signatures', () => {
  it('reads parameter lists in both forms', async () => {
    const resolved = await resolveCallable(
      'f',
      {
        parameters: [
          'X: pd.DataFrame',
          '*',
          { name: 'k', annotation: 'int', default: 5 },
          { name: 'flag', default: null },
        ],
        returns: 'None',
        required: true,
        at,
      },
      parsePython,
    );
    expect('callable' in resolved && resolved.callable.params).toEqual([
      { name: 'X', kind: 'positional-or-keyword', annotation: 'pd.DataFrame', optional: false },
      { name: 'k', kind: 'keyword-only', annotation: 'int', default: '5', optional: true },
      { name: 'flag', kind: 'keyword-only', default: 'None', optional: true },
    ]);
  });

  it('rejects text that is not a signature', async () => {
    const bad = await resolveCallable(
      'f',
      { signature: '(X: ) ->', required: true, at },
      parsePython,
    );
    expect('error' in bad && bad.error).toMatch(/is not a Python signature/);
    const param = await resolveCallable(
      'f',
      { parameters: ['X, y'], required: true, at },
      parsePython,
    );
    expect('error' in param && param.error).toMatch(/is not one Python parameter/);
  });
});

describe('missingAnnotations', () => {
  it('lists unannotated parameters and the missing return, skipping self and __init__ returns', async () => {
    const code = 'class A:\n    def __init__(self, a): ...\n';
    const u: CodeUnit = {
      file: 'm.py',
      text: code,
      magics: [],
      locate: (r, c) => ({ file: 'm.py', line: r + 1, column: c + 1 }),
    };
    const module = readModule([{ unit: u, tree: await parsePython(code) }]);
    const init = module.classes[0].methods[0];
    const missing = missingAnnotations(init, true);
    expect(missing.params.map((p) => p.name)).toEqual(['a']);
    expect(missing.returns).toBe(false);
  });
});

describe('type aliases', () => {
  it('reads module-level aliases before comparing', async () => {
    const code = [
      'from typing import TypeAlias',
      'import pandas as pd',
      'import numpy as np',
      'Features = pd.DataFrame',
      'Labels: TypeAlias = "np.ndarray"',
      'type Scores = list[float] | None',
      'def f(X: Features, s: Scores) -> Labels: ...',
    ].join('\n');
    expect(
      await mismatches('(X: pd.DataFrame, s: Optional[List[float]]) -> np.ndarray', code),
    ).toEqual([]);
    expect(await mismatches('(X: pd.Series, s: list[float]) -> np.ndarray', code)).toEqual([
      '`f` parameter `X` is annotated `Features`; the contract says `pd.Series` (normalised: `pandas.DataFrame` vs `pandas.Series`)',
      '`f` parameter `s` is annotated `Scores`; the contract says `list[float]` (normalised: `list[float] | None` vs `list[float]`)',
    ]);
  });
});
