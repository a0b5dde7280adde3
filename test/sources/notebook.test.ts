import { describe, expect, it } from 'vitest';
import {
  isPythonLanguage,
  NotebookParseError,
  scanNotebook,
  type ScannedNotebook,
} from '../../src/sources/notebook.js';

const buf = (text: string) => Buffer.from(text, 'utf8');
const scan = (text: string): ScannedNotebook => scanNotebook(buf(text));

/** The raw text at a 1-based position (UTF-16 columns). */
function rawAt(raw: string, pos: { line: number; column: number }, length = 1): string {
  return raw.split('\n')[pos.line - 1].slice(pos.column - 1, pos.column - 1 + length);
}

function scanError(text: string | Buffer): NotebookParseError {
  try {
    scanNotebook(typeof text === 'string' ? buf(text) : text);
  } catch (err) {
    if (err instanceof NotebookParseError) return err;
    throw err;
  }
  throw new Error('expected a NotebookParseError');
}

describe('scanNotebook: structure', () => {
  it('reads a pretty-printed v4 notebook: version, language, cells and sources', () => {
    const raw = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
          {
            cell_type: 'code',
            execution_count: 1,
            metadata: {},
            outputs: [{ output_type: 'stream', name: 'stdout', text: ['hi\n'] }],
            source: ['import os\n', 'print("hi")'],
          },
        ],
        metadata: { kernelspec: { language: 'python', name: 'python3' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const nb = scan(raw);
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformatMinor).toBe(5);
    expect(nb.language).toBe('python');
    expect(nb.cells.map((c) => [c.index, c.cellType, c.source, c.sourceForm])).toEqual([
      [1, 'markdown', '# Title\ntext', 'list'],
      [2, 'code', 'import os\nprint("hi")', 'list'],
    ]);
    // Each source list element sits on its own raw line.
    const code = nb.cells[1];
    const second = code.map.locate(code.source.indexOf('print'));
    expect(rawAt(raw, second, 5)).toBe('print');
    expect(code.map.locate(0).line + 1).toBe(second.line);
  });

  it('reads a string source and maps columns through escapes on one raw line', () => {
    const raw =
      '{"cells":[{"cell_type":"code","source":"x = \\"é\\"\\ny = \'\\\\d\'\\n","metadata":{},"outputs":[]}],"metadata":{},"nbformat":4,"nbformat_minor":2}';
    const nb = scan(raw);
    const cell = nb.cells[0];
    expect(cell.sourceForm).toBe('string');
    expect(cell.source).toBe(`x = "é"\ny = '\\d'\n`);
    const y = cell.map.locate(cell.source.indexOf('y'));
    expect(y.line).toBe(1);
    expect(rawAt(raw, y, 3)).toBe('y =');
    // The escaped quote maps to its backslash.
    expect(rawAt(raw, cell.map.locate(4), 2)).toBe('\\"');
  });

  it('maps columns after non-ASCII and astral characters in UTF-16 units', () => {
    const raw =
      '{"cells": [{"cell_type": "code", "source": ["😀é = \'日本\'; z = 1"]}], "nbformat": 4}';
    const cell = scan(raw).cells[0];
    const z = cell.map.locate(cell.source.indexOf('z'));
    expect(rawAt(raw, z)).toBe('z');
  });

  it('reads \\u escapes, including surrogate pairs and lone surrogates, as JSON.parse does', () => {
    const raw =
      '{"cells":[{"cell_type":"code","source":["\\ud83d\\ude00 \\u00e9 \\ud800 \\/"]}],"nbformat":4}';
    const cell = scan(raw).cells[0];
    expect(cell.source).toBe(JSON.parse(raw).cells[0].source[0]);
    expect(rawAt(raw, cell.map.locate(1), 6)).toBe('\\ude00');
  });

  it('reads nbformat 3: worksheets, `input` for code cells, numbering across worksheets', () => {
    const raw = JSON.stringify({
      metadata: { name: 'old' },
      nbformat: 3,
      nbformat_minor: 0,
      worksheets: [
        {
          cells: [
            { cell_type: 'heading', level: 1, source: ['Title'] },
            { cell_type: 'code', language: 'python', input: ['a = 1\n', 'b = 2'], outputs: [] },
          ],
        },
        { cells: [{ cell_type: 'code', language: 'python', input: 'c = 3', outputs: [] }] },
      ],
    });
    const nb = scan(raw);
    expect(nb.nbformat).toBe(3);
    expect(nb.cells.map((c) => [c.index, c.cellType, c.source, c.language])).toEqual([
      [1, 'heading', 'Title', undefined],
      [2, 'code', 'a = 1\nb = 2', 'python'],
      [3, 'code', 'c = 3', 'python'],
    ]);
  });

  it('takes the language from kernelspec, then language_info, then Databricks metadata', () => {
    const lang = (metadata: unknown) =>
      scan(JSON.stringify({ cells: [], metadata, nbformat: 4 })).language;
    expect(lang({ kernelspec: { language: 'R' }, language_info: { name: 'python' } })).toBe('R');
    expect(lang({ language_info: { name: 'julia' } })).toBe('julia');
    expect(lang({ 'application/vnd.databricks.v1+notebook': { language: 'python' } })).toBe(
      'python',
    );
    expect(lang({})).toBeUndefined();
  });

  it("reads VS Code's per-cell languageId", () => {
    const raw = JSON.stringify({
      cells: [
        { cell_type: 'code', metadata: { vscode: { languageId: 'javascript' } }, source: [] },
        { cell_type: 'code', metadata: { tags: ['x'] }, source: ['x'] },
      ],
      nbformat: 4,
    });
    const [js, py] = scan(raw).cells;
    expect(js.language).toBe('javascript');
    expect(js.sourceForm).toBe('list');
    expect(py.language).toBeUndefined();
  });

  it('treats a missing source as empty, located at the cell', () => {
    const raw = '{"cells": [\n  {"cell_type": "code", "outputs": []}\n], "nbformat": 4}';
    const cell = scan(raw).cells[0];
    expect(cell.source).toBe('');
    expect(cell.sourceForm).toBe('missing');
    expect(cell.map.locate(0)).toEqual({ line: 2, column: 3 });
  });

  it('skips a BOM and CRLF line breaks between tokens', () => {
    const raw =
      '\ufeff{\r\n "cells": [\r\n  {"cell_type": "code",\r\n   "source": ["a = 1"]}\r\n ],\r\n "nbformat": 4\r\n}\r\n';
    const cell = scan(raw).cells[0];
    expect(cell.map.locate(0)).toEqual({ line: 4, column: 16 });
    expect(rawAt(raw.slice(1), cell.map.locate(0), 5)).toBe('a = 1');
  });

  it('lets the last duplicate key win, as JSON.parse does', () => {
    const raw = '{"cells": [{"cell_type": "code", "source": "a"}], "cells": [], "nbformat": 4}';
    expect(scan(raw).cells).toEqual([]);
  });

  it('skips deeply nested outputs without overflowing the stack', () => {
    const depth = 200_000;
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    const raw = `{"cells": [{"cell_type": "code", "source": "x", "outputs": ${deep}}], "nbformat": 4}`;
    expect(scan(raw).cells[0].source).toBe('x');
  });
});

describe('scanNotebook: malformed input', () => {
  it('reports an unterminated string at its start', () => {
    const err = scanError('{"cells": [\n  {"cell_type": "code", "source": ["abc');
    expect(err.message).toBe('unterminated string starting at 2:36');
    expect([err.line, err.column]).toEqual([2, 36]);
  });

  it('reports an unterminated string that ends in a dangling escape', () => {
    const err = scanError('{"cells": [], "x": "ab\\');
    expect(err.message).toBe('unterminated string starting at 1:20');
  });

  it('reports truncated JSON with what was expected', () => {
    const err = scanError('{"cells": [{"cell_type": "code", "source": []}');
    expect(err.message).toMatch(
      /^expected ',' or '\]' after a list element \(list opened at 1:11\), found the end of the file$/,
    );
    expect([err.line, err.column]).toEqual([1, 47]);
  });

  it('reports a bad token inside skipped outputs', () => {
    const err = scanError(
      '{"cells": [{"cell_type": "code", "outputs": [\n  {"a": tru}\n], "source": []}]}',
    );
    expect(err.message).toBe("expected a JSON value, found 't'");
    expect([err.line, err.column]).toEqual([2, 9]);
  });

  it('reports trailing garbage after the notebook', () => {
    const err = scanError('{"cells": [], "nbformat": 4}\n}');
    expect(err.message).toBe("unexpected '}' after the end of the JSON value");
    expect([err.line, err.column]).toEqual([2, 1]);
  });

  it('reports a raw line break inside a string, skipped or decoded', () => {
    const skipped = scanError('{"cells": [], "outputs": "a\nb"}');
    expect(skipped.message).toMatch(/a line break inside a string/);
    expect([skipped.line, skipped.column]).toEqual([1, 28]);
    const decoded = scanError('{"cells": [{"cell_type": "code", "source": "a\tb"}]}');
    expect(decoded.message).toMatch(/control character U\+0009 inside a string/);
  });

  it('reports invalid escapes and \\u escapes', () => {
    expect(scanError('{"cells": [], "x": "\\q"}').message).toBe("invalid escape '\\q' in string");
    expect(scanError('{"cells": [], "x": "\\u12G4"}').message).toMatch(
      /expected 4 hexadecimal digits/,
    );
  });

  it('reports invalid numbers', () => {
    expect(scanError('{"cells": [], "n": 01}').message).toMatch(/expected ',' or '}'/);
    expect(scanError('{"cells": [], "n": 1.}').message).toMatch(/expected a digit after '\.'/);
    expect(scanError('{"cells": [], "n": -}').message).toMatch(/invalid number: expected a digit/);
    expect(scanError('{"cells": [], "n": 1e}').message).toMatch(/exponent/);
  });

  it('rejects JSON that is not a notebook, with a located reason', () => {
    expect(scanError('{}').message).toMatch(/^not a Jupyter notebook: the object has no "cells"/);
    expect(scanError('  [1, 2]').message).toBe(
      'not a Jupyter notebook: the top-level JSON value is not an object',
    );
    expect(scanError('  [1, 2]').column).toBe(3);
    expect(scanError('{"cells": {}}').message).toBe('"cells" must be a list');
    expect(scanError('{"cells": [1]}').message).toBe('cell 1 is not an object');
    expect(scanError('{"cells": [{"source": "x"}]}').message).toBe('cell 1 has no "cell_type"');
    expect(scanError('{"cells": [{"cell_type": "code", "source": 3}]}').message).toBe(
      "cell 1's source must be a string or a list of strings",
    );
    expect(scanError('{"cells": [{"cell_type": "code", "source": ["a", null]}]}').message).toBe(
      "cell 1's source list must hold strings, found 'n'",
    );
    expect(scanError('{"cells": [], "nbformat": "4"}').message).toMatch(
      /"nbformat" must be a number/,
    );
  });

  it('rejects text that is not JSON, and an empty file', () => {
    expect(scanError('# a Python script\nimport os\n').message).toBe(
      "not JSON: expected '{' to start a notebook, found '#'",
    );
    expect(scanError('').message).toMatch(/^empty file/);
    expect(scanError(Buffer.from([0xff, 0xfe, 0x7b])).message).toMatch(/^not JSON/);
  });
});

describe('isPythonLanguage', () => {
  it('accepts Python spellings and no language, and nothing else', () => {
    for (const yes of [
      undefined,
      'python',
      'Python',
      'python3',
      'ipython3',
      'pyspark',
      'python3.11',
    ]) {
      expect(isPythonLanguage(yes)).toBe(true);
    }
    for (const no of ['R', 'julia', 'javascript', 'scala', 'sql', 'markdown', 'pythonic-r']) {
      expect(isPythonLanguage(no)).toBe(false);
    }
  });
});
