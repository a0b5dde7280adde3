// Parse a config-format YAML file into plain data plus a way back from any key path to the
// line and column of that key or value, so every problem can point at the text to change.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import type { ConfigDocument, ConfigProblem, KeyPath } from './types.js';

/** Bounds alias expansion ("billion laughs"): a real config needs a handful at most. */
const MAX_ALIAS_COUNT = 100;

export interface ParsedConfigDocument {
  document: ConfigDocument;
  /** YAML syntax problems; when there are any, `document.data` is empty. */
  problems: ConfigProblem[];
}

export function parseConfigDocument(text: string, file: string): ParsedConfigDocument {
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(Math.max(0, offset));
    return { line, column: col };
  };
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    // YAML 1.2: `off`, `no` and `on` stay strings, so `hardcoded-paths: off` means what it says.
    version: '1.2',
  });
  const problems: ConfigProblem[] = [];
  const problemAt = (offset: number, message: string) =>
    problems.push({ file, ...position(offset), key: '', message });

  const first = documents[0] as Document.Parsed | undefined;
  for (const [index, doc] of documents.entries()) {
    for (const error of doc.errors)
      problemAt(error.pos[0], `YAML syntax error: ${tidy(error.message)}`);
    if (index === 1) {
      problemAt(
        doc.range[0],
        'a config file holds a single YAML document; remove this second document (and its `---`)',
      );
    }
  }

  let data: Record<string, unknown> = {};
  let rootValue: unknown = undefined;
  if (first && problems.length === 0) {
    try {
      rootValue = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problemAt(0, `the YAML could not be read: ${tidy((error as Error).message)}`);
    }
    if (isPlainObject(rootValue)) data = rootValue;
  }

  const document: ConfigDocument = {
    file,
    data,
    value: rootValue ?? null,
    locate(path, at = 'value') {
      const found = first ? findNode(first, path) : undefined;
      if (!found) return { line: 1, column: 1 };
      const { node, key, complete } = found;
      // An empty value (`key:`) has no text of its own: point at its key instead.
      const useKey = key && (at === 'key' || !node || !complete || isEmptyNode(node));
      const target = useKey ? key : (node ?? key);
      return target?.range ? position(target.range[0]) : { line: 1, column: 1 };
    },
    has(path) {
      return first ? findNode(first, path)?.complete === true : false;
    },
  };
  return { document, problems };
}

interface FoundNode {
  node: Node | null;
  key?: Node;
  /** Whether the whole path was found (else node is the deepest ancestor found). */
  complete: boolean;
}

function findNode(doc: Document.Parsed, path: KeyPath): FoundNode | undefined {
  // `written` is the node as it appears in the text (an alias stays an alias, so a problem is
  // shown where the key uses it); `node` is what it resolves to, for stepping further in.
  let written = doc.contents as Node | null;
  let node = resolve(doc, written);
  let key: Node | undefined;
  for (const step of path) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(step));
      if (pair) {
        key = pair.key as Node;
        next = pair.value as Node | null;
      }
    } else if (isSeq(node) && typeof step === 'number') {
      next = node.items[step] as Node | null | undefined;
      if (next !== undefined) key = undefined;
    }
    if (next === undefined) return { node: written, key, complete: false };
    written = next;
    node = resolve(doc, next);
  }
  return { node: written, key, complete: true };
}

function resolve(doc: Document.Parsed, node: Node | null): Node | null {
  // Aliases point at their anchor, which is where the value is written.
  for (let hops = 0; isAlias(node) && hops < MAX_ALIAS_COUNT; hops++) {
    node = (node.resolve(doc) as Node | undefined) ?? null;
  }
  return node;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function isEmptyNode(node: Node): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

/** The first line of a yaml error message, without the position the problem already carries. */
function tidy(message: string): string {
  if (/maximum call stack/i.test(message)) return 'the YAML is nested too deeply to read';
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
