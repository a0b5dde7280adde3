// Offsets to 1-based line/column through a table of line starts, built once per file.
// Lines end at '\n' only (a '\r' before it stays on its line), as tree-sitter counts rows.

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where 0-based `row` starts (clamped to the last line). */
  lineStart(row: number): number {
    return this.starts[Math.max(0, Math.min(row, this.starts.length - 1))];
  }

  /** Length of 0-based `row` without its line break. */
  lineLength(row: number): number {
    const r = Math.max(0, Math.min(row, this.starts.length - 1));
    const end = r + 1 < this.starts.length ? this.starts[r + 1] - 1 : this.text.length;
    return end - this.starts[r];
  }

  /** 1-based line and column of a UTF-16 offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(Math.trunc(offset) || 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }
}
