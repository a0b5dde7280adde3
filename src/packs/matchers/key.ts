// `key`: keys of YAML, JSON and TOML files at a dotted path, with one condition on the value:
// `exists` (the default), `missing`, `equals`, `not-equals`, `regex` or `type`. In the path, `*`
// is any one key or list index, `**` any number of levels, a number (or `[0]`) also a list index,
// and `\.` a dot inside a key. Captures: `key` (the last key), `path` (the full path found) and
// `value`.
import { isDeepStrictEqual } from 'node:util';
import type { RE2JS } from 're2js';
import type { KeyPath } from '../../config/types.js';
import { dataDocuments, formatOf, type DataFormat, type DataNode } from '../data-tree.js';
import { captureText, type Match } from '../match.js';
import { compileRegex, PatternError } from '../re2.js';
import { MAX_MATCHES_PER_FILE, report, type CompileEnv, type Matcher } from './types.js';

type Condition =
  | { kind: 'exists' }
  | { kind: 'missing' }
  | { kind: 'equals'; value: unknown }
  | { kind: 'not-equals'; value: unknown }
  | { kind: 'regex'; regex: RE2JS }
  | { kind: 'type'; type: string };

const CONDITIONS = ['equals', 'not-equals', 'regex', 'exists', 'missing', 'type'] as const;
const TYPE_ALIASES: Record<string, string> = { array: 'list', object: 'mapping' };
/** Matched nodes visited per document at most: `**` over a huge file stays bounded. */
const MAX_VISITS = 200_000;

/**
 * Split a dotted path into keys: `a.b.0`, with `\\.` for a dot inside a key, and `[0]` / `[*]` as
 * another way to write an index (`stages[0].cmd` is `stages.0.cmd`).
 */
export function parseKeyPath(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const bracket = text[i] === '[' ? /^\[(\d+|\*)\]/.exec(text.slice(i, i + 24)) : null;
    if (text[i] === '\\' && i + 1 < text.length) current += text[++i];
    else if (bracket) {
      // `a[0]` ends the key before it; `a.[0]`, `[0][1]` and a leading `[0]` have none.
      if (current !== '') segments.push(current);
      segments.push(bracket[1]);
      current = '';
      i += bracket[0].length - 1;
      if (text[i + 1] === '.') i++;
    } else if (text[i] === '.') {
      segments.push(current);
      current = '';
    } else current += text[i];
  }
  if (current !== '' || segments.length === 0 || text.endsWith('.')) segments.push(current);
  return segments;
}

export function compileKeyMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const spec = (value ?? {}) as Record<string, unknown>;
  const segments = parseKeyPath(String(spec.path ?? ''));
  if (segments.some((s) => s === '')) {
    report(
      env,
      [...path, 'path'],
      `'${String(spec.path)}' has an empty key; write keys separated by single dots, such as train.seed`,
    );
    return undefined;
  }
  const written = CONDITIONS.filter((name) => name in spec);
  if (written.length > 1) {
    report(
      env,
      [...path, written[1]],
      `a key matcher takes one condition; it has ${written.join(' and ')}`,
      'key',
    );
    return undefined;
  }
  const condition = compileCondition(spec, written[0], path, env);
  if (!condition) return undefined;
  const last = segments[segments.length - 1];
  if (condition.kind === 'missing' && (last === '*' || segments.includes('**'))) {
    report(
      env,
      [...path, 'path'],
      "missing needs a path without '**' that ends in a literal key, such as catalog.*.filepath",
    );
    return undefined;
  }
  const forced = typeof spec.format === 'string' ? (spec.format as DataFormat) : undefined;

  return {
    captures: new Set(['key', 'path', 'value']),
    reads: 'data',
    async match(ctx, file) {
      const found: Match[] = [];
      for (const root of dataDocuments(ctx, file, formatOf(file, forced))) {
        const visit = (node: DataNode, trail: (string | number)[]) => {
          if (found.length >= MAX_MATCHES_PER_FILE) return;
          if (condition.kind !== 'missing' && !satisfies(condition, node)) return;
          const key = trail.length ? String(trail[trail.length - 1]) : '';
          found.push({
            file,
            span: node.span,
            captures: {
              key,
              path: trail.join('.'),
              value: condition.kind === 'missing' ? '' : captureText(valueText(node)),
            },
          });
        };
        if (condition.kind === 'missing') {
          walkMissing(root, segments, (node, trail) => visit(node, [...trail, last]));
        } else {
          walk(root, segments, visit);
        }
      }
      return found;
    },
  };
}

function compileCondition(
  spec: Record<string, unknown>,
  name: (typeof CONDITIONS)[number] | undefined,
  path: KeyPath,
  env: CompileEnv,
): Condition | undefined {
  switch (name) {
    case undefined:
      return { kind: 'exists' };
    case 'exists':
      return { kind: spec.exists === false ? 'missing' : 'exists' };
    case 'missing':
      return { kind: spec.missing === false ? 'exists' : 'missing' };
    case 'equals':
      return { kind: 'equals', value: spec.equals };
    case 'not-equals':
      return { kind: 'not-equals', value: spec['not-equals'] };
    case 'type':
      return { kind: 'type', type: TYPE_ALIASES[String(spec.type)] ?? String(spec.type) };
    case 'regex':
      try {
        return { kind: 'regex', regex: compileRegex(String(spec.regex)) };
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        report(env, [...path, 'regex'], error.message);
        return undefined;
      }
  }
}

function satisfies(condition: Condition, node: DataNode): boolean {
  switch (condition.kind) {
    case 'exists':
      return true;
    case 'missing':
      return false;
    case 'equals':
      return isDeepStrictEqual(node.value(), condition.value);
    case 'not-equals':
      return !isDeepStrictEqual(node.value(), condition.value);
    case 'regex': {
      const value = node.value();
      if (node.kind !== 'scalar' || value === null || value === undefined) return false;
      return condition.regex.test(String(value));
    }
    case 'type':
      return (
        typeOf(node) === condition.type ||
        (condition.type === 'number' && typeOf(node) === 'integer')
      );
  }
}

function typeOf(node: DataNode): string {
  if (node.kind !== 'scalar') return node.kind;
  const value = node.value();
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isInteger(Number(value)) ? 'integer' : 'number';
  }
  return typeof value;
}

function valueText(node: DataNode): string {
  const value = node.value();
  if (node.kind === 'scalar') return value === null || value === undefined ? 'null' : String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function keyMatches(segment: string, key: string | number): boolean {
  return segment === '*' || segment === String(key);
}

/** Every node at the path, each once, in document order. */
function walk(
  root: DataNode,
  segments: readonly string[],
  found: (node: DataNode, trail: (string | number)[]) => void,
): void {
  let visits = 0;
  const seen = new Set<string>();
  const step = (node: DataNode, index: number, trail: (string | number)[]) => {
    if (++visits > MAX_VISITS) return;
    if (index === segments.length) {
      const id = trail.join('\0');
      if (!seen.has(id)) {
        seen.add(id);
        found(node, trail);
      }
      return;
    }
    const segment = segments[index];
    if (segment === '**') {
      step(node, index + 1, trail);
      for (const child of node.children()) step(child.node, index, [...trail, child.key]);
      return;
    }
    for (const child of node.children()) {
      if (keyMatches(segment, child.key)) step(child.node, index + 1, [...trail, child.key]);
    }
  };
  step(root, 0, []);
}

/**
 * For `missing`: follow the path; where a literal key is absent from a mapping (or an index from a
 * list), report that mapping. An empty document counts as an empty mapping.
 */
function walkMissing(
  root: DataNode,
  segments: readonly string[],
  found: (parent: DataNode, trail: (string | number)[]) => void,
): void {
  let visits = 0;
  const step = (node: DataNode, index: number, trail: (string | number)[]) => {
    if (++visits > MAX_VISITS || index === segments.length) return;
    const empty = node.kind === 'scalar' && index === 0 && node.value() === null;
    if (node.kind === 'scalar' && !empty) return;
    const segment = segments[index];
    const children = node.children();
    const matching = children.filter((child) => keyMatches(segment, child.key));
    if (segment !== '*' && matching.length === 0) {
      // The rest of the path cannot exist below an absent key: report it missing here.
      found(node, [...trail, ...segments.slice(index, -1)]);
      return;
    }
    for (const child of matching) step(child.node, index + 1, [...trail, child.key]);
  };
  step(root, 0, []);
}
