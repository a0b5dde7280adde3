// A validating JSON tokenizer over bytes, for files where most bytes need no decoding. Subclasses
// walk the structure they care about with object()/array(), decode the few strings they need with
// decodeString() (optionally recording each character's raw position) and skip everything else
// with skipValue(), which checks the grammar without building values. Positions are 1-based raw
// lines and UTF-16 columns, as the text view of the file decodes them.
import type { SourceMapBuilder } from './source-map.js';

/** Malformed JSON, or JSON of the wrong shape; `line`/`column` are 1-based in the raw file. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonScanError';
  }
}

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

export interface Position {
  line: number;
  column: number;
}

type Container = 0 | 1; // 0 = object, 1 = array

/**
 * The cursor and the grammar. Subclasses call ws() before reading a value, check what comes with
 * isNext(), and consume every value they are handed (decode it or skipValue()).
 */
export class JsonByteScanner {
  private readonly b: Uint8Array;
  private readonly n: number;
  private readonly buffer: Buffer;
  /** Cached results of native searches (see skipString); -2 = not searched yet. */
  private quoteAt = -2;
  private backslashAt = -2;
  private newlineAt = -2;
  private i = 0;
  private line = 1;
  /** Byte offset where the current raw line starts. */
  private lineStart = 0;
  /** A known (byte, 1-based UTF-16 column) on the current line, so columns cost O(distance). */
  private checkpointByte = 0;
  private checkpointColumn = 1;

  constructor(bytes: Uint8Array) {
    this.b = bytes;
    this.n = bytes.length;
    this.buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // A UTF-8 byte order mark is not part of the text (text() strips it too).
    if (this.n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.i = this.lineStart = this.checkpointByte = 3;
    }
  }

  protected integer(what: string): number {
    const pos = this.here();
    const c = this.b[this.i];
    if (c !== 0x2d && !(c >= 0x30 && c <= 0x39)) {
      throw this.error(`"${what}" must be a number, found ${this.describe()}`);
    }
    const start = this.i;
    this.skipNumber();
    const value = Number(this.buffer.toString('latin1', start, this.i));
    if (!Number.isInteger(value)) throw this.error(`"${what}" must be an integer`, pos);
    return value;
  }

  /** Walk an object's members; `member` must consume the value after the colon. */
  protected object(member: (key: string, keyPos: Position) => void): void {
    const open = this.here();
    this.i++; // '{'
    this.ws();
    if (this.b[this.i] === CLOSE_BRACE) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const keyPos = this.here();
      if (this.b[this.i] !== QUOTE) {
        throw this.error(`expected a property name in double quotes, found ${this.describe()}`);
      }
      const key = this.decodeString();
      this.ws();
      if (this.b[this.i] !== COLON) {
        throw this.error(`expected ':' after property name "${key}", found ${this.describe()}`);
      }
      this.i++;
      this.ws();
      member(key, keyPos);
      this.ws();
      const c = this.b[this.i];
      if (c === COMMA) {
        this.i++;
        continue;
      }
      if (c === CLOSE_BRACE) {
        this.i++;
        return;
      }
      throw this.error(
        `expected ',' or '}' after a property value (object opened at ${open.line}:${open.column}), found ${this.describe()}`,
      );
    }
  }

  /** Walk an array's elements; `element` must consume each value. */
  protected array(element: () => void): void {
    const open = this.here();
    this.i++; // '['
    this.ws();
    if (this.b[this.i] === CLOSE_BRACKET) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      element();
      this.ws();
      const c = this.b[this.i];
      if (c === COMMA) {
        this.i++;
        continue;
      }
      if (c === CLOSE_BRACKET) {
        this.i++;
        return;
      }
      throw this.error(
        `expected ',' or ']' after a list element (list opened at ${open.line}:${open.column}), found ${this.describe()}`,
      );
    }
  }

  /**
   * Validate and skip any JSON value without decoding it. Iterative, so hostile nesting depth
   * cannot overflow the stack.
   */
  protected skipValue(): void {
    const stack: Container[] = [];
    const opened: Position[] = [];
    for (;;) {
      // A value starts here.
      this.ws();
      const c = this.b[this.i];
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const pos = this.here();
        this.i++;
        this.ws();
        const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (this.b[this.i] === close) {
          this.i++;
        } else {
          stack.push(c === OPEN_BRACE ? 0 : 1);
          opened.push(pos);
          if (c === OPEN_BRACE) this.skipKeyAndColon();
          continue;
        }
      } else if (c === QUOTE) {
        this.skipString();
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        this.skipNumber();
      } else if (c === 0x74) {
        this.literal('true');
      } else if (c === 0x66) {
        this.literal('false');
      } else if (c === 0x6e) {
        this.literal('null');
      } else {
        throw this.error(`expected a JSON value, found ${this.describe()}`);
      }
      // A value ended: close containers until one continues with a comma.
      for (;;) {
        if (stack.length === 0) return;
        this.ws();
        const top = stack[stack.length - 1];
        const d = this.b[this.i];
        if (d === COMMA) {
          this.i++;
          if (top === 0) this.skipKeyAndColon();
          break;
        }
        if (d === (top === 0 ? CLOSE_BRACE : CLOSE_BRACKET)) {
          this.i++;
          stack.pop();
          opened.pop();
          continue;
        }
        const at = opened[opened.length - 1];
        throw this.error(
          top === 0
            ? `expected ',' or '}' after a property value (object opened at ${at.line}:${at.column}), found ${this.describe()}`
            : `expected ',' or ']' after a list element (list opened at ${at.line}:${at.column}), found ${this.describe()}`,
        );
      }
    }
  }

  private skipKeyAndColon(): void {
    this.ws();
    if (this.b[this.i] !== QUOTE) {
      throw this.error(`expected a property name in double quotes, found ${this.describe()}`);
    }
    this.skipString();
    this.ws();
    if (this.b[this.i] !== COLON) {
      throw this.error(`expected ':' after a property name, found ${this.describe()}`);
    }
    this.i++;
  }

  /**
   * Skip a string (at its opening quote) without decoding it. Outputs are long plain strings
   * (base64 images, logs), so this jumps between native byte searches for the next quote,
   * backslash and line break instead of looking at every byte in JavaScript. The searches are
   * cached and only move forward, so a file costs O(bytes) in total. Raw line breaks are rejected
   * (strings cannot hold them, and lines are counted only between tokens); other control
   * characters in strings that are skipped are not looked for.
   */
  private skipString(): void {
    const start = this.i;
    let i = start + 1;
    for (;;) {
      const quote = this.nextQuote(i);
      if (quote < 0) {
        this.i = start;
        throw this.unterminated();
      }
      const newline = this.nextNewline(i);
      const backslash = this.nextBackslash(i);
      if (newline >= 0 && newline < quote && (backslash < 0 || newline < backslash)) {
        this.i = newline;
        throw this.controlCharacter(NEWLINE);
      }
      if (backslash >= 0 && backslash < quote) {
        i = this.escapeEnd(backslash, start);
        continue;
      }
      this.i = quote + 1;
      return;
    }
  }

  private nextQuote(from: number): number {
    if (this.quoteAt < from) this.quoteAt = this.find(QUOTE, from);
    return this.quoteAt;
  }

  private nextBackslash(from: number): number {
    if (this.backslashAt !== -1 && this.backslashAt < from)
      this.backslashAt = this.find(BACKSLASH, from);
    return this.backslashAt;
  }

  private nextNewline(from: number): number {
    if (this.newlineAt !== -1 && this.newlineAt < from) this.newlineAt = this.find(NEWLINE, from);
    return this.newlineAt;
  }

  /** Native search; -1 when absent. A cached -1 for backslash/newline means "none left". */
  private find(byte: number, from: number): number {
    return this.buffer.indexOf(byte, from);
  }

  /** Validate the escape at `i` (a backslash) of the string at `start`; return the index after it. */
  private escapeEnd(i: number, start: number): number {
    const e = this.b[i + 1];
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) {
        if (i + k >= this.n) break;
        if (!isHex(this.b[i + k])) {
          this.i = i;
          throw this.error('invalid \\u escape in string: expected 4 hexadecimal digits');
        }
      }
      if (i + 6 <= this.n) return i + 6;
    } else if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) {
      return i + 2;
    } else if (e !== undefined) {
      this.i = i;
      throw this.error(`invalid escape '\\${String.fromCharCode(e)}' in string`);
    }
    this.i = start;
    throw this.unterminated();
  }

  /**
   * Decode a string at its opening quote. With a builder, append it to a source and record the
   * raw position of every character; without one, return the decoded value.
   */
  protected decodeString(builder?: SourceMapBuilder): string {
    const b = this.b;
    const n = this.n;
    const start = this.i;
    let i = start + 1;
    let column = builder ? this.columnAt(i) : 0;
    let out = '';
    for (;;) {
      const runStart = i;
      let c = 0;
      while (i < n && (c = b[i]) >= 0x20 && c !== QUOTE && c !== BACKSLASH) i++;
      if (i > runStart) {
        const run = this.buffer.toString('utf8', runStart, i);
        if (builder) {
          builder.run(run, this.line, column);
          column += run.length;
        } else out += run;
      }
      if (i >= n) {
        this.i = start;
        throw this.unterminated();
      }
      if (c === QUOTE) {
        this.i = i + 1;
        return out;
      }
      if (c !== BACKSLASH) {
        this.i = i;
        throw this.controlCharacter(c);
      }
      const end = this.escapeEnd(i, start);
      const e = b[i + 1];
      const unit =
        e === 0x75
          ? String.fromCharCode(parseInt(this.buffer.toString('latin1', i + 2, i + 6), 16))
          : SIMPLE_ESCAPES[e];
      if (builder) {
        builder.escape(unit, this.line, column, end - i);
        column += end - i;
      } else out += unit;
      i = end;
    }
  }

  /**
   * Check a string at its opening quote exactly as decodeString() would (the same errors at the
   * same places) without decoding it: for strings whose value is not needed but whose validity
   * decides whether the file parses.
   */
  protected checkString(): void {
    const b = this.b;
    const n = this.n;
    const start = this.i;
    let i = start + 1;
    for (;;) {
      let c = 0;
      while (i < n && (c = b[i]) >= 0x20 && c !== QUOTE && c !== BACKSLASH) i++;
      if (i >= n) {
        this.i = start;
        throw this.unterminated();
      }
      if (c === QUOTE) {
        this.i = i + 1;
        return;
      }
      if (c !== BACKSLASH) {
        this.i = i;
        throw this.controlCharacter(c);
      }
      i = this.escapeEnd(i, start);
    }
  }

  private skipNumber(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) {
      i++;
    } else if (b[i] >= 0x31 && b[i] <= 0x39) {
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
    } else {
      this.i = i;
      throw this.error(`invalid number: expected a digit, found ${this.describe()}`);
    }
    if (b[i] === 0x2e) {
      i++;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) {
        this.i = i;
        throw this.error(`invalid number: expected a digit after '.', found ${this.describe()}`);
      }
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) {
        this.i = i;
        throw this.error(
          `invalid number: expected a digit in the exponent, found ${this.describe()}`,
        );
      }
      while (b[i] >= 0x30 && b[i] <= 0x39) i++;
    }
    this.i = i;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.i + k] !== word.charCodeAt(k)) {
        throw this.error(`expected a JSON value, found ${this.describe()}`);
      }
    }
    this.i += word.length;
  }

  protected expectEnd(): void {
    this.ws();
    if (this.i < this.n) {
      throw this.error(`unexpected ${this.describe()} after the end of the JSON value`);
    }
  }

  /** Skip JSON whitespace, tracking raw lines (strings cannot hold raw newlines). */
  protected ws(): void {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    while (i < n) {
      const c = b[i];
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === NEWLINE) {
        i++;
        this.line++;
        this.lineStart = this.checkpointByte = i;
        this.checkpointColumn = 1;
      } else break;
    }
    this.i = i;
  }

  protected atEnd(): boolean {
    return this.i >= this.n;
  }

  protected isNext(byte: number): boolean {
    return this.b[this.i] === byte;
  }

  protected looksLikeJsonValue(): boolean {
    const c = this.b[this.i];
    return (
      c === OPEN_BRACKET ||
      c === QUOTE ||
      c === 0x2d ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x74 ||
      c === 0x66 ||
      c === 0x6e
    );
  }

  // ---- positions and messages

  protected here(): Position {
    return { line: this.line, column: this.columnAt(this.i) };
  }

  /** 1-based UTF-16 column of byte `pos` on the current line. */
  private columnAt(pos: number): number {
    if (pos < this.checkpointByte) {
      this.checkpointByte = this.lineStart;
      this.checkpointColumn = 1;
    }
    const column = this.checkpointColumn + this.utf16Length(this.checkpointByte, pos);
    this.checkpointByte = pos;
    this.checkpointColumn = column;
    return column;
  }

  /** UTF-16 length of bytes [from, to), decoded the way text() decodes them (U+FFFD for bad bytes). */
  private utf16Length(from: number, to: number): number {
    const b = this.b;
    let i = from;
    while (i < to && b[i] < 0x80) i++;
    if (i === to) return to - from;
    return i - from + this.buffer.toString('utf8', i, to).length;
  }

  protected describe(): string {
    if (this.i >= this.n) return 'the end of the file';
    const c = this.b[this.i];
    if (c < 0x20 || c === 0x7f) return `control character U+${c.toString(16).padStart(4, '0')}`;
    if (c < 0x80) return `'${String.fromCharCode(c)}'`;
    const text = this.buffer.toString('utf8', this.i, Math.min(this.n, this.i + 4));
    return `'${String.fromCodePoint(text.codePointAt(0) ?? 0xfffd)}'`;
  }

  private unterminated(): JsonScanError {
    const at = this.here();
    return this.error(`unterminated string starting at ${at.line}:${at.column}`, at);
  }

  private controlCharacter(c: number): JsonScanError {
    const name =
      c === NEWLINE ? 'a line break' : `control character U+${c.toString(16).padStart(4, '0')}`;
    return this.error(`${name} inside a string: JSON strings must escape it`);
  }

  protected error(message: string, at: Position = this.here()): JsonScanError {
    return new JsonScanError(message, at.line, at.column);
  }
}

function isHex(c: number | undefined): boolean {
  return (
    c !== undefined &&
    ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}
