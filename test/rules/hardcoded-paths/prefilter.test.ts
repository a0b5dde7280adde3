import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPath } from '../../../src/rules/support/paths/classify.js';
import { mayContainPath } from '../../../src/rules/support/paths/prefilter.js';

// Path-like values: a root the classifier knows (or not), then segments.
const roots = fc.constantFrom(
  '/home/',
  '/Users/',
  '/content/',
  '/content/drive/',
  '/dbfs/',
  'dbfs:/',
  '/Workspace/',
  '/Volumes/',
  '/mnt/',
  '/media/',
  '/efs/',
  '/gpfs/',
  '/scratch/',
  '/root/',
  '/kaggle/',
  '/raid/',
  '/data/',
  '/tmp/',
  '~/',
  '~alice/',
  '~\\',
  'C:\\',
  'd:/',
  'C:\\\\',
  '\\\\server\\',
  'file:///home/',
  '/données/',
);
const segment = fc.stringMatching(/^[A-Za-z0-9_.é-]{1,12}$/);
const pathValue = fc
  .tuple(roots, fc.array(segment, { minLength: 1, maxLength: 4 }))
  .map(([root, parts]) => root + parts.join('/'));

// The ways a value appears in the raw text the prefilter sees.
const spellings = (value: string): string[] => {
  const python = `x = "${value.replace(/\\/g, '\\\\')}"`;
  const raw = `x = r'${value}'`;
  const yaml = `key: ${value}`;
  return [python, raw, yaml, JSON.stringify(python), JSON.stringify(raw).replace(/\//g, '\\/')];
};

describe('mayContainPath', () => {
  it('lets through every text holding a value the classifier reports (both modes)', () => {
    fc.assert(
      fc.property(pathValue, fc.boolean(), (value, strict) => {
        if (!classifyPath(value, { strict })) return;
        for (const text of spellings(value)) expect(mayContainPath(text, strict)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    'import os\nx = os.path.join(root, "data", "train.csv")\n',
    'url = "https://example.com/api/v1/x"\nmime = "text/csv"\n',
    'df = pd.read_csv("data/raw/train.csv")  # 12/31 split\n',
    '{"name": "churn", "version": "1.0.0"}',
    'x = a / b / 2\n',
  ])('rules out text with no candidate path in default mode: %j', (text) => {
    expect(mayContainPath(text, false)).toBe(false);
  });

  it('stays linear on long runs of backslashes, tildes and slashes', () => {
    // Quadratic backtracking here would stall the run for hours on one hostile file.
    for (const text of ['\\'.repeat(1_000_000), '~a'.repeat(500_000), '"/'.repeat(500_000)]) {
      expect(mayContainPath(text, true)).toBe(false);
    }
  });

  it('is wider in strict mode', () => {
    expect(mayContainPath('out = "/raid/run1"', false)).toBe(false);
    expect(mayContainPath('out = "/raid/run1"', true)).toBe(true);
    expect(mayContainPath('out: /raid/run1', true)).toBe(true);
  });
});
