// The scanner, the IPython blanking and tree-sitter against real notebooks from nbformat, Ruff and
// nbQA (test/fixtures/sources/peer-notebooks, see PROVENANCE.md there).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookDocument } from '../../src/sources/code.js';
import { blankIPython } from '../../src/sources/magics.js';
import { NotebookParseError, scanNotebook } from '../../src/sources/notebook.js';
import { firstSyntaxError, parsePython } from '../../src/sources/python.js';
import { expectedCells, positionMismatches } from './notebook-oracle.js';

const ROOT = join(import.meta.dirname, '../fixtures/sources/peer-notebooks');
const RUFF = 'ruff/crates/ruff_notebook/resources/test/fixtures/jupyter';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const notebooks = walk(ROOT)
  .filter((f) => f.endsWith('.ipynb'))
  .map((f) => relative(ROOT, f))
  .sort();
const read = (path: string) => readFileSync(join(ROOT, path));

/** Notebooks that are not valid JSON notebooks, with the error the scanner must give. */
const REJECTED: Record<string, { line: number; column: number; message: RegExp }> = {
  [`${RUFF}/not_json.ipynb`]: { line: 1, column: 1, message: /^not JSON: expected '\{'/ },
  [`${RUFF}/invalid_extension.ipynb`]: {
    line: 1,
    column: 1,
    message: /^not JSON: expected '\{'.*'#'$/,
  },
  [`${RUFF}/wrong_schema.ipynb`]: { line: 1, column: 1, message: /^not a Jupyter notebook/ },
};

/** Cells whose Python really is invalid (the fixtures exist to test that). */
const INVALID_PYTHON = new Set([
  'nbqa/tests/invalid_data/assignment_to_literal.ipynb#1',
  'nbqa/tests/invalid_data/invalid_syntax.ipynb#1',
]);

describe('peer notebooks', () => {
  it('has the fixture set', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(80);
  });

  it.each(notebooks.filter((f) => !(f in REJECTED)))(
    '%s: cells equal JSON.parse and every position maps to its raw character',
    (path) => {
      const bytes = read(path);
      const raw = bytes.toString('utf8');
      const scanned = scanNotebook(bytes);
      const got = scanned.cells.map(({ index, cellType, source, sourceForm, language }) => ({
        index,
        cellType,
        source,
        sourceForm,
        ...(language !== undefined ? { language } : {}),
      }));
      expect(got).toEqual(expectedCells(JSON.parse(raw)));
      expect(positionMismatches(raw, scanned.cells)).toEqual([]);
    },
  );

  it.each(Object.entries(REJECTED))('%s is rejected with a located error', (path, expected) => {
    let error: unknown;
    try {
      scanNotebook(read(path));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NotebookParseError);
    const { line, column, message } = error as NotebookParseError;
    expect({ line, column }).toEqual({ line: expected.line, column: expected.column });
    expect(message).toMatch(expected.message);
  });

  it('every Python code cell parses without syntax errors once IPython syntax is blanked', async () => {
    const failures: string[] = [];
    let units = 0;
    for (const path of notebooks.filter((f) => !(f in REJECTED))) {
      for (const unit of notebookDocument(path, read(path)).units) {
        units++;
        const error = firstSyntaxError(await parsePython(unit.text));
        const key = `${path}#${unit.cellIndex}`;
        if (error && !INVALID_PYTHON.has(key)) failures.push(`${key}: ${error.message}`);
        if (!error && INVALID_PYTHON.has(key)) failures.push(`${key}: expected a syntax error`);
      }
    }
    expect(failures).toEqual([]);
    expect(units).toBeGreaterThan(150);
  });

  it('reads nbformat 3 code from `input` and blanks a %%javascript cell', () => {
    const doc = notebookDocument('t3.ipynb', read('nbformat/tests/test3.ipynb'));
    expect(doc.units.map((u) => u.cellIndex)).toEqual([4, 6, 7, 9]);
    expect(doc.units[0].text).toBe('print("hello")');
    expect(doc.units[2].text.trim()).toBe('');
    expect(doc.units[2].magics).toEqual([
      { row: 0, kind: 'cell', command: 'javascript', column: 2 },
    ]);
  });

  it('gives no units for R notebooks', () => {
    for (const path of [`${RUFF}/R.ipynb`, 'nbqa/tests/invalid_data/non_python_notebook.ipynb']) {
      const doc = notebookDocument(path, read(path));
      expect(doc).toEqual({ file: path, kind: 'notebook', units: [] });
    }
  });

  it("skips cells whose VS Code languageId is not Python, falling back to kernelspec's language", () => {
    for (const name of ['vscode_language_id.ipynb', 'kernelspec_language.ipynb']) {
      const doc = notebookDocument(name, read(`${RUFF}/${name}`));
      expect(doc.units.map((u) => [u.cellIndex, u.text])).toEqual([
        [3, 'import os\n\nprint("hello world")'],
      ]);
    }
  });

  it('maps the minified Databricks export onto line 1 with exact columns', () => {
    const path = 'nbqa/tests/data/databricks_notebook.ipynb';
    const raw = read(path).toString('utf8');
    const doc = notebookDocument(path, read(path));
    const unit = doc.units.find((u) => u.text === 'set(())');
    expect(unit?.cellIndex).toBe(2);
    const at = unit!.locate(0, 4, 0, 6);
    expect(at).toMatchObject({ line: 1, endLine: 1, cell: { index: 2, line: 1 } });
    expect(raw.slice(at.column! - 1, at.endColumn! - 1)).toBe('()');
  });

  it('places a finding in a pretty notebook on the raw line of that source line, naming the cell', () => {
    const path = 'nbqa/tests/data/notebook_with_indented_magics.ipynb';
    const raw = read(path).toString('utf8').split('\n');
    const doc = notebookDocument(path, read(path));
    const unit = doc.units.find((u) => u.text.includes('def compute'))!;
    const row = unit.text.split('\n').findIndex((l) => l.startsWith('def compute'));
    const at = unit.locate(row, 4);
    const column = at.column!;
    expect(raw[at.line - 1].slice(column - 1, column - 1 + 7)).toBe('compute');
    expect(at.cell).toEqual({ index: unit.cellIndex, line: row + 1 });
    // The %%time line is blanked, its body kept.
    expect(unit.magics[0]).toMatchObject({ row: 0, kind: 'cell', command: 'time' });
  });
});

describe("Ruff's single-cell fixtures", () => {
  const cellSource = (name: string): string => {
    const cell = JSON.parse(read(`${RUFF}/cell/${name}`).toString('utf8'));
    // Wrap the cell in a notebook at run time; the fixture files stay unchanged.
    const nb = Buffer.from(JSON.stringify({ cells: [cell], nbformat: 4, nbformat_minor: 5 }));
    return scanNotebook(nb).cells[0].source;
  };

  it('blanks automagics and keeps plain assignments', () => {
    expect(blankIPython(cellSource('automagic.json')).magics).toEqual([
      { row: 0, kind: 'line', command: 'pip install requests', column: 0 },
    ]);
    expect(blankIPython(cellSource('automagics.json')).magics).toHaveLength(2);
    expect(blankIPython(cellSource('automagic_after_code.json')).magics.map((m) => m.row)).toEqual([
      1,
    ]);
    expect(blankIPython(cellSource('automagic_before_code.json')).text).toBe(
      `${' '.repeat(20)}\nx = 1`,
    );
    expect(blankIPython(cellSource('automagic_assignment.json')).magics).toEqual([]);
  });

  it('blanks a %%script bash cell whole and records its shell lines', () => {
    const { text, magics } = blankIPython(cellSource('cell_magic.json'));
    expect(text.trim()).toBe('');
    expect(magics.map((m) => [m.row, m.kind, m.command])).toEqual([
      [0, 'cell', 'script bash'],
      [1, 'shell', 'for i in 1 2 3; do'],
      [2, 'shell', 'echo $i'],
      [3, 'shell', 'done'],
    ]);
  });

  it('keeps the Python body of %%timeit and reads a string source', () => {
    expect(blankIPython(cellSource('valid_cell_magic.json')).text).toBe(
      "        \nprint('hello world')",
    );
    expect(cellSource('only_magic.json')).toBe("%timeit print('hello world')");
    expect(blankIPython(cellSource('only_magic.json')).magics).toEqual([
      { row: 0, kind: 'line', command: "timeit print('hello world')", column: 1 },
    ]);
  });

  it('leaves Python with non-ASCII text alone', () => {
    const source = cellSource('unicode_magic_gh9145.json');
    expect(blankIPython(source)).toEqual({ text: source, magics: [] });
  });
});
