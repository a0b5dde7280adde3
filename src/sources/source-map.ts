// Raw positions of a decoded string. A notebook cell's source is assembled from JSON strings;
// each character either copies one raw character (a run, where columns advance together) or comes
// from an escape (`\n`, `\"`, `\u00e9`) that is wider in the raw file. Runs and escapes are
// stored as segments, so a position costs a binary search, not a per-character table.

/** 1-based line and column (UTF-16 code units) in the raw file. */
export interface RawPosition {
  line: number;
  column: number;
}

export interface SourceMapBuilder {
  /** Append characters copied verbatim from raw `line`, starting at raw `column`. */
  run(text: string, line: number, column: number): void;
  /** Append one UTF-16 unit written as an escape `width` raw characters wide. */
  escape(unit: string, line: number, column: number, width: number): void;
  /** The text appended so far. */
  text(): string;
  build(): SourceMap;
}

export class SourceMap {
  private constructor(
    /** Where the value sits in the raw file; used when the text is empty. */
    private readonly anchor: RawPosition,
    private readonly starts: Int32Array,
    private readonly lines: Int32Array,
    private readonly columns: Int32Array,
    /** 0 for a run; the raw width of an escape otherwise (escapes are one unit long). */
    private readonly widths: Int32Array,
    readonly length: number,
  ) {}

  static empty(anchor: RawPosition): SourceMap {
    const none = new Int32Array(0);
    return new SourceMap(anchor, none, none, none, none, 0);
  }

  static builder(anchor: RawPosition): SourceMapBuilder {
    const starts: number[] = [];
    const lines: number[] = [];
    const columns: number[] = [];
    const widths: number[] = [];
    const parts: string[] = [];
    let length = 0;
    const push = (line: number, column: number, width: number) => {
      starts.push(length);
      lines.push(line);
      columns.push(column);
      widths.push(width);
    };
    return {
      run(text, line, column) {
        if (text.length === 0) return;
        const last = starts.length - 1;
        // A run continuing the previous one on the same raw line needs no new segment.
        const continues =
          last >= 0 &&
          widths[last] === 0 &&
          lines[last] === line &&
          columns[last] + (length - starts[last]) === column;
        if (!continues) push(line, column, 0);
        parts.push(text);
        length += text.length;
      },
      escape(unit, line, column, width) {
        push(line, column, width);
        parts.push(unit);
        length += 1;
      },
      text: () => (parts.length === 1 ? parts[0] : parts.join('')),
      build: () =>
        new SourceMap(
          anchor,
          Int32Array.from(starts),
          Int32Array.from(lines),
          Int32Array.from(columns),
          Int32Array.from(widths),
          length,
        ),
    };
  }

  /** Raw position of the character at `offset` (clamped into the text). */
  locate(offset: number): RawPosition {
    if (this.length === 0) return { ...this.anchor };
    if (offset >= this.length) return this.locateEnd(this.length);
    const k = this.segmentOf(Math.max(0, offset));
    return {
      line: this.lines[k],
      column: this.columns[k] + (Math.max(0, offset) - this.starts[k]),
    };
  }

  /**
   * Raw position just after the character at `end - 1`: the exclusive end of a range that stops
   * before `end`. An escape's end is after its last raw character.
   */
  locateEnd(end: number): RawPosition {
    if (this.length === 0 || end <= 0) return this.locate(0);
    const last = Math.min(end, this.length) - 1;
    const k = this.segmentOf(last);
    const width = this.widths[k];
    const column =
      width > 0 ? this.columns[k] + width : this.columns[k] + (last - this.starts[k]) + 1;
    return { line: this.lines[k], column };
  }

  private segmentOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
