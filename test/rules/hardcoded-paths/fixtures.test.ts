import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkAnnotations } from '../../../src/engine/harness.js';
import rule from '../../../src/rules/hardcoded-paths.js';

const fixtures = fileURLToPath(new URL('../../fixtures/hardcoded-paths/', import.meta.url));

describe('hardcoded-paths annotated fixtures', () => {
  it('reports exactly the annotated lines in default mode', async () => {
    const result = await checkAnnotations(`${fixtures}default`, [rule as never]);
    expect(result.missing).toEqual([]);
    expect(result.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.matched).toBeGreaterThan(30);
  });

  it('reports exactly the annotated lines in strict mode', async () => {
    const result = await checkAnnotations(`${fixtures}strict`, [rule as never], { strict: true });
    expect(result.missing).toEqual([]);
    expect(result.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.matched).toBeGreaterThan(8);
  });

  it('places notebook findings on the raw .ipynb line and names the cell', async () => {
    const result = await checkAnnotations(`${fixtures}default`, [rule as never]);
    const notebook = result.findings.filter((f) => f.file.endsWith('.ipynb'));
    const cd = notebook.find((f) => f.message.includes('%') || f.message.includes('magic'));
    expect(cd).toMatchObject({ line: 41, cell: { index: 3, line: 2 } });
    const csv = notebook.find((f) => f.message.includes('train.csv'));
    expect(csv).toMatchObject({ line: 69, column: 23, cell: { index: 4, line: 1 } });
  });
});
