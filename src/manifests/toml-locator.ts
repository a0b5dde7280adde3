// smol-toml gives values but no positions. This is a tolerant TOML scanner that records where
// each table header, key and array element starts, addressed by the same path as the parsed
// value (`['tool', 'poetry', 'dependencies', 'requests']`, `['project', 'dependencies', 0]`).
// It never validates (smol-toml does) and never throws; on anything unexpected it skips ahead.
import { LineIndex } from './lines.js';
import type { Position } from './model.js';

const MAX_DEPTH = 64;

export type TomlPath = readonly (string | number)[];

export interface TomlSpan {
  start: Position;
  end: Position;
}

export interface TomlLocation {
  /** The table header (`[a.b]`), or the key of a key/value pair. */
  key?: TomlSpan;
  /** The value of a key/value pair, or an array element. */
  value?: TomlSpan;
}

export class TomlLocator {
  private readonly entries = new Map<string, TomlLocation>();
  private readonly index: LineIndex;
  private readonly text: string;
  private at = 0;
  private readonly arrayTableCounts = new Map<string, number>();

  constructor(text: string) {
    this.text = text;
    this.index = new LineIndex(text);
    this.scanDocument();
  }

  get(path: TomlPath): TomlLocation | undefined {
    return this.entries.get(keyOf(path));
  }

  /** Where to report something at `path`: its key, else its value, else the nearest located parent. */
  position(path: TomlPath): Position | undefined {
    for (let n = path.length; n > 0; n--) {
      const found = this.entries.get(keyOf(path.slice(0, n)));
      const span = found?.key ?? found?.value;
      if (span) return span.start;
    }
    return undefined;
  }

  private record(path: TomlPath, part: 'key' | 'value', start: number, end: number): void {
    const id = keyOf(path);
    const entry = this.entries.get(id) ?? {};
    if (!entry[part])
      entry[part] = { start: this.index.position(start), end: this.index.position(end) };
    this.entries.set(id, entry);
  }

  private scanDocument(): void {
    let table: (string | number)[] = [];
    while (this.at < this.text.length) {
      this.skipBlankLines();
      if (this.at >= this.text.length) break;
      const start = this.at;
      if (this.text.startsWith('[[', this.at)) {
        this.at += 2;
        const keys = this.readKey();
        const base = keys.map((k) => k.name);
        const id = keyOf(base);
        const count = this.arrayTableCounts.get(id) ?? 0;
        this.arrayTableCounts.set(id, count + 1);
        table = [...base, count];
        this.skipInline();
        if (this.text.startsWith(']]', this.at)) this.at += 2;
        this.record(base, 'key', start, this.at);
        this.record(table, 'key', start, this.at);
        this.skipRestOfLine();
        continue;
      }
      if (this.text[this.at] === '[') {
        this.at++;
        const keys = this.readKey();
        table = keys.map((k) => k.name);
        this.skipInline();
        if (this.text[this.at] === ']') this.at++;
        this.record(table, 'key', start, this.at);
        this.skipRestOfLine();
        continue;
      }
      const before = this.at;
      this.scanKeyValue(table);
      if (this.at === before) this.skipRestOfLine();
    }
  }

  private scanKeyValue(base: TomlPath, depth = 0): void {
    const keys = this.readKey();
    if (keys.length === 0) return;
    const path = [...base];
    for (const key of keys) {
      path.push(key.name);
      this.record(path, 'key', key.start, key.end);
    }
    this.skipInline();
    if (this.text[this.at] !== '=') return;
    this.at++;
    this.skipInline();
    this.scanValue(path, depth);
  }

  private scanValue(path: TomlPath, depth = 0): void {
    const start = this.at;
    const ch = this.text[this.at];
    // Nothing real nests this deep; stop descending rather than exhaust the stack.
    if ((ch === '[' || ch === '{') && depth > MAX_DEPTH) {
      this.skipBalanced();
      return;
    }
    if (ch === '[') {
      this.at++;
      let index = 0;
      for (;;) {
        this.skipBlankLines();
        if (this.at >= this.text.length) break;
        if (this.text[this.at] === ']') {
          this.at++;
          break;
        }
        if (this.text[this.at] === ',') {
          this.at++;
          continue;
        }
        const itemStart = this.at;
        const itemPath = [...path, index];
        this.scanValue(itemPath, depth + 1);
        if (this.at === itemStart) this.at++;
        this.record(itemPath, 'value', itemStart, this.at);
        index++;
      }
    } else if (ch === '{') {
      this.at++;
      for (;;) {
        this.skipBlankLines();
        if (this.at >= this.text.length) break;
        if (this.text[this.at] === '}') {
          this.at++;
          break;
        }
        if (this.text[this.at] === ',') {
          this.at++;
          continue;
        }
        const before = this.at;
        this.scanKeyValue(path, depth + 1);
        if (this.at === before) this.at++;
      }
    } else if (ch === '"' || ch === "'") {
      this.readString();
    } else {
      while (this.at < this.text.length && !/[,\]}\n#]/.test(this.text[this.at]!)) this.at++;
      while (this.at > start && /\s/.test(this.text[this.at - 1]!)) this.at--;
    }
    this.record(path, 'value', start, this.at);
  }

  /** A dotted key: bare, "basic" or 'literal' parts separated by dots. */
  private readKey(): { name: string; start: number; end: number }[] {
    const keys: { name: string; start: number; end: number }[] = [];
    for (;;) {
      this.skipInline();
      const start = this.at;
      const ch = this.text[this.at];
      let name: string | undefined;
      if (ch === '"' || ch === "'") name = this.readString();
      else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.at, this.at + 256));
        if (match) {
          name = match[0];
          this.at += name.length;
        }
      }
      if (name === undefined) break;
      keys.push({ name, start, end: this.at });
      this.skipInline();
      if (this.text[this.at] !== '.') break;
      this.at++;
    }
    return keys;
  }

  /** Read a string starting at `at` (any of the four TOML forms); returns its decoded-enough value. */
  private readString(): string {
    const { text } = this;
    const quote = text[this.at]!;
    const triple = text.startsWith(quote.repeat(3), this.at);
    if (triple) {
      const close = text.indexOf(quote.repeat(3), this.at + 3);
      const end = close < 0 ? text.length : close + 3;
      // A closing delimiter may be followed by up to two more quotes that belong to the content.
      let stop = end;
      while (stop < text.length && text[stop] === quote && stop - end < 2) stop++;
      const value = text.slice(this.at + 3, stop - 3);
      this.at = stop;
      return value;
    }
    let value = '';
    let i = this.at + 1;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') break;
      if (quote === '"' && c === '\\') {
        const next = text[i + 1] ?? '';
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i++;
        continue;
      }
      if (c === quote) {
        i++;
        break;
      }
      value += c;
    }
    this.at = i;
    return value;
  }

  /** Skip a bracketed value without descending into it (strings may hold brackets). */
  private skipBalanced(): void {
    let depth = 0;
    while (this.at < this.text.length) {
      const ch = this.text[this.at]!;
      if (ch === '"' || ch === "'") {
        this.readString();
        continue;
      }
      if (ch === '#') {
        this.skipRestOfLine();
        continue;
      }
      this.at++;
      if (ch === '[' || ch === '{') depth++;
      else if ((ch === ']' || ch === '}') && --depth === 0) return;
    }
  }

  private skipInline(): void {
    while (
      this.at < this.text.length &&
      (this.text[this.at] === ' ' || this.text[this.at] === '\t')
    )
      this.at++;
  }

  /** Skip whitespace, newlines and comments. */
  private skipBlankLines(): void {
    while (this.at < this.text.length) {
      const ch = this.text[this.at]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') this.at++;
      else if (ch === '#') this.skipRestOfLine();
      else break;
    }
  }

  private skipRestOfLine(): void {
    const end = this.text.indexOf('\n', this.at);
    this.at = end < 0 ? this.text.length : end + 1;
  }
}

function keyOf(path: TomlPath): string {
  return JSON.stringify(path);
}
