// YAML, JSON and TOML files as one kind of tree for the key matcher: mappings, lists and scalars,
// each child with the key it sits under and where it is written. Built on the run's parsed views
// (ctx.sources), so a file is parsed once whichever rules read it.
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { TomlLocator } from '../manifests/toml-locator.js';
import type { MatchContext, Span } from './match.js';

export type DataFormat = 'yaml' | 'json' | 'toml';

export interface DataNode {
  kind: 'mapping' | 'list' | 'scalar';
  /** Where the node is written: from its key (when it has one) to the end of its value. */
  span: Span;
  children(): DataChild[];
  /** The node as plain data. */
  value(): unknown;
}

export interface DataChild {
  key: string | number;
  node: DataNode;
}

const MAX_ALIAS_HOPS = 100;

/** The format a file is read as: from its extension, YAML for anything else (MLproject, ...). */
export function formatOf(file: string, forced?: DataFormat): DataFormat {
  if (forced) return forced;
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  return 'yaml';
}

/** The documents of a data file (a YAML file may hold several); none when unreadable or malformed. */
export function dataDocuments(ctx: MatchContext, file: string, format: DataFormat): DataNode[] {
  const offsets = (from: number, to: number): Span => {
    const start = ctx.sources.position(file, from);
    const end = ctx.sources.position(file, to);
    return {
      startRow: start.line - 1,
      startColumn: start.column - 1,
      endRow: end.line - 1,
      endColumn: end.column - 1,
    };
  };
  if (format === 'json') {
    const root = ctx.sources.json(file);
    return root ? [jsonNode(root, root.offset, offsets)] : [];
  }
  if (format === 'toml') {
    const value = ctx.sources.toml(file);
    const text = ctx.sources.text(file);
    if (!value || text === undefined) return [];
    const locator = ctx.shared('packs:toml-locators', () => new Map<string, TomlLocator>());
    let located = locator.get(file);
    if (!located) locator.set(file, (located = new TomlLocator(text)));
    return [tomlNode(value, [], located)];
  }
  const docs = ctx.sources.yaml(file);
  if (!docs) return [];
  // A file with no document at all (empty, or only comments) reads as one empty document.
  if (docs.length === 0)
    return [{ kind: 'scalar', span: offsets(0, 0), children: () => [], value: () => null }];
  return docs.map((doc) => yamlNode(doc, doc.contents as YamlNode | null, undefined, offsets));
}

type Offsets = (from: number, to: number) => Span;

function yamlNode(
  doc: Document.Parsed,
  written: YamlNode | null,
  key: YamlNode | undefined,
  offsets: Offsets,
): DataNode {
  let node = written;
  for (let hops = 0; isAlias(node) && hops < MAX_ALIAS_HOPS; hops++) {
    node = (node.resolve(doc) as YamlNode | undefined) ?? null;
  }
  const start = key?.range?.[0] ?? written?.range?.[0] ?? 0;
  const end = written?.range?.[1] ?? key?.range?.[1] ?? start;
  const span = offsets(start, end);
  if (isMap(node)) {
    return {
      kind: 'mapping',
      span,
      children: () =>
        node.items.map((pair) => ({
          key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
          node: yamlNode(doc, pair.value as YamlNode | null, pair.key as YamlNode, offsets),
        })),
      value: () => node.toJS(doc, { maxAliasCount: MAX_ALIAS_HOPS }),
    };
  }
  if (isSeq(node)) {
    return {
      kind: 'list',
      span,
      children: () =>
        node.items.map((item, index) => ({
          key: index,
          node: yamlNode(doc, item as YamlNode | null, undefined, offsets),
        })),
      value: () => node.toJS(doc, { maxAliasCount: MAX_ALIAS_HOPS }),
    };
  }
  return {
    kind: 'scalar',
    span,
    children: () => [],
    value: () => (isScalar(node) ? node.value : null),
  };
}

function jsonNode(node: JsonNode, from: number, offsets: Offsets): DataNode {
  const span = offsets(from, node.offset + node.length);
  if (node.type === 'object') {
    return {
      kind: 'mapping',
      span,
      children: () =>
        (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          return key && value
            ? [{ key: String(key.value), node: jsonNode(value, key.offset, offsets) }]
            : [];
        }),
      value: () => getNodeValue(node),
    };
  }
  if (node.type === 'array') {
    return {
      kind: 'list',
      span,
      children: () =>
        (node.children ?? []).map((item, index) => ({
          key: index,
          node: jsonNode(item, item.offset, offsets),
        })),
      value: () => getNodeValue(node),
    };
  }
  return { kind: 'scalar', span, children: () => [], value: () => node.value ?? null };
}

/** Where a TOML document's first key or table is written (the document itself has no position). */
function firstEntry(
  value: unknown,
  locator: TomlLocator,
): { line: number; column: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let first: { line: number; column: number } | undefined;
  for (const key of Object.keys(value)) {
    const at = locator.position([key]);
    if (
      at &&
      (!first || at.line < first.line || (at.line === first.line && at.column < first.column))
    )
      first = at;
  }
  return first;
}

function tomlNode(value: unknown, path: (string | number)[], locator: TomlLocator): DataNode {
  const where = locator.get(path);
  const start = where?.key?.start ??
    where?.value?.start ??
    locator.position(path) ??
    (path.length === 0 ? firstEntry(value, locator) : undefined) ?? { line: 1, column: 1 };
  const end = where?.value?.end ?? where?.key?.end ?? start;
  const span: Span = {
    startRow: start.line - 1,
    startColumn: start.column - 1,
    endRow: end.line - 1,
    endColumn: end.column - 1,
  };
  if (Array.isArray(value)) {
    return {
      kind: 'list',
      span,
      children: () =>
        value.map((item, index) => ({
          key: index,
          node: tomlNode(item, [...path, index], locator),
        })),
      value: () => value,
    };
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return {
      kind: 'mapping',
      span,
      children: () =>
        Object.entries(value as Record<string, unknown>).map(([key, item]) => ({
          key,
          node: tomlNode(item, [...path, key], locator),
        })),
      value: () => value,
    };
  }
  return {
    kind: 'scalar',
    span,
    children: () => [],
    value: () => (value instanceof Date ? value.toISOString() : value),
  };
}
