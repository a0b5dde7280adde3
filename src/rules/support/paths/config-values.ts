// The string values (never keys) of parsed YAML documents and JSON trees, with the offset where
// each starts in the file's text and the key it sits under, so a path in a pipeline config is
// reported on its own line and column. Documents that are not configuration are left out.
import type { Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { ConfigKind } from './config-files.js';

export interface ConfigString {
  value: string;
  /** Offset of the scalar (its opening quote, if quoted) in the file's text. */
  offset: number;
  /** Offset just past the scalar. */
  end: number;
  /** How to read the value: a whole path, or a command line whose words may be paths. */
  role: 'path' | 'command';
}

// Values under these keys are prose or generated metadata, not locations the pipeline opens.
const TEXT_KEYS =
  /^(description|desc|help|doc|docs|summary|comment|comments|title|label|message|notes?|artifact_uri|artifact_location)$/i;
const COMMAND_KEYS = /^(cmd|command|commands|script|run|entrypoint|entry_point|exec|shell)$/i;
// Deeply nested hostile input must not exhaust the stack.
const MAX_DEPTH = 200;

interface Visit {
  value: unknown;
  offset: number;
  end: number;
  keys: readonly (string | number)[];
}

/** String values worth classifying in the YAML documents of one file. */
export function yamlStrings(docs: readonly Document.Parsed[], kind: ConfigKind): ConfigString[] {
  const found: ConfigString[] = [];
  for (const doc of docs) {
    const top = plainTop(doc.contents);
    if (top && !isConfigDocument(top)) continue;
    const visits: Visit[] = [];
    walkYaml(doc.contents, [], visits, 0);
    found.push(...select(visits, kind, top));
  }
  return found;
}

/** String values worth classifying in a JSON file. */
export function jsonStrings(root: JsonNode, kind: ConfigKind): ConfigString[] {
  const top = jsonTop(root);
  if (top && !isConfigDocument(top)) return [];
  const visits: Visit[] = [];
  walkJson(root, [], visits, 0);
  return select(visits, kind, top);
}

function walkYaml(node: unknown, keys: (string | number)[], out: Visit[], depth: number): void {
  if (depth > MAX_DEPTH || !node || isAlias(node)) return;
  if (isScalar(node)) {
    const [start, end] = node.range ?? [0, 0];
    if (typeof node.value === 'string') out.push({ value: node.value, offset: start, end, keys });
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      walkYaml(pair.value, [...keys, key], out, depth + 1);
    }
    return;
  }
  if (isSeq(node)) node.items.forEach((item, i) => walkYaml(item, [...keys, i], out, depth + 1));
}

function walkJson(node: JsonNode, keys: (string | number)[], out: Visit[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (node.type === 'string') {
    out.push({ value: node.value, offset: node.offset, end: node.offset + node.length, keys });
  } else if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value) walkJson(value, [...keys, String(key.value)], out, depth + 1);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((item, i) => walkJson(item, [...keys, i], out, depth + 1));
  }
}

function select(visits: Visit[], kind: ConfigKind, top: TopLevel | undefined): ConfigString[] {
  const conda = top ? isCondaEnvironment(top) : false;
  const found: ConfigString[] = [];
  for (const visit of visits) {
    const key = nearestKey(visit.keys);
    const base = { offset: visit.offset, end: visit.end };
    if (kind === 'compose') {
      const host = composeHostPath(visit);
      if (host !== undefined) found.push({ ...base, value: host, role: 'path' });
      continue;
    }
    // A conda environment lists packages; only its `prefix` names a place on a machine.
    if (conda) {
      if (visit.keys.length === 1 && visit.keys[0] === 'prefix') {
        found.push({ ...base, value: visit.value as string, role: 'path' });
      }
      continue;
    }
    if (key !== undefined && TEXT_KEYS.test(key)) continue;
    const role = key !== undefined && COMMAND_KEYS.test(key) ? 'command' : 'path';
    found.push({ ...base, value: visit.value as string, role });
  }
  return found;
}

function nearestKey(keys: readonly (string | number)[]): string | undefined {
  for (let i = keys.length - 1; i >= 0; i--)
    if (typeof keys[i] === 'string') return keys[i] as string;
  return undefined;
}

// Compose: `- /host/dir:/container/dir[:ro]` in a service's volumes, or a long-form `source:`.
// The container side is a path inside the image, not on anyone's machine.
function composeHostPath(visit: Visit): string | undefined {
  const { keys } = visit;
  const value = visit.value as string;
  const last = keys[keys.length - 1];
  if (last === 'source' || last === 'device' || last === 'env_file' || last === 'context') {
    return value;
  }
  if (typeof last === 'number' && keys[keys.length - 2] === 'volumes') {
    const drive = /^[A-Za-z]:[\\/]/.test(value) ? 2 : 0;
    const colon = value.indexOf(':', drive);
    return colon < 0 ? undefined : value.slice(0, colon);
  }
  return undefined;
}

type TopLevel = ReadonlyMap<string, unknown>;

function plainTop(contents: unknown): TopLevel | undefined {
  if (!isMap(contents)) return undefined;
  const top = new Map<string, unknown>();
  for (const pair of contents.items) {
    if (isPair(pair) && isScalar(pair.key)) {
      top.set(String(pair.key.value), isScalar(pair.value) ? pair.value.value : pair.value);
    }
  }
  return top;
}

function jsonTop(root: JsonNode): TopLevel | undefined {
  if (root.type !== 'object') return undefined;
  const top = new Map<string, unknown>();
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key) top.set(String(key.value), value?.type === 'string' ? value.value : value);
  }
  return top;
}

// Keys that mark files written by transformers/peft `save_pretrained` and the HF Trainer: they
// record where the author's run happened to be, they do not tell the pipeline where to read.
const MODEL_METADATA_KEYS = [
  '_name_or_path',
  'architectures',
  'tokenizer_class',
  'transformers_version',
  'best_model_checkpoint',
  'base_model_name_or_path',
  'peft_type',
];

// JSON Schemas and chart specs describe data; Kubernetes manifests describe containers.
function isConfigDocument(top: TopLevel): boolean {
  const schema = top.get('$schema');
  if (typeof schema === 'string' && /json-schema\.org|vega/i.test(schema)) return false;
  if (top.has('apiVersion') && top.has('kind')) return false;
  return !MODEL_METADATA_KEYS.some((key) => top.has(key));
}

function isCondaEnvironment(top: TopLevel): boolean {
  return top.has('dependencies') && (top.has('channels') || top.has('name') || top.has('prefix'));
}
