// Test helpers: code documents built from plain text, as the sources layer builds them.
import type { CodeDocument, CodeUnit, Magic } from '../../src/engine/types.js';

export function unitOf(
  file: string,
  text: string,
  cell?: { index: number; firstLine: number; magics?: Magic[] },
): CodeUnit {
  return {
    file,
    cellIndex: cell?.index,
    text,
    magics: cell?.magics ?? [],
    locate(row, column, endRow, endColumn) {
      const offset = cell ? cell.firstLine : 1;
      return {
        file,
        line: row + offset,
        column: column + 1,
        endLine: endRow === undefined ? undefined : endRow + offset,
        endColumn: endColumn === undefined ? undefined : endColumn + 1,
        cell: cell ? { index: cell.index, line: row + 1 } : undefined,
      };
    },
  };
}

export function pyDoc(file: string, text: string): CodeDocument {
  return { file, kind: 'python', units: [unitOf(file, text)] };
}
