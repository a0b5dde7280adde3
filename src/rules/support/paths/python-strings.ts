// The value of a Python string literal as tree-sitter-python sees it: prefixes (r, b, f, u),
// escape sequences, f-string interpolations and implicit concatenation of adjacent literals.
import type { Node } from 'web-tree-sitter';
import { HOLE } from './classify.js';

export interface StringValue {
  /** The runtime value, escapes decoded, each interpolation replaced by HOLE. */
  value: string;
  /** The literal's content as written, interpolations included: what a message quotes. */
  display: string;
}

/** Whether a node is a Python string literal or an implicit concatenation of them. */
export function isStringNode(node: Node): boolean {
  return node.type === 'string' || node.type === 'concatenated_string';
}

/** Value of a `string` or `concatenated_string` node; undefined for anything else. */
export function stringValue(node: Node): StringValue | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.filter((child): child is Node => child?.type === 'string');
    const values = parts.map(singleString);
    return {
      value: values.map((v) => v.value).join(''),
      display: values.map((v) => v.display).join(''),
    };
  }
  return node.type === 'string' ? singleString(node) : undefined;
}

function singleString(node: Node): StringValue {
  let prefix = '';
  let value = '';
  let display = '';
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_start') prefix = child.text.replace(/["']+$/, '').toLowerCase();
    else if (child.type === 'string_content') {
      const raw = prefix.includes('r');
      const formatted = prefix.includes('f') || prefix.includes('t');
      let text = raw ? child.text : decodeEscapes(child.text);
      if (formatted) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      value += text;
      display += child.text;
    } else if (child.type === 'interpolation') {
      value += HOLE;
      display += child.text;
    }
  }
  return { value, display };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** Decode Python escape sequences; unknown ones stay as written, as Python keeps them. */
export function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r\n|[\s\S])/g,
    (whole, esc: string) => {
      if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc];
      if (esc === '\r\n') return '';
      if (/^[xuU]/.test(esc)) return safeCodePoint(parseInt(esc.slice(1), 16), whole);
      if (/^[0-7]/.test(esc)) return safeCodePoint(parseInt(esc, 8), whole);
      // \N{NAME}: the character is irrelevant for paths; keep a placeholder of one character.
      if (esc.startsWith('N{')) return '?';
      return whole;
    },
  );
}

function safeCodePoint(code: number, fallback: string): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
