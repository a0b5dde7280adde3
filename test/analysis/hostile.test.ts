// Malformed and hostile Python must never crash or hang the analysis.
import { describe, expect, it } from 'vitest';
import { outlineOf } from '../../src/analysis/outline.js';
import { trainingPathsFrom } from '../../src/analysis/reach.js';
import { DEFAULT_TRAINING_METHODS } from '../../src/analysis/training-api.js';
import { fakeContext } from './fake-context.js';
import { pyDoc } from './helpers.js';

const deepAttribute = `x = ${Array.from({ length: 3000 }, () => 'a').join('.')}.fit(X)\n`;
const deepIfs =
  Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}if c${i}:`).join('\n') +
  `\n${' '.repeat(150)}model.fit(X)\n`;

describe('hostile input', () => {
  it('outlines pathological text without throwing', () => {
    const texts = [
      '('.repeat(20000) + '\nimport os\n',
      'f"' + '{f"'.repeat(200) + '\nimport sys\n',
      '"""never closed\nimport json\n',
      'import a\x00b\nfrom \x01 import \x02\n',
      'x = 1 ' + '+ 1 '.repeat(50000) + '\n',
      deepAttribute,
      deepIfs,
      '\\\n'.repeat(1000),
    ];
    for (const text of texts) expect(() => outlineOf(pyDoc('h.py', text))).not.toThrow();
    expect(outlineOf(pyDoc('h.py', texts[0])).imports.map((r) => r.module)).toEqual(['os']);
  });

  it('walks deeply nested serving code to its training call', async () => {
    const ctx = fakeContext({ 'serve.py': deepAttribute + deepIfs });
    const paths = await trainingPathsFrom(ctx, 'serve.py', {
      trainingMethods: new Set(DEFAULT_TRAINING_METHODS),
    });
    expect(paths.map((p) => p.start.location.line)).toEqual([1, 152]);
  });
});
