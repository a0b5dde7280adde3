// The demo in examples/ is the README's first command: every gate must fire there, at the
// planted lines, and nowhere else.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { run } from '../../src/run.js';

it('the demo repository shows every built-in gate at its planted problem', async () => {
  const root = fileURLToPath(new URL('../../examples', import.meta.url));
  const result = await run({ root, failOn: 'never' });
  const where = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
  expect(where).toEqual(
    expect.arrayContaining([
      'pinned-dependencies Dockerfile:1',
      'pinned-dependencies requirements.txt:2',
      'pinned-dependencies requirements.txt:3',
      'undeclared-dependencies src/churn/train.py:4',
      'hardcoded-paths src/churn/train.py:10',
      'hardcoded-paths conf/catalog.yml:4',
      'train-predict-separation serving/app.py:6',
      'model-interface src/churn/model.py:11',
      'schema-acceptance data/example_request.json:2',
    ]),
  );
  const notebook = result.findings.filter((f) => f.file === 'notebooks/exploration.ipynb');
  expect(notebook.map((f) => `${f.ruleId} cell ${f.cell?.index}:${f.cell?.line}`).sort()).toEqual([
    'hardcoded-paths cell 3:4',
    'pinned-dependencies cell 2:1',
  ]);
  // Nothing from the engine itself: no parse errors, crashed rules or stale suppressions.
  const engine = new Set(['parse-error', 'internal-error', 'unused-suppression']);
  expect(result.findings.filter((f) => engine.has(f.ruleId))).toEqual([]);
  expect(result.passed).toBe(true);
});
