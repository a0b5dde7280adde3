import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { TomlLocator } from '../../src/manifests/toml-locator.js';

const ODD = [
  '# a comment with [brackets] and "quotes"',
  '[ project ]',
  'name = "demo" # trailing',
  "dependencies = [ 'click' ,",
  '  # a comment inside the array, with a ] bracket',
  '  "pandas>=2", """multi',
  'line""",',
  "  '''raw''' ,",
  ']',
  '',
  '[ tool . "poetry" . dependencies ]',
  'python="^3.11"',
  '"quoted-key" = { version = "1.0", extras = [ "x" ] }',
  "'literal key' = '2.0'",
  'dotted.sub = "3"',
  '[[tool.pdm.source]]',
  'name = "first"',
  '[[ tool.pdm.source ]]',
  'name = "second"',
  'key = """',
  '[not.a.table]',
  '"""',
  '[dependency-groups]',
  'dev = [',
  '  "pytest",',
  '  { include-group = "lint" },',
  ']',
].join('\n');

describe('TomlLocator', () => {
  const locator = new TomlLocator(ODD);

  it('agrees with smol-toml about what the document holds', () => {
    const value = parse(ODD) as { project: { dependencies: string[] } };
    expect(value.project.dependencies).toHaveLength(4);
  });

  it('finds table headers with spaces and quoted parts', () => {
    expect(locator.get(['project'])?.key?.start).toEqual({ line: 2, column: 1 });
    expect(locator.get(['tool', 'poetry', 'dependencies'])?.key?.start).toEqual({
      line: 11,
      column: 1,
    });
  });

  it('finds array elements across comments, multi-line strings and literal strings', () => {
    const at = (i: number) => locator.get(['project', 'dependencies', i])?.value?.start;
    expect(at(0)).toEqual({ line: 4, column: 18 });
    expect(at(1)).toEqual({ line: 6, column: 3 });
    expect(at(2)).toEqual({ line: 6, column: 16 });
    expect(at(3)).toEqual({ line: 8, column: 3 });
  });

  it('finds quoted, literal and dotted keys and inline-table members', () => {
    expect(locator.position(['tool', 'poetry', 'dependencies', 'python'])).toEqual({
      line: 12,
      column: 1,
    });
    expect(locator.position(['tool', 'poetry', 'dependencies', 'quoted-key'])).toEqual({
      line: 13,
      column: 1,
    });
    expect(locator.position(['tool', 'poetry', 'dependencies', 'quoted-key', 'extras', 0])).toEqual(
      { line: 13, column: 46 },
    );
    expect(locator.position(['tool', 'poetry', 'dependencies', 'literal key'])).toEqual({
      line: 14,
      column: 1,
    });
    expect(locator.position(['tool', 'poetry', 'dependencies', 'dotted', 'sub'])).toEqual({
      line: 15,
      column: 8,
    });
  });

  it('numbers arrays of tables and is not fooled by a header inside a multi-line string', () => {
    expect(locator.position(['tool', 'pdm', 'source', 1, 'name'])).toEqual({ line: 19, column: 1 });
    expect(locator.get(['not', 'a', 'table'])).toBeUndefined();
    expect(locator.get(['dependency-groups', 'dev', 0])?.value?.start).toEqual({
      line: 25,
      column: 3,
    });
  });

  it('falls back to the nearest located parent for unknown paths', () => {
    expect(locator.position(['project', 'dependencies', 99])).toEqual({ line: 4, column: 1 });
  });

  it('survives unterminated strings and stray brackets', () => {
    const broken = new TomlLocator('[a\nb = "unterminated\n[c]\nd = [1, 2\n');
    expect(broken.get(['c'])?.key?.start.line).toBe(3);
  });
});

describe('TomlLocator on hostile input', () => {
  it('does not recurse without bound into deeply nested arrays', () => {
    const deep = `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}\nb = 1\n`;
    const locator = new TomlLocator(deep);
    expect(locator.get(['b'])?.key?.start).toEqual({ line: 2, column: 1 });
  });
});
