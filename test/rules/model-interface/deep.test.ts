// Deep mode runs pyright (a dev dependency here) on a generated Protocol-conformance file.
import { afterEach, describe, expect, it } from 'vitest';
import { checkConformance, findPyright } from '../../../src/contracts/deep.js';
import modelInterface from '../../../src/rules/model-interface.js';
import { checkRepo } from '../../contracts/support/check-repo.js';
import { tempRepo, type TempRepo } from '../../contracts/support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const CONTRACT = [
  'models:',
  '  - name: scorer',
  '    entrypoint: src/scorer.py:Scorer',
  '    interface:',
  '      methods:',
  '        predict: "(self, X: list[float]) -> float"',
  '        explain: "(self, X: list[float]) -> str"',
].join('\n');

// `predict` is bound by assignment, which the static check cannot read; pyright can.
const SCORER = [
  'class Scorer:',
  '    def _score(self, X: list[float]) -> str:',
  '        return str(sum(X))',
  '',
  '    predict = _score',
  '',
  '    def explain(self, X: list[float]) -> str:',
  '        return "sum"',
  '',
].join('\n');

describe.skipIf(!findPyright())('model-interface deep mode', () => {
  it('reports what only a type checker sees, at the class, as a warning', async () => {
    repo = tempRepo({ 'handoff.contract.yml': CONTRACT, 'src/scorer.py': SCORER });
    const { findings } = await checkRepo(repo.root, [modelInterface], undefined, {
      'model-interface': { deep: true },
    });
    const summary = findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`);
    expect(summary).toHaveLength(2);
    expect(summary[0]).toMatch(
      /^note src\/scorer.py:1 `Scorer.predict` is assigned, not defined with `def`/,
    );
    expect(summary[1]).toMatch(
      /^warning src\/scorer.py:1 pyright: `Scorer` does not conform to the contract: "predict" is an incompatible type/,
    );
    expect(summary[1]).toMatch(/"str" is not assignable to "float"|incompatible with type "float"/);
  }, 120_000);

  it('stays quiet when the class conforms', async () => {
    repo = tempRepo({
      'handoff.contract.yml': CONTRACT,
      'src/scorer.py': SCORER.replace(
        '-> str:\n        return str(sum(X))',
        '-> float:\n        return sum(X)',
      ),
    });
    const { findings } = await checkRepo(repo.root, [modelInterface], undefined, {
      'model-interface': { deep: true },
    });
    expect(findings.map((f) => f.severity)).toEqual(['note']);
  }, 120_000);
});

describe('deep mode when pyright is missing or broken', () => {
  const target = {
    file: 'src/scorer.py',
    className: 'Scorer',
    methods: [],
    imports: new Map<string, string>(),
  };

  it('says pyright is not installed', async () => {
    expect(await checkConformance('/tmp', [target], 5000, null)).toEqual({
      unavailable: 'pyright is not installed here (it is a development dependency of handoff-gate)',
    });
  });

  it('says pyright failed when it prints no JSON', async () => {
    repo = tempRepo({
      'src/scorer.py': SCORER,
      'fake-pyright.js': "console.error('Error: no Python found'); process.exit(2)",
    });
    const result = await checkConformance(
      repo.root,
      [target],
      5000,
      `${repo.root}/fake-pyright.js`,
    );
    expect(result).toEqual({ unavailable: 'pyright failed (exit 2): Error: no Python found' });
  });
});
