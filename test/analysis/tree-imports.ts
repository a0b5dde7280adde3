// A reference import extractor over tree-sitter trees, used only to validate the cheap lexer-based
// outline (property tests and the corpus agreement script). It is slow and complete; the outline
// is fast and must agree with it.
import type { Node } from 'web-tree-sitter';
import { parsePython } from '../../src/sources/python.js';

export interface TreeImport {
  row: number;
  kind: 'import' | 'from' | 'importlib';
  module: string;
  names: string[];
  level: number;
  inFunction: boolean;
  typeOnly: boolean;
  guarded: boolean;
}

const GUARDS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

export async function treeImports(text: string): Promise<TreeImport[]> {
  const tree = await parsePython(text);
  const found: TreeImport[] = [];
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'import_statement') found.push(...plainImports(node));
    else if (node.type === 'import_from_statement' || node.type === 'future_import_statement') {
      const record = fromImport(node);
      if (record) found.push(record);
    } else if (node.type === 'call') {
      const record = dynamicImport(node);
      if (record) found.push(record);
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  tree.delete();
  return found.sort((a, b) => a.row - b.row);
}

function context(node: Node) {
  return { inFunction: inFunction(node), typeOnly: typeOnly(node), guarded: guarded(node) };
}

function plainImports(node: Node): TreeImport[] {
  return node.childrenForFieldName('name').flatMap((name) => {
    if (!name) return [];
    const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    if (!dotted) return [];
    return [
      {
        row: node.startPosition.row,
        kind: 'import' as const,
        module: clean(dotted.text),
        names: [],
        level: 0,
        ...context(node),
      },
    ];
  });
}

function fromImport(node: Node): TreeImport | undefined {
  let module = '__future__';
  let level = 0;
  const moduleNode = node.childForFieldName('module_name');
  if (moduleNode?.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
    level = prefix ? prefix.text.replace(/\s/g, '').length : 0;
    const dotted = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name');
    module = dotted ? clean(dotted.text) : '';
  } else if (moduleNode) {
    module = clean(moduleNode.text);
  }
  const names: string[] = [];
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    if (dotted) names.push(clean(dotted.text));
  }
  return { row: node.startPosition.row, kind: 'from', module, names, level, ...context(node) };
}

function dynamicImport(node: Node): TreeImport | undefined {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return undefined;
  const text = fn.text.replace(/\s/g, '');
  if (text !== 'importlib.import_module' && text !== 'import_module' && text !== '__import__')
    return undefined;
  const first = args.namedChildren[0];
  if (!first || first.type !== 'string') return undefined;
  const parts = first.namedChildren.filter((c) => c !== null);
  if (parts.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence'))
    return undefined;
  const start = parts.find((c) => c?.type === 'string_start')?.text ?? '';
  if (/[fFbBtT]/.test(start)) return undefined;
  const content = parts
    .filter((c) => c?.type === 'string_content')
    .map((c) => c?.text ?? '')
    .join('');
  const match = /^(\.*)([A-Za-z_][\w.]*)?$/.exec(content.trim());
  if (!match || (match[1] === '' && !match[2])) return undefined;
  return {
    row: fn.startPosition.row,
    kind: 'importlib',
    module: match[2] ?? '',
    names: [],
    level: match[1].length,
    ...context(node),
  };
}

function clean(text: string): string {
  return text.replace(/\s|\\/g, '');
}

function inFunction(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent)
    if (p.type === 'function_definition' || p.type === 'lambda') return true;
  return false;
}

function typeOnly(node: Node): boolean {
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const condition = p.childForFieldName('condition');
    const consequence = p.childForFieldName('consequence');
    const text = condition?.text.replace(/\s/g, '') ?? '';
    if (/^(\w+\.)*TYPE_CHECKING$/.test(text) && consequence && sameNode(consequence, child))
      return true;
    if (/^not(\w+\.)*TYPE_CHECKING$/.test(text) && child.type === 'else_clause') return true;
  }
  return false;
}

function guarded(node: Node): boolean {
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type !== 'try_statement') continue;
    const body = p.childForFieldName('body');
    if (!body || !sameNode(body, child)) continue;
    for (const clause of p.namedChildren) {
      if (clause?.type !== 'except_clause') continue;
      const caught = clause.namedChildren.filter((c) => c !== null && c.type !== 'block');
      if (caught.length === 0) return true;
      const names =
        caught[0]?.type === 'as_pattern'
          ? (caught[0].namedChildren[0]?.text ?? '')
          : caught.map((c) => c?.text ?? '').join(',');
      if (names.split(/[^\w]+/).some((n) => GUARDS.has(n))) return true;
    }
  }
  return false;
}

function sameNode(a: Node, b: Node): boolean {
  return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
