import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  firstSyntaxError,
  locateWasm,
  parsePython,
  pythonRuntime,
} from '../../src/sources/python.js';

describe('parsePython', () => {
  it('parses Python 3 with tree-sitter-python 0.25 (ABI 15)', async () => {
    const tree = await parsePython('import os\n\ndef f(x: int) -> str:\n    return f"{x}"\n');
    expect(tree.rootNode.type).toBe('module');
    expect(tree.rootNode.hasError).toBe(false);
    expect(tree.rootNode.namedChildren.map((n) => n?.type)).toEqual([
      'import_statement',
      'function_definition',
    ]);
    const { language } = await pythonRuntime();
    expect(language.abiVersion).toBe(15);
  });

  it('initialises the runtime once and reuses it', async () => {
    const [a, b] = await Promise.all([pythonRuntime(), pythonRuntime()]);
    expect(a).toBe(b);
    expect(await pythonRuntime()).toBe(a);
  });

  it('reports columns in UTF-16 units, the unit of CodeUnit text', async () => {
    const tree = await parsePython('s = "é😀"; t = 1\n');
    const t = tree.rootNode.descendantsOfType('identifier').find((n) => n?.text === 't');
    expect(t?.startPosition).toEqual({ row: 0, column: 11 });
  });

  it('parses empty, CRLF and blanked-magic text', async () => {
    expect((await parsePython('')).rootNode.hasError).toBe(false);
    expect((await parsePython('x = 1\r\ny = 2\r\n')).rootNode.hasError).toBe(false);
    expect((await parsePython('if c:\n                 \nx = 1\n')).rootNode.hasError).toBe(false);
  });

  it('finds the wasm files in node_modules when nothing is beside the module', () => {
    for (const [file, pkg] of [
      ['web-tree-sitter.wasm', 'web-tree-sitter'],
      ['tree-sitter-python.wasm', 'tree-sitter-python'],
    ]) {
      const path = locateWasm(file, pkg);
      expect(path).toContain(`node_modules/${pkg}/${file}`);
      expect(existsSync(path)).toBe(true);
    }
    expect(() => locateWasm('nope.wasm', 'web-tree-sitter')).toThrow(/cannot find nope\.wasm/);
  });
});

describe('firstSyntaxError', () => {
  const errorOf = async (text: string) => firstSyntaxError(await parsePython(text));

  it('is undefined for valid code', async () => {
    expect(await errorOf('x = [1, 2]\n')).toBeUndefined();
  });

  it('locates a missing token and names it', async () => {
    expect(await errorOf('def f(:\n    pass\n')).toEqual({
      row: 0,
      column: 6,
      endRow: 0,
      endColumn: 6,
      message: "expected ')'",
    });
  });

  it('locates the first error in document order and quotes the code', async () => {
    const error = await errorOf('ok = 1\nx = = 2\nif y\n    z\n');
    expect(error).toMatchObject({ row: 1, column: 4, message: "invalid syntax at '='" });
  });

  it('quotes at most 40 characters of the first line', async () => {
    const error = await errorOf(`x = (${'c'.repeat(100)}\n`);
    expect(error?.message.length).toBeLessThan(70);
    expect(error?.message).toMatch(/…'$/);
  });
});
