// Static values from a tree-sitter Python tree: string literals and lists of them, without
// evaluating anything (f-strings, calls and comprehensions are "not static").
import type { Node } from 'web-tree-sitter';

export interface StaticString {
  value: string;
  node: Node;
}

/** The value of a plain (non-f, non-byte) string or implicit concatenation of them. */
export function staticString(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    let value = '';
    for (const part of node.namedChildren) {
      const piece = staticString(part);
      if (piece === undefined) return undefined;
      value += piece;
    }
    return value;
  }
  if (node.type !== 'string') return undefined;
  const start = node.namedChildren.find((child) => child.type === 'string_start');
  const prefix = (start?.text ?? '"').replace(/["']+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const raw = prefix.includes('r');
  let value = '';
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += raw ? child.text : unescape(child.text);
    else if (child.type === 'interpolation') return undefined;
  }
  return value;
}

/** Strings of a list or tuple literal (`[...]`, `(...)`), or of `a + b` when both sides are static. */
export function staticStringList(
  node: Node,
  resolve?: (name: string) => Node | undefined,
  depth = 0,
): StaticString[] | undefined {
  if (depth > 8) return undefined;
  if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) {
    return staticStringList(node.namedChildren[0]!, resolve, depth + 1);
  }
  if (node.type === 'list' || node.type === 'tuple') {
    const items: StaticString[] = [];
    for (const child of node.namedChildren) {
      if (child.type === 'comment') continue;
      const value = staticString(child);
      if (value === undefined) return undefined;
      items.push({ value, node: child });
    }
    return items;
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    const a = staticStringList(left, resolve, depth + 1);
    const b = staticStringList(right, resolve, depth + 1);
    return a && b ? [...a, ...b] : undefined;
  }
  if (node.type === 'identifier' && resolve) {
    const target = resolve(node.text);
    return target ? staticStringList(target, resolve, depth + 1) : undefined;
  }
  return undefined;
}

/** Module-level `NAME = <value>` assignments, the last one before `before` (a byte offset) winning. */
export function moduleAssignments(root: Node, before: number): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const statement of root.namedChildren) {
    if (statement.startIndex >= before) break;
    if (statement.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) found.set(left.text, right);
  }
  return found;
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '0': '\0',
  };
  const key = sequence.slice(1);
  if (key in simple) return simple[key]!;
  if (/^\n/.test(key)) return '';
  if (/^x[0-9a-f]{2}$/i.test(key) || /^u[0-9a-f]{4}$/i.test(key))
    return String.fromCharCode(parseInt(key.slice(1), 16));
  return sequence;
}
