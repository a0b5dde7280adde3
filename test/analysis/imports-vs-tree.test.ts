// The lexer-based import outline must agree with a tree-sitter reference on generated programs
// that mix every import form with the contexts that change an import's meaning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outlineOf } from '../../src/analysis/outline.js';
import { pyDoc } from './helpers.js';
import { treeImports, type TreeImport } from './tree-imports.js';

const ident = fc.constantFrom(
  'os',
  'numpy',
  'torch',
  'pkg',
  'utils',
  'train',
  'a_b',
  'Model',
  'x1',
);
const dotted = fc.array(ident, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));

const importLine: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(dotted, fc.option(ident, { nil: undefined }))
    .map(([m, alias]) => [`import ${m}${alias ? ` as ${alias}` : ''}`]),
  fc.tuple(dotted, dotted).map(([a, b]) => [`import ${a}, ${b} as zz`]),
  fc
    .tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.option(dotted, { nil: undefined }),
      fc.array(ident, { minLength: 1, maxLength: 3 }),
    )
    .map(([level, module, names]) => {
      const from = '.'.repeat(level) + (module ?? (level === 0 ? 'pkg' : ''));
      return [`from ${from} import ${names.join(', ')}`];
    }),
  fc
    .tuple(dotted, fc.array(ident, { minLength: 2, maxLength: 4 }))
    .map(([m, names]) => [
      `from ${m} import (`,
      ...names.map((n, i) => `    ${n}${i === 0 ? ' as first' : ''},  # import inside a comment`),
      ')',
    ]),
  fc.tuple(dotted, ident).map(([m, n]) => [`from ${m} import \\`, `    ${n}`]),
  dotted.map((m) => [`from ${m} import *`]),
  dotted.map((m) => [`mod = importlib.import_module("${m}")`]),
  dotted.map((m) => [`plugin = __import__('${m}')`]),
  fc.tuple(ident, ident).map(([a, b]) => [`import ${a}; import ${b}`]),
);

const noise: fc.Arbitrary<string[]> = fc.constantFrom(
  ['"""A docstring that says import os and from x import y."""'],
  ["text = 'import json  # not an import'"],
  ['template = f"{value!r} from {source} import {name}"'],
  ['nested = f"{d["import"]} done"'],
  ['call(', '    "from here import there",', ')'],
  ['value = 1  # import fake'],
  ['pass'],
  ["sql = '''", 'import nothing', "'''"],
);

type Block = { lines: string[] };
const wrap = (header: string, body: string[][], tail: string[][] = []): Block => ({
  lines: [header, ...body.flat().map((l) => `    ${l}`), ...tail.flat()],
});

const statement: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small' },
    importLine.map((lines) => ({ lines })),
    noise.map((lines) => ({ lines })),
    fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((b) =>
      wrap(
        'def helper(arg):',
        b.map((x) => x.lines),
      ),
    ),
    fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((b) =>
      wrap(
        'class Thing(Base):',
        b.map((x) => x.lines),
      ),
    ),
    fc.array(tie('block'), { minLength: 1, maxLength: 2 }).map((b) =>
      wrap(
        'if TYPE_CHECKING:',
        b.map((x) => x.lines),
      ),
    ),
    fc
      .tuple(
        fc.array(tie('block'), { minLength: 1, maxLength: 2 }),
        fc.constantFrom(
          'ImportError',
          'ModuleNotFoundError',
          'ValueError',
          '(ImportError, OSError)',
        ),
      )
      .map(([b, exc]) =>
        wrap(
          'try:',
          b.map((x) => x.lines),
          [[`except ${exc}:`, '    pass']],
        ),
      ),
    fc.array(tie('block'), { minLength: 1, maxLength: 2 }).map((b) =>
      wrap(
        'if __name__ == "__main__":',
        b.map((x) => x.lines),
      ),
    ),
    importLine.map((lines) => ({ lines: lines.length === 1 ? [`if flag: ${lines[0]}`] : lines })),
  ),
})).block;

const program = fc
  .array(statement, { minLength: 1, maxLength: 6 })
  .map((blocks) => blocks.flatMap((b) => b.lines).join('\n') + '\n');

function keyOf(
  r: Pick<
    TreeImport,
    'row' | 'kind' | 'module' | 'names' | 'level' | 'inFunction' | 'typeOnly' | 'guarded'
  >,
): string {
  return `${r.row}|${r.kind}|${'.'.repeat(r.level)}${r.module}|${r.names.join(',')}|fn=${r.inFunction}|tc=${r.typeOnly}|g=${r.guarded}`;
}

describe('import outline agrees with tree-sitter', () => {
  it('on generated programs with every import form and context', async () => {
    await fc.assert(
      fc.asyncProperty(program, async (text) => {
        const outline = outlineOf(pyDoc('m.py', text));
        const mine = outline.imports
          .map((r) => keyOf({ ...r, row: r.location.line - 1, kind: r.kind as TreeImport['kind'] }))
          .sort();
        const theirs = (await treeImports(text)).map(keyOf).sort();
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and keeps rows in range on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'i',
            'm',
            'p',
            'o',
            'r',
            't',
            ' ',
            '\n',
            '(',
            ')',
            '"',
            "'",
            '\\',
            '#',
            'f',
            '{',
            '}',
            '.',
            ':',
            '\t',
            'x',
          ),
        }),
        (text) => {
          const outline = outlineOf(pyDoc('m.py', text));
          const rows = text.split('\n').length;
          for (const r of outline.imports) {
            expect(r.location.line).toBeGreaterThanOrEqual(1);
            expect(r.location.line).toBeLessThanOrEqual(rows);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
