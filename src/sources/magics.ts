// IPython syntax is not Python: `%line` and `%%cell` magics, `!shell` escapes, `x = !cmd`,
// `obj?` help and automagics (`pip install x`) would be syntax errors for tree-sitter. They are
// blanked (replaced by spaces, one per UTF-16 unit, so lines and the columns of everything else
// stay put) and recorded as `Magic`s, so rules can still read `%pip install ...`.
import type { Magic } from '../engine/types.js';

export interface BlankedCode {
  /** The source with every magic blanked; same length and line structure as the input. */
  text: string;
  magics: Magic[];
}

/** Cell magics whose body is Python run in-process (or by a Python interpreter): only the magic line is blanked. */
const PYTHON_BODY_CELL_MAGICS = new Set([
  'time',
  'timeit',
  'capture',
  'prun',
  'debug',
  'memit',
  'mprun',
  'python',
  'python3',
  'pypy',
  'px',
]);

/** Cell magics whose body is shell commands: body lines are recorded as `shell` magics. */
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'zsh', 'system', 'sx']);
const SHELL_INTERPRETERS = /^(?:\S*\/)?(?:ba|z|da|k)?sh\b/;

/**
 * Databricks language switches: a cell whose first line is `%sql`, `%sh`, ... alone is written in
 * that language, not Python.
 */
const DATABRICKS_LANGUAGE_MAGICS = new Set(['sql', 'scala', 'r', 'md', 'md-sandbox', 'sh', 'fs']);

/**
 * Magic names IPython runs without `%` (automagic). Only `name word ...` is taken as a magic,
 * because that is never valid Python (unless `word` is an operator keyword).
 */
const AUTOMAGICS = new Set([
  'pip',
  'conda',
  'mamba',
  'micromamba',
  'cd',
  'env',
  'set_env',
  'load_ext',
  'reload_ext',
  'unload_ext',
  'matplotlib',
  'autoreload',
  'run',
  'store',
  'config',
  'reset',
  'ls',
  'cat',
  'mkdir',
  'rm',
  'cp',
  'mv',
]);
const CONTINUING_KEYWORDS = new Set(['and', 'or', 'in', 'is', 'not', 'if', 'else', 'for', 'as']);

const ESCAPE_LINE = /^(\s*)(%%|%|!!|!)(.*)$/;
const LEADING_HELP = /^(\s*)(\?\??)(.*)$/;
/** IPython takes `name?` / `name??` at the end of any statement as a help request (`a = b??` too). */
const TRAILING_HELP = /(%{0,2}[A-Za-z_*][\w*]*(?:\.[A-Za-z_*][\w*]*|\[-?\d+\])*)(\?\??)\s*$/;
/** `x = !cmd`, `a, b = %magic`, `x: list[str] = !cmd`. */
const ASSIGN_FROM_MAGIC =
  /^(\s*)[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*(?:\[[^\]]*\])?)*(?:\s*:\s*[^=]+?)?\s*=\s*(!!|!|%)(.*)$/;
const AUTOMAGIC_LINE = /^(\s*)([A-Za-z_]\w*)[ \t]+([A-Za-z_][\w-]*)/;

/** Blank IPython syntax in one notebook cell. */
export function blankIPython(source: string): BlankedCode {
  const lines = source.split('\n');
  const magics: Magic[] = [];
  const blank = (row: number) => {
    lines[row] = blankLine(lines[row]);
  };

  let first = 0;
  while (first < lines.length && stripCr(lines[first]).trim() === '') first++;
  if (first < lines.length) {
    const whole = wholeCellMagic(lines, first, magics);
    if (whole === 'all') {
      for (let row = first; row < lines.length; row++) blank(row);
      return { text: lines.join('\n'), magics };
    }
    if (whole === 'line') {
      blank(first);
      first++;
    }
  }

  const state = new PythonLineState();
  for (let row = first; row < lines.length; row++) {
    const line = stripCr(lines[row]);
    if (state.atStatementStart()) {
      const magic = lineMagic(line, row);
      if (magic) {
        // A magic continues onto the next line when it ends with a backslash.
        let end = row;
        let command = magic.command;
        while (endsWithBackslash(stripCr(lines[end])) && end + 1 < lines.length) {
          end++;
          command = `${command.replace(/\\\s*$/, '').trimEnd()} ${stripCr(lines[end]).trim()}`;
        }
        magics.push({ ...magic, command: command.replace(/\\\s*$/, '').trim() });
        for (let r = row; r <= end; r++) blank(r);
        row = end;
        continue;
      }
    }
    state.feed(line);
  }
  return { text: lines.join('\n'), magics };
}

/**
 * `%%magic` (or a Databricks `%lang` switch) on the first non-blank line. Returns 'all' when the
 * whole cell is not Python, 'line' when only the magic line is, undefined when there is none.
 */
function wholeCellMagic(
  lines: string[],
  first: number,
  magics: Magic[],
): 'all' | 'line' | undefined {
  const line = stripCr(lines[first]);
  const cell = /^(\s*)%%(\S*)(.*)$/.exec(line);
  if (cell) {
    const [, indent, name, rest] = cell;
    magics.push({
      row: first,
      kind: 'cell',
      command: (name + rest).trim(),
      column: indent.length + 2,
    });
    if (PYTHON_BODY_CELL_MAGICS.has(name)) return 'line';
    const shell =
      SHELL_CELL_MAGICS.has(name) || (name === 'script' && SHELL_INTERPRETERS.test(rest.trim()));
    if (shell) recordShellBody(lines, first + 1, magics);
    return 'all';
  }
  const language = /^(\s*)%([\w-]+)\s*$/.exec(line);
  if (language && DATABRICKS_LANGUAGE_MAGICS.has(language[2].toLowerCase())) {
    const hasBody = lines.slice(first + 1).some((l) => stripCr(l).trim() !== '');
    if (!hasBody) return undefined;
    magics.push({ row: first, kind: 'line', command: language[2], column: language[1].length + 1 });
    if (language[2].toLowerCase() === 'sh') recordShellBody(lines, first + 1, magics);
    return 'all';
  }
  return undefined;
}

/** Each non-blank, non-comment line of a shell cell body becomes a `shell` magic. */
function recordShellBody(lines: string[], from: number, magics: Magic[]): void {
  for (let row = from; row < lines.length; row++) {
    const line = stripCr(lines[row]);
    const command = line.trim();
    if (command === '' || command.startsWith('#')) continue;
    magics.push({ row, kind: 'shell', command, column: line.length - line.trimStart().length });
  }
}

/** A line magic, shell escape, assignment from either, help request or automagic. */
function lineMagic(line: string, row: number): Magic | undefined {
  const escape = ESCAPE_LINE.exec(line);
  if (escape) {
    const [, indent, prefix, rest] = escape;
    const kind = prefix.startsWith('!') ? 'shell' : prefix === '%%' ? 'cell' : 'line';
    return { row, kind, command: rest.trim(), column: indent.length + prefix.length };
  }
  const help = LEADING_HELP.exec(line);
  if (help && help[3].trim() !== '') {
    const [, indent, marks, rest] = help;
    return helpMagic(row, marks, rest.trim(), indent.length + marks.length);
  }
  // Each pattern below needs a character most lines lack: test for it before running it.
  const code = line.includes('?') ? codeBeforeComment(line) : '';
  const trailing = code.includes('?') ? TRAILING_HELP.exec(code) : null;
  if (trailing) {
    const column = trailing.index;
    return helpMagic(row, trailing[2], trailing[1], column);
  }
  const assign = line.includes('!') || line.includes('%') ? ASSIGN_FROM_MAGIC.exec(line) : null;
  if (assign) {
    const [, , prefix, rest] = assign;
    const column = line.length - rest.length;
    return { row, kind: prefix === '%' ? 'line' : 'shell', command: rest.trim(), column };
  }
  const auto = AUTOMAGIC_LINE.exec(line);
  if (auto && AUTOMAGICS.has(auto[2]) && !CONTINUING_KEYWORDS.has(auto[3])) {
    return { row, kind: 'line', command: line.trim(), column: auto[1].length };
  }
  return undefined;
}

/** The line up to a `#` comment that is not inside a string. */
function codeBeforeComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  // A help request never sits inside an unclosed string.
  return quote === undefined ? line : '';
}

/** `obj?` is `%pinfo obj`, `obj??` is `%pinfo2 obj` (IPython's own translation). */
function helpMagic(row: number, marks: string, target: string, column: number): Magic {
  return { row, kind: 'line', command: `${marks === '??' ? 'pinfo2' : 'pinfo'} ${target}`, column };
}

/**
 * Tracks whether the next physical line starts a new statement: not inside a triple-quoted
 * string, brackets or a backslash continuation. Magics are only recognised there, as IPython
 * tokenizes before transforming.
 */
class PythonLineState {
  private quote: string | undefined;
  private triple = false;
  private depth = 0;
  private continued = false;

  atStatementStart(): boolean {
    return this.quote === undefined && this.depth === 0 && !this.continued;
  }

  feed(line: string): void {
    this.continued = false;
    let i = 0;
    const n = line.length;
    while (i < n) {
      const c = line[i];
      if (this.quote !== undefined) {
        if (c === '\\') {
          if (i === n - 1) return; // an escaped line break: the string goes on
          i += 2;
          continue;
        }
        if (c === this.quote && (!this.triple || line.startsWith(this.quote.repeat(3), i))) {
          i += this.triple ? 3 : 1;
          this.quote = undefined;
          this.triple = false;
          continue;
        }
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        this.quote = c;
        this.triple = line.startsWith(c.repeat(3), i);
        i += this.triple ? 3 : 1;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if (c === ')' || c === ']' || c === '}') this.depth = Math.max(0, this.depth - 1);
      else if (c === '\\' && line.slice(i + 1).trim() === '') {
        this.continued = true;
        return;
      }
      i++;
    }
    // A one-line string left open at the end of the line is a syntax error; do not let it swallow the cell.
    if (this.quote !== undefined && !this.triple) this.quote = undefined;
  }
}

/** `# MAGIC` lines of a Databricks `.py` notebook: already comments, recorded without blanking. */
export function databricksMagics(text: string): Magic[] {
  if (!/^# Databricks notebook source[ \t]*\r?(?:\n|$)/.test(text)) return [];
  const magics: Magic[] = [];
  const lines = text.split('\n');
  for (let row = 1; row < lines.length; row++) {
    const m = /^# MAGIC(?: |$)(.*)$/.exec(stripCr(lines[row]));
    if (!m || m[1].trim() === '') continue;
    magics.push({ row, kind: 'databricks', command: m[1].trimEnd(), column: 8 });
  }
  return magics;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Spaces for every UTF-16 unit except a trailing carriage return. */
function blankLine(line: string): string {
  const cr = line.endsWith('\r');
  return ' '.repeat(cr ? line.length - 1 : line.length) + (cr ? '\r' : '');
}

function endsWithBackslash(line: string): boolean {
  return /\\\s*$/.test(line);
}
