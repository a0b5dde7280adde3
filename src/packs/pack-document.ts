// A pack file as text in hand: its data, where each key and value sits, and where a position
// *inside* a string value sits (a regex or query error at offset 17 of a block scalar is shown
// on its own line and column of the pack file, not at the start of the value).
import { LineCounter, Scalar, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { parseConfigDocument } from '../config/yaml-document.js';
import type { ConfigDocument, ConfigProblem, KeyPath } from '../config/types.js';
import { displayName } from '../config/messages.js';

export interface PackDocument extends ConfigDocument {
  /** Position of `offset` characters into the string value at `path` (its start when unknown). */
  locateInValue(path: KeyPath, offset: number): { line: number; column: number };
  /** A located problem at a key path of this file. */
  problem(path: KeyPath, message: string, at?: 'key' | 'value'): ConfigProblem;
}

export interface ParsedPack {
  document: PackDocument;
  /** YAML syntax problems; when there are any, the data is empty. */
  problems: ConfigProblem[];
}

export function parsePackDocument(text: string, file: string): ParsedPack {
  const parsed = parseConfigDocument(text, file);
  const base = parsed.document;
  let nodes: ReturnType<typeof parseDocument> | undefined;
  let counter: LineCounter | undefined;
  const tree = () => {
    if (!nodes) {
      counter = new LineCounter();
      nodes = parseDocument(text, { lineCounter: counter, version: '1.2', uniqueKeys: false });
    }
    return { doc: nodes, lines: counter! };
  };

  const document: PackDocument = {
    file: base.file,
    data: base.data,
    value: base.value,
    locate: (path, at) => base.locate(path, at),
    has: (path) => base.has(path),
    problem(path, message, at = 'value') {
      return { file: base.file, ...base.locate(path, at), key: displayName('', path), message };
    },
    locateInValue(path, offset) {
      const fallback = base.locate(path, 'value');
      const { doc, lines } = tree();
      const node = nodeAt(doc.contents as Node | null, path);
      if (!isScalar(node) || !node.range || typeof node.value !== 'string') return fallback;
      const at = scalarOffset(text, node, offset);
      if (at === undefined) return fallback;
      const { line, col } = lines.linePos(at);
      return { line, column: col };
    },
  };
  return { document, problems: parsed.problems };
}

function nodeAt(root: Node | null, path: KeyPath): Node | null | undefined {
  let node: Node | null | undefined = root;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(step),
      );
      node = pair?.value as Node | null | undefined;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step] as Node | null | undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * The source offset of character `offset` of a scalar's value. Exact for literal blocks (`|`) and
 * for single-line plain or quoted scalars without escapes; undefined when folding or escapes make
 * the mapping uncertain, so the caller falls back to the value's start.
 */
function scalarOffset(source: string, node: Scalar, offset: number): number | undefined {
  const [start, end] = node.range!;
  const value = node.value as string;
  if (offset < 0 || offset > value.length) return undefined;
  if (node.type === Scalar.BLOCK_LITERAL) {
    // The content starts on the line after the header (`|`, `|-`, `|2`...).
    const headerEnd = source.indexOf('\n', start);
    if (headerEnd < 0) return undefined;
    const lines = source.slice(headerEnd + 1, end).split('\n');
    const indent = Math.min(
      ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
    );
    const before = value.slice(0, offset).split('\n');
    const row = before.length - 1;
    const column = before[row].length;
    if (!Number.isFinite(indent) || row >= lines.length) return undefined;
    let at = headerEnd + 1;
    for (let i = 0; i < row; i++) at += lines[i].length + 1;
    return at + indent + column;
  }
  const raw = source.slice(start, end);
  if (raw.includes('\n')) return undefined;
  if (node.type === Scalar.PLAIN) return raw === value ? start + offset : undefined;
  const inner = raw.slice(1, -1);
  if (node.type === Scalar.QUOTE_SINGLE) {
    return inner === value ? start + 1 + offset : undefined;
  }
  if (node.type === Scalar.QUOTE_DOUBLE) {
    return inner === value ? start + 1 + offset : undefined;
  }
  return undefined;
}
