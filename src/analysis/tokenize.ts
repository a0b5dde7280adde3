// A small Python lexer that turns source text into logical lines of tokens, skipping comments and
// string contents. It is the cheap first pass of the import graph: no tree, no allocation per
// character, and it never throws or loops on malformed input (an unterminated string simply ends
// at the end of the text). It follows Python's rules for implicit line joining inside brackets,
// backslash continuations, triple-quoted strings and f-strings with nested expressions.

export type TokenKind = 'name' | 'op' | 'string' | 'number';

export interface Token {
  kind: TokenKind;
  /** Names, operators and numbers: their text. Strings: the raw text including prefix and quotes. */
  value: string;
  /** 0-based row and column where the token starts. */
  row: number;
  col: number;
  /** 0-based row and column just past the token's end. */
  endRow: number;
  endCol: number;
  /** A plain string literal's content (no f-prefix, no escapes), for `import_module("x")`. */
  literal?: string;
}

export interface LogicalLine {
  /** 0-based row of the first token. */
  row: number;
  /** Visual column of the first token; tabs advance to the next multiple of 8, as in Python. */
  indent: number;
  tokens: Token[];
}

const THREE_CHAR_OPS = new Set(['**=', '//=', '>>=', '<<=', '...', '!=']);
const TWO_CHAR_OPS = new Set([
  '**',
  '//',
  '>>',
  '<<',
  '<=',
  '>=',
  '==',
  '!=',
  '->',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
]);
const STATEMENT_START =
  /^[ \t]*(?:import[ \t]+[A-Za-z_]|from[ \t]+[\w.]+[ \t]+import\b|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(|class[ \t]+\w+[ \t]*[(:])/;
const MAX_FSTRING_NESTING = 16;
const SINGLE_ONLY = new Set(['(', ')', '[', ']', '{', '}', ',', ';', '~']);
const STRING_PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

const enum Ch {
  Tab = 9,
  Newline = 10,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Hash = 35,
  Quote = 34,
  Apostrophe = 39,
  Backslash = 92,
}

function isNameStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    code === 95 ||
    (code > 127 && !isUnicodeSpace(code))
  );
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isUnicodeSpace(code: number): boolean {
  return code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x3000;
}

/** Split Python source into logical lines. Rows and columns are 0-based and count UTF-16 units. */
export function logicalLines(text: string): LogicalLine[] {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private row = 0;
  private lineStart = 0;
  private depth = 0;
  private current: Token[] = [];
  private currentIndent = 0;
  private readonly lines: LogicalLine[] = [];

  constructor(private readonly text: string) {}

  run(): LogicalLine[] {
    const { text } = this;
    let atLineStart = true;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (atLineStart && this.current.length === 0) {
        this.currentIndent = this.measureIndent();
        atLineStart = false;
        continue;
      }
      if (code === Ch.Newline || code === Ch.Return) {
        this.newline(code);
        if (this.depth > 0 && this.startsStatement()) this.depth = 0;
        if (this.depth === 0) {
          this.flush();
          atLineStart = true;
        }
        continue;
      }
      if (code === Ch.Space || code === Ch.Tab || code === Ch.FormFeed || isUnicodeSpace(code)) {
        this.pos++;
        continue;
      }
      if (code === Ch.Hash) {
        this.skipToLineEnd();
        continue;
      }
      if (code === Ch.Backslash) {
        // A continuation joins the next physical line; a stray backslash is skipped.
        this.pos++;
        const next = text.charCodeAt(this.pos);
        if (next === Ch.Newline || next === Ch.Return) this.newline(next);
        continue;
      }
      if (code === Ch.Quote || code === Ch.Apostrophe) {
        this.readString(this.pos, '');
        continue;
      }
      if (isNameStart(code)) {
        this.readNameOrPrefixedString();
        continue;
      }
      if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(this.pos + 1)))) {
        this.readNumber();
        continue;
      }
      this.readOperator();
    }
    this.flush();
    return this.lines;
  }

  private measureIndent(): number {
    const { text } = this;
    let column = 0;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.Space) column++;
      else if (code === Ch.Tab) column = (Math.floor(column / 8) + 1) * 8;
      else if (code === Ch.FormFeed) column = 0;
      else break;
      this.pos++;
    }
    return column;
  }

  /**
   * Recovery from an unclosed bracket: a physical line starting with `import`, `from … import`,
   * `def` or `class` can never continue a bracketed expression, so it starts a new statement
   * (otherwise one stray `(` would swallow every import below it).
   */
  private startsStatement(): boolean {
    return STATEMENT_START.test(this.text.slice(this.pos, this.pos + 200));
  }

  private newline(code: number): void {
    this.pos++;
    if (code === Ch.Return && this.text.charCodeAt(this.pos) === Ch.Newline) this.pos++;
    this.row++;
    this.lineStart = this.pos;
  }

  private skipToLineEnd(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.Newline || code === Ch.Return) return;
      this.pos++;
    }
  }

  private flush(): void {
    if (this.current.length > 0) {
      this.lines.push({
        row: this.current[0].row,
        indent: this.currentIndent,
        tokens: this.current,
      });
      this.current = [];
    }
    this.depth = 0;
  }

  private push(kind: TokenKind, value: string, row: number, col: number, literal?: string): void {
    const token: Token = {
      kind,
      value,
      row,
      col,
      endRow: this.row,
      endCol: this.pos - this.lineStart,
    };
    if (literal !== undefined) token.literal = literal;
    this.current.push(token);
  }

  private readNameOrPrefixedString(): void {
    const { text } = this;
    const start = this.pos;
    let end = start + 1;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    if ((next === Ch.Quote || next === Ch.Apostrophe) && end - start <= 2) {
      const prefix = text.slice(start, end);
      if (STRING_PREFIX.test(prefix)) {
        this.readString(start, prefix);
        return;
      }
    }
    const col = start - this.lineStart;
    this.pos = end;
    this.push('name', text.slice(start, end), this.row, col);
  }

  private readNumber(): void {
    const { text } = this;
    const start = this.pos;
    const col = start - this.lineStart;
    let end = start;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      const sign = code === 43 || code === 45;
      const afterExponent =
        sign && /[eE]/.test(text[end - 1] ?? '') && !/^0[xX]/.test(text.slice(start, end));
      if (isNameChar(code) || code === 46 || afterExponent) end++;
      else break;
    }
    this.pos = end;
    this.push('number', text.slice(start, end), this.row, col);
  }

  private readOperator(): void {
    const { text } = this;
    const start = this.pos;
    const col = start - this.lineStart;
    let value = text[start];
    // Brackets and commas never start a longer operator: skip the lookahead for the common case.
    if (!SINGLE_ONLY.has(value)) {
      if (THREE_CHAR_OPS.has(text.slice(start, start + 3))) value = text.slice(start, start + 3);
      else if (TWO_CHAR_OPS.has(text.slice(start, start + 2))) value = text.slice(start, start + 2);
    }
    this.pos = start + value.length;
    if (value === '(' || value === '[' || value === '{') this.depth++;
    else if ((value === ')' || value === ']' || value === '}') && this.depth > 0) this.depth--;
    this.push('op', value, this.row, col);
  }

  /** Read a string starting at `start` (its prefix already measured); `pos` ends past the closing quote. */
  private readString(start: number, prefix: string): void {
    const row = this.row;
    const col = start - this.lineStart;
    const quoteAt = start + prefix.length;
    const contentStart = this.scanString(quoteAt, prefix);
    const raw = this.text.slice(start, this.pos);
    const lower = prefix.toLowerCase();
    let literal: string | undefined;
    if (!lower.includes('f') && !lower.includes('t') && !lower.includes('b')) {
      const quoteLen = contentStart - quoteAt;
      const body = this.text.slice(contentStart, Math.max(contentStart, this.pos - quoteLen));
      if (!body.includes('\\') || lower.includes('r')) literal = body;
    }
    this.push('string', raw, row, col, literal);
  }

  /**
   * Advance `pos` past a string whose opening quote is at `quoteAt`. Returns where the content starts.
   * Newlines inside triple-quoted strings advance the row; an unterminated single-quoted string
   * ends at the line end, as Python's tokenizer reports it.
   */
  private scanString(quoteAt: number, prefix: string, nesting = 0): number {
    const { text } = this;
    const quote = text.charCodeAt(quoteAt);
    const triple = text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote;
    const quoteLen = triple ? 3 : 1;
    const lower = prefix.toLowerCase();
    const formatted = lower.includes('f') || lower.includes('t');
    const contentStart = quoteAt + quoteLen;
    this.pos = contentStart;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.Backslash) {
        const next = text.charCodeAt(this.pos + 1);
        if (next === Ch.Newline || next === Ch.Return) {
          this.pos++;
          this.newline(next);
        } else {
          this.pos += 2;
        }
        // Even in a raw string a backslash keeps the next quote from closing it.
        continue;
      }
      if (code === Ch.Newline || code === Ch.Return) {
        if (!triple) return contentStart;
        this.newline(code);
        continue;
      }
      if (code === quote) {
        if (!triple) {
          this.pos++;
          return contentStart;
        }
        if (text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote) {
          this.pos += 3;
          return contentStart;
        }
        this.pos++;
        continue;
      }
      if (formatted && code === 123 /* { */) {
        if (text.charCodeAt(this.pos + 1) === 123) {
          this.pos += 2;
          continue;
        }
        this.pos++;
        this.skipReplacementField(triple, nesting);
        continue;
      }
      this.pos++;
    }
    return contentStart;
  }

  /** Skip an f-string `{...}` field: nested brackets, nested strings (any quote, as in 3.12). */
  private skipReplacementField(tripleOuter: boolean, nesting: number): void {
    const { text } = this;
    let depth = 1;
    while (this.pos < text.length && depth > 0) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.Newline || code === Ch.Return) {
        // A single-quoted f-string cannot span lines (before 3.12); stop so the outer scan ends it.
        if (!tripleOuter) return;
        this.newline(code);
        continue;
      }
      // Nested f-strings beyond any real use are skipped flat rather than recursed into.
      if ((code === Ch.Quote || code === Ch.Apostrophe) && nesting < MAX_FSTRING_NESTING) {
        let prefixStart = this.pos;
        while (prefixStart > 0 && /[rRbBuUfFtT]/.test(text[prefixStart - 1] ?? '')) prefixStart--;
        const prefix = text.slice(prefixStart, this.pos);
        this.scanString(this.pos, STRING_PREFIX.test(prefix) ? prefix : '', nesting + 1);
        continue;
      }
      if (code === 123 || code === 40 || code === 91) depth++;
      else if (code === 125 || code === 41 || code === 93) depth--;
      this.pos++;
    }
  }
}
