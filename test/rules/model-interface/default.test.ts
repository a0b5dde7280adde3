import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkAnnotations } from '../../../src/engine/harness.js';
import modelInterface from '../../../src/rules/model-interface.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/model-interface');

describe('model-interface without a contract', () => {
  it('reports exactly the annotated unannotated prediction entrypoints', async () => {
    const result = await checkAnnotations(join(FIXTURES, 'default'), [modelInterface]);
    expect(result.missing).toEqual([]);
    expect(result.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.matched).toBeGreaterThanOrEqual(7);
  });
});

describe('model-interface with a contract', () => {
  it('reports every mismatch the contract fixture annotates, and nothing else', async () => {
    const result = await checkAnnotations(join(FIXTURES, 'contract'), [modelInterface]);
    expect(result.missing).toEqual([]);
    expect(result.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.matched).toBe(15);
  });

  it('names the parameter, both spellings and the contract in the message', async () => {
    const { findings } = await checkAnnotations(join(FIXTURES, 'contract'), [modelInterface]);
    const explain = findings.find((f) => f.file === 'src/churn/model.py' && f.line === 26);
    expect(explain?.message).toContain(
      '`ChurnModel.explain` parameter `X` is annotated `Optional[pd.DataFrame]`',
    );
    expect(explain?.message).toContain('`pandas.DataFrame | None` vs `pandas.DataFrame`');
    expect(explain?.message).toContain('contract "churn" (handoff.contract.yml)');
    expect(explain?.related).toEqual(['handoff.contract.yml']);
    const params = findings.find(
      (f) => f.file === 'src/serving/pyfunc.py' && f.line === 11 && /params/.test(f.message),
    );
    expect(params?.message).toContain('does not accept `params` as a keyword argument');
    const notebook = findings.find((f) => f.file === 'notebooks/model.ipynb');
    expect(notebook?.cell).toEqual({ index: 2, line: 2 });
  });
});
