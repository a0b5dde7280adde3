// Notebook cells read back from the raw file, for the two cases where the blanked code unit is
// not enough: the Python script in a `%%writefile x.py` cell, and the line a word of a `\`-continued
// shell escape sits on. Scanned at most once per notebook per run, only when needed.
import type { CodeUnit, Magic, RuleContext } from '../../../engine/types.js';
import { scanNotebook, type NotebookCell } from '../../../sources/notebook.js';

type CellContext = Pick<RuleContext, 'shared' | 'sources'>;

const WRITEFILE_PY = /^(?:writefile|file)\s+(?:-a\s+)?\S+\.py\s*$/;

// A `%%writefile train.py` cell holds a Python script the notebook saves and then runs. The
// sources blank its body (it is not notebook code), so read the body back from the cell source;
// blanking keeps every offset, so the unit's own locate() still maps it to the raw file.
export function writtenScript(ctx: CellContext, unit: CodeUnit): CodeUnit | undefined {
  const magic = unit.magics.find((m) => m.kind === 'cell' && WRITEFILE_PY.test(m.command));
  if (!magic || unit.cellIndex === undefined) return undefined;
  const cell = notebookCells(ctx, unit.file)?.find((c) => c.index === unit.cellIndex);
  if (!cell) return undefined;
  const lines = cell.source.split('\n');
  lines[magic.row] = ' '.repeat(lines[magic.row].length);
  const text = lines.join('\n');
  return text.length === unit.text.length ? { ...unit, text, magics: [] } : undefined;
}

function notebookCells(ctx: CellContext, file: string): NotebookCell[] | undefined {
  return ctx.shared(`hardcoded-paths:cells:${file}`, () => {
    const bytes = ctx.sources.bytes(file);
    try {
      return bytes ? scanNotebook(bytes).cells : undefined;
    } catch {
      return undefined;
    }
  });
}

// A magic continued with `\` is one command joined from several lines, so the word's offset in
// the command says little about its line: find the word in the cell source itself.
export function wordPosition(
  ctx: CellContext,
  unit: CodeUnit,
  magic: Magic,
  hit: { word: string; offset: number },
): { row: number; column: number } {
  const cell = unit.cellIndex === undefined ? undefined : notebookCells(ctx, unit.file);
  const source = cell?.find((c) => c.index === unit.cellIndex)?.source;
  if (source !== undefined) {
    // Quotes and `\ ` escapes are gone from the word: look for its plain leading part.
    const lead = hit.word.split(/[\s\\]/)[0] || hit.word;
    const lines = source.split('\n');
    for (let row = magic.row; row < lines.length; row++) {
      const column = lines[row].indexOf(lead, row === magic.row ? magic.column : 0);
      if (column >= 0) return { row, column };
    }
  }
  return { row: magic.row, column: magic.column + hit.offset };
}
