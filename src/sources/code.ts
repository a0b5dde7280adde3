// Python code as the rules see it: a `.py` file is one unit; a notebook is one unit per Python
// code cell, with IPython syntax blanked and every position mapped back to the raw `.ipynb`.
import type { CodeDocument, CodeUnit, Location } from '../engine/types.js';
import { LineIndex } from './lines.js';
import { blankIPython, databricksMagics } from './magics.js';
import { isPythonLanguage, scanNotebook, type NotebookCell } from './notebook.js';

const DATABRICKS_HEADER = /^\uFEFF?# Databricks notebook source[ \t]*\r?\n/;

/** A `.py` file: positions are the file's own (0-based row/column → 1-based line/column). */
export function pythonDocument(file: string, source: string): CodeDocument {
  // Databricks `.py` notebooks run on an IPython kernel: `!pip` and `%pip` lines are valid there.
  const ipython = DATABRICKS_HEADER.test(source) ? blankIPython(source) : undefined;
  const text = ipython?.text ?? source;
  const unit: CodeUnit = {
    file,
    text,
    magics: [...databricksMagics(source), ...(ipython?.magics ?? [])].sort((a, b) => a.row - b.row),
    locate(row, column, endRow, endColumn) {
      const location: Location = { file, line: row + 1, column: column + 1 };
      if (endRow !== undefined) {
        location.endLine = endRow + 1;
        if (endColumn !== undefined) location.endColumn = endColumn + 1;
      }
      return location;
    },
  };
  return { file, kind: 'python', units: [unit] };
}

/**
 * A notebook's Python code cells. A notebook whose kernel is not Python has no units, and neither
 * has a cell whose own language (VS Code's languageId) is not Python.
 * Throws NotebookParseError for malformed JSON or a non-notebook.
 */
export function notebookDocument(file: string, bytes: Uint8Array): CodeDocument {
  const notebook = scanNotebook(bytes, { codeOnly: true });
  const units: CodeUnit[] = [];
  if (isPythonLanguage(notebook.language)) {
    for (const cell of notebook.cells) {
      if (cell.cellType !== 'code' || !isPythonLanguage(cell.language)) continue;
      units.push(cellUnit(file, cell));
    }
  }
  return { file, kind: 'notebook', units };
}

function cellUnit(file: string, cell: NotebookCell): CodeUnit {
  const { text, magics } = blankIPython(cell.source);
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(cell.source));
  const clampRow = (row: number) => Math.max(0, Math.min(row, lines().lineCount - 1));
  // Blanking keeps every offset, so (row, column) of `text` is the same offset of the source.
  const offsetOf = (row: number, column: number): number => {
    const r = clampRow(row);
    return lines().lineStart(r) + Math.max(0, Math.min(column, lines().lineLength(r)));
  };
  return {
    file,
    cellIndex: cell.index,
    text,
    magics,
    locate(row, column, endRow, endColumn) {
      const start = offsetOf(row, column);
      const at = cell.map.locate(start);
      const location: Location = {
        file,
        line: at.line,
        column: at.column,
        cell: { index: cell.index, line: clampRow(row) + 1 },
      };
      if (endRow !== undefined) {
        const end = offsetOf(endRow, endColumn ?? 0);
        const to = end > start ? cell.map.locateEnd(end) : at;
        location.endLine = to.line;
        location.endColumn = to.column;
      }
      return location;
    },
  };
}
