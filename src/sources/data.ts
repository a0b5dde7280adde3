// YAML, JSON and TOML parsing with errors located at a line and column and phrased as what was
// expected there. Hostile input (deep nesting that overflows a recursive parser) is an error of the
// file, not a crash of the run.
import {
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { parse as parseTomlText, TomlError } from 'smol-toml';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { LineIndex } from './lines.js';

export interface LocatedError {
  line: number;
  column: number;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: LocatedError };

/**
 * Deeper bracket nesting than this is refused before parsing. yaml and jsonc-parser recurse per
 * level; near stack exhaustion V8 can abort the whole process (seen: "RegExpCompiler Allocation
 * failed" inside yaml after a 20k-deep then a 200k-deep document), which no catch can stop.
 */
export const MAX_NESTING = 1000;

/**
 * Offset of the bracket that first exceeds `limit` levels, or -1. With `skipJsonStrings`, brackets
 * inside JSON strings do not count; for YAML every bracket counts (quotes cannot be trusted to
 * delimit scalars), which can only over-count.
 */
export function excessiveNesting(text: string, limit: number, skipJsonStrings: boolean): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 && skipJsonStrings) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    }
  }
  return -1;
}

function tooDeep<T>(index: LineIndex, at: number, kind: string): Parsed<T> {
  const { line, column } = index.position(at);
  return failure(
    line,
    column,
    `${kind} is nested more than ${MAX_NESTING} levels deep; not parsed`,
  );
}

export function parseYaml(index: LineIndex): Parsed<Document.Parsed[]> {
  const deep = excessiveNesting(index.text, MAX_NESTING, false);
  if (deep !== -1) return tooDeep(index, deep, 'YAML');
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = [...parseAllDocuments(index.text, { lineCounter, prettyErrors: false })];
  } catch (err) {
    return failure(1, 1, `YAML could not be parsed: ${errorText(err)}`);
  }
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) {
      const { line, column } = index.position(first.pos[0]);
      return failure(line, column, `invalid YAML: ${yamlMessage(first.message)}`);
    }
  }
  return { ok: true, value: docs };
}

export function parseJson(index: LineIndex): Parsed<JsonNode> {
  const deep = excessiveNesting(index.text, MAX_NESTING, true);
  if (deep !== -1) return tooDeep(index, deep, 'JSON');
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(index.text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch (err) {
    return failure(1, 1, `JSON could not be parsed: ${errorText(err)}`);
  }
  const first = errors[0];
  if (first) {
    const { line, column } = index.position(first.offset);
    return failure(line, column, `invalid JSON: ${jsonMessage(first, index, line, column)}`);
  }
  if (!tree) return failure(1, 1, 'invalid JSON: expected a value');
  return { ok: true, value: tree };
}

export function parseToml(index: LineIndex): Parsed<Record<string, unknown>> {
  try {
    return { ok: true, value: parseTomlText(index.text) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof TomlError) {
      return failure(err.line, err.column, `invalid TOML: ${tomlMessage(err, index)}`);
    }
    return failure(1, 1, `TOML could not be parsed: ${errorText(err)}`);
  }
}

function failure<T>(line: number, column: number, message: string): Parsed<T> {
  return { ok: false, error: { line, column, message } };
}

/** yaml's messages end with " at line L, column C" (the location is reported separately). */
function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/** smol-toml prefixes "Invalid TOML document: " and appends a code frame. */
function tomlMessage(err: TomlError, index: LineIndex): string {
  const text = err.message
    .replace(/^Invalid TOML document:\s*/, '')
    .split('\n\n')[0]
    .trim();
  if (/control characters are not allowed in strings/.test(text)) {
    const row = err.line - 1;
    const atLineEnd = err.column - 1 >= index.lineLength(row);
    if (atLineEnd) return 'unterminated string: the line ends before its closing quote';
  }
  return text;
}

function jsonMessage(error: ParseError, index: LineIndex, line: number, column: number): string {
  const text = index.text;
  const at = text[error.offset];
  const found = at === undefined ? 'the end of the file' : describeChar(at);
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      return `unexpected ${found}`;
    case 'InvalidNumberFormat':
      return 'invalid number';
    case 'PropertyNameExpected':
      return at === '}'
        ? 'expected a property name (trailing commas are not allowed in JSON)'
        : `expected a property name in double quotes, found ${found}`;
    case 'ValueExpected':
      if (text.trim() === '') return 'empty file: expected a JSON value';
      return at === ']' || at === '}'
        ? 'expected a value (trailing commas are not allowed in JSON)'
        : `expected a value, found ${found}`;
    case 'ColonExpected':
      return `expected ':' after the property name, found ${found}`;
    case 'CommaExpected':
      return `expected ',' between values, found ${found}`;
    case 'CloseBraceExpected':
      return `expected ',' or '}' to continue or close the object, found ${found}`;
    case 'CloseBracketExpected':
      return `expected ',' or ']' to continue or close the list, found ${found}`;
    case 'EndOfFileExpected':
      return `unexpected ${found} after the end of the JSON value`;
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'UnexpectedEndOfString':
      return `unterminated string starting at ${line}:${column}`;
    case 'UnexpectedEndOfNumber':
      return 'incomplete number';
    case 'InvalidUnicode':
      return 'invalid \\u escape: expected 4 hexadecimal digits';
    case 'InvalidEscapeCharacter':
      return 'invalid escape in string';
    case 'InvalidCharacter':
      return 'control character inside a string: JSON strings must escape it';
    default:
      return `unexpected ${found}`;
  }
}

function describeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f)
    return `control character U+${code.toString(16).padStart(4, '0')}`;
  return `'${ch}'`;
}

function errorText(err: unknown): string {
  if (err instanceof RangeError) return 'the input is nested too deeply';
  return err instanceof Error ? err.message : String(err);
}
