// Map a JSON pointer (ajv's instancePath, a schema path) to a character offset in the JSON or
// YAML text it came from, so a problem is reported on the line of the offending value. When
// the pointer leads past what exists (a missing required property), the deepest existing
// ancestor is used.
import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

export type PointerPath = (string | number)[];

/** Decode `/a/0/b~1c` into `['a', '0', 'b/c']`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Encode segments into a JSON pointer. */
export function toPointer(path: PointerPath): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export interface Located {
  offset: number;
  length: number;
  /** Whether the whole path was found (false: an ancestor was used). */
  exact: boolean;
}

/**
 * Offset of the value at `path` in a jsonc-parser tree. With `key`, the property's key is
 * returned instead of its value (for "property X is not allowed").
 */
export function locateInJson(root: JsonNode, path: PointerPath, key = false): Located {
  let node = root;
  let propertyKey: JsonNode | undefined;
  for (const segment of path) {
    let next: JsonNode | undefined;
    propertyKey = undefined;
    if (node.type === 'object') {
      const property = node.children?.find((p) => p.children?.[0]?.value === String(segment));
      if (property) {
        propertyKey = property.children?.[0];
        next = property.children?.[1];
      }
    } else if (node.type === 'array') {
      const index = Number(segment);
      if (Number.isInteger(index)) next = node.children?.[index];
    }
    if (!next) return { offset: node.offset, length: node.length, exact: false };
    node = next;
  }
  const target = key && propertyKey ? propertyKey : node;
  return { offset: target.offset, length: target.length, exact: true };
}

/** Offset of the node at `path` in a YAML document (the `yaml` package), same rules as JSON. */
export function locateInYaml(doc: Document, path: PointerPath, key = false): Located {
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let keyNode: YamlNode | undefined;
  let last: YamlNode | undefined = node ?? undefined;
  for (const segment of path) {
    keyNode = undefined;
    let next: YamlNode | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair) {
        keyNode = pair.key as YamlNode;
        next = pair.value as YamlNode | null;
        if (!next) return rangeOf(keyNode, true);
      }
    } else if (isSeq(node)) {
      const index = Number(segment);
      if (Number.isInteger(index)) next = node.items[index] as YamlNode | null;
    }
    if (!next) return { ...rangeOf(last, false) };
    node = next;
    last = next;
  }
  return rangeOf(key && keyNode ? keyNode : last, true);
}

function rangeOf(node: YamlNode | undefined, exact: boolean): Located {
  const range = node?.range;
  if (!range) return { offset: 0, length: 0, exact: false };
  return { offset: range[0], length: Math.max(0, range[1] - range[0]), exact };
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** Deepest `[`/`{` nesting outside strings: parsers recurse per level, so refuse absurd depths. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"') quote = c;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** Nesting deeper than this is reported instead of parsed. */
export const MAX_NESTING = 256;
