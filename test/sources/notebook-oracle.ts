// What a correct notebook scanner must produce, computed with JSON.parse: the oracle shared by
// the property tests and the peer-fixture tests.

export interface ExpectedCell {
  index: number;
  cellType: string;
  source: string;
  sourceForm: 'string' | 'list' | 'missing';
  language?: string;
}

type RawCell = Record<string, unknown>;

/** Cells of a parsed notebook: v4 `cells`, or v3 `worksheets[].cells` (code in `input`). */
export function expectedCells(parsed: {
  cells?: RawCell[];
  worksheets?: { cells?: RawCell[] }[];
}): ExpectedCell[] {
  const v3 = parsed.cells === undefined;
  const cells = parsed.cells ?? (parsed.worksheets ?? []).flatMap((w) => w.cells ?? []);
  return cells.map((c, k) => {
    const value = (v3 && c.cell_type === 'code' && c.input !== undefined ? c.input : c.source) as
      string | string[] | undefined;
    const vscode = (c.metadata as { vscode?: { languageId?: unknown } } | undefined)?.vscode;
    const language =
      typeof vscode?.languageId === 'string'
        ? vscode.languageId
        : typeof c.language === 'string'
          ? c.language
          : undefined;
    return {
      index: k + 1,
      cellType: c.cell_type as string,
      source: value === undefined ? '' : Array.isArray(value) ? value.join('') : value,
      sourceForm: value === undefined ? 'missing' : Array.isArray(value) ? 'list' : 'string',
      ...(language !== undefined ? { language } : {}),
    };
  });
}

/**
 * How many raw characters at `pos` encode `char` (1 verbatim, 2 or 6 as an escape), or a
 * description of what is there instead.
 */
export function rawWidth(
  rawLines: string[],
  pos: { line: number; column: number },
  char: string,
): number | string {
  const at = rawLines[pos.line - 1]?.slice(pos.column - 1) ?? '';
  if (at.startsWith('\\')) {
    const width = at[1] === 'u' ? 6 : 2;
    return JSON.parse(`"${at.slice(0, width)}"`) === char ? width : `escape ${at.slice(0, width)}`;
  }
  return at[0] === char ? 1 : `raw ${JSON.stringify(at.slice(0, 3))}`;
}

/** Every character of every scanned source checked against the raw text; returns the mismatches. */
export function positionMismatches(
  raw: string,
  cells: readonly {
    index: number;
    source: string;
    map: {
      locate(o: number): { line: number; column: number };
      locateEnd(o: number): { line: number; column: number };
    };
  }[],
): string[] {
  const rawLines = raw.replace(/^\ufeff/, '').split('\n');
  const wrong: string[] = [];
  for (const c of cells) {
    for (let k = 0; k < c.source.length && wrong.length < 3; k++) {
      const pos = c.map.locate(k);
      const width = rawWidth(rawLines, pos, c.source[k]);
      const end = c.map.locateEnd(k + 1);
      if (typeof width === 'string') {
        wrong.push(`cell ${c.index} offset ${k} ${JSON.stringify(c.source[k])}: ${width}`);
      } else if (end.line !== pos.line || end.column !== pos.column + width) {
        wrong.push(`cell ${c.index} offset ${k}: end ${end.line}:${end.column}`);
      }
    }
  }
  return wrong;
}
