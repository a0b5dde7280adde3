// MLflow `MLmodel` signatures: the `inputs`, `outputs` and `params` JSON specs inside the YAML,
// compared between base and head with the same effects as JSON Schema changes. Column specs
// (`{"name", "type", "required"}`) and tensor specs (`{"type": "tensor", "tensor-spec":
// {"dtype", "shape"}}`) are both understood; MLflow's safe conversions (int32 → int64,
// float32 → float64, integer → double) count as widening.
import { LineCounter, parseDocument } from 'yaml';
import { locateInYaml, MAX_NESTING, nestingDepth } from './locate.js';
import { stableStringify, type ChangeEffect, type SchemaChange } from './schema-diff.js';

export interface MlflowSpec {
  name?: string;
  type: string | Record<string, unknown>;
  required?: boolean;
  optional?: boolean;
  dtype?: string;
  shape?: number[];
  default?: unknown;
}

export interface MlflowSignature {
  inputs?: MlflowSpec[];
  outputs?: MlflowSpec[];
  params?: MlflowSpec[];
  /** 1-based line of each part's key in the MLmodel file. */
  lines: Partial<Record<'signature' | 'inputs' | 'outputs' | 'params', number>>;
}

export type MlmodelRead =
  { signature?: MlflowSignature } | { problem: { line: number; message: string } };

function parseSpecs(raw: unknown, part: string): MlflowSpec[] | string {
  if (raw === undefined || raw === null) return [];
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return `signature ${part} is not valid JSON`;
    }
  }
  if (!Array.isArray(value))
    return `signature ${part} must be a JSON list of column or tensor specs`;
  const specs: MlflowSpec[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object')
      return `signature ${part} has an entry that is not an object`;
    const spec = item as Record<string, unknown>;
    const tensor = spec['tensor-spec'] as Record<string, unknown> | undefined;
    specs.push({
      ...(typeof spec.name === 'string' ? { name: spec.name } : {}),
      type: (spec.type as MlflowSpec['type']) ?? 'any',
      ...(typeof spec.required === 'boolean' ? { required: spec.required } : {}),
      ...(typeof spec.optional === 'boolean' ? { optional: spec.optional } : {}),
      ...(tensor && typeof tensor.dtype === 'string' ? { dtype: tensor.dtype } : {}),
      ...(tensor && Array.isArray(tensor.shape) ? { shape: tensor.shape as number[] } : {}),
      ...('default' in spec ? { default: spec.default } : {}),
    });
  }
  return specs;
}

/** Read the signature of an MLmodel file; `{}` when it has none. */
export function readMlmodel(text: string): MlmodelRead {
  if (nestingDepth(text) > MAX_NESTING)
    return {
      problem: { line: 1, message: `MLmodel is nested more than ${MAX_NESTING} levels deep` },
    };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      problem: {
        line: e.linePos?.[0].line ?? 1,
        message: `MLmodel is not valid YAML: ${e.message.split('\n')[0]}`,
      },
    };
  }
  const value = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown> | null;
  const signature = value?.signature as Record<string, unknown> | undefined;
  if (!signature || typeof signature !== 'object') return {};
  const line = (...path: string[]) => counter.linePos(locateInYaml(doc, path, true).offset).line;
  const result: MlflowSignature = { lines: { signature: line('signature') } };
  for (const part of ['inputs', 'outputs', 'params'] as const) {
    if (!(part in signature)) continue;
    const specs = parseSpecs(signature[part], part);
    if (typeof specs === 'string')
      return { problem: { line: line('signature', part), message: specs } };
    result[part] = specs;
    result.lines[part] = line('signature', part);
  }
  return { signature: result };
}

const WIDER: Record<string, string[]> = {
  integer: ['long', 'double', 'float'],
  long: ['double'],
  float: ['double'],
  int8: ['int16', 'int32', 'int64', 'float32', 'float64'],
  int16: ['int32', 'int64', 'float32', 'float64'],
  int32: ['int64', 'float64'],
  int64: [],
  uint8: ['uint16', 'uint32', 'uint64', 'int16', 'int32', 'int64'],
  uint16: ['uint32', 'uint64', 'int32', 'int64'],
  uint32: ['uint64', 'int64'],
  float16: ['float32', 'float64'],
  float32: ['float64'],
};

function typeName(type: MlflowSpec['type']): string {
  return typeof type === 'string' ? type : stableStringify(type);
}

function typeChange(from: string, to: string): ChangeEffect | undefined {
  if (from === to) return undefined;
  if (WIDER[from]?.includes(to)) return 'widens';
  if (WIDER[to]?.includes(from)) return 'narrows';
  if (to === 'any') return 'widens';
  if (from === 'any') return 'narrows';
  return 'changes';
}

function isTensor(specs: MlflowSpec[]): boolean {
  return specs.some((s) => s.type === 'tensor');
}

function isRequired(spec: MlflowSpec): boolean {
  return spec.required !== false && spec.optional !== true;
}

function label(spec: MlflowSpec, index: number): string {
  return spec.name !== undefined ? `"${spec.name}"` : `#${index + 1}`;
}

/** Changes from the base to the head specs of one part (inputs, outputs or params). */
export function diffSpecs(
  part: 'inputs' | 'outputs' | 'params',
  base: MlflowSpec[],
  head: MlflowSpec[],
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const push = (kind: string, effect: ChangeEffect, path: string, detail: string) =>
    changes.push({
      kind,
      effect,
      path,
      headPointer: `/signature/${part}`,
      basePointer: `/signature/${part}`,
      detail,
    });
  if (base.length && head.length && isTensor(base) !== isTensor(head)) {
    push(
      'spec-kind-changed',
      'changes',
      part,
      `${part} changed between column specs and tensor specs`,
    );
    return changes;
  }
  const named = base.every((s) => s.name !== undefined) && head.every((s) => s.name !== undefined);
  const key = (s: MlflowSpec, i: number) => (named ? s.name! : String(i));
  const headByKey = new Map(head.map((s, i) => [key(s, i), { spec: s, index: i }]));
  const baseKeys = new Set(base.map(key));
  const noun =
    part === 'params' ? 'parameter' : isTensor(base.length ? base : head) ? 'tensor' : 'column';
  base.forEach((b, i) => {
    const match = headByKey.get(key(b, i));
    const name = `${noun} ${label(b, i)}`;
    if (!match) {
      // An input no longer read is ignored by MLflow; an output no longer produced breaks readers.
      if (part === 'params')
        push(
          'param-removed',
          'narrows',
          name,
          `${name} removed: callers passing it are no longer served`,
        );
      else push(`${noun}-removed`, 'widens', name, `${name} removed`);
      return;
    }
    const h = match.spec;
    const typeEffect =
      b.type === 'tensor'
        ? typeChange(b.dtype ?? '?', h.dtype ?? '?')
        : typeChange(typeName(b.type), typeName(h.type));
    if (typeEffect) {
      const from = b.type === 'tensor' ? b.dtype : typeName(b.type);
      const to = h.type === 'tensor' ? h.dtype : typeName(h.type);
      push('type-changed', typeEffect, name, `${name} type changed from ${from} to ${to}`);
    }
    if (b.shape || h.shape) shapeChanges(name, b.shape ?? [], h.shape ?? [], push);
    if (part !== 'params') {
      if (isRequired(b) && !isRequired(h))
        push('required-removed', 'widens', name, `${name} is no longer required`);
      if (!isRequired(b) && isRequired(h))
        push('required-added', 'narrows', name, `${name} is now required`);
    } else if (stableStringify(b.default) !== stableStringify(h.default)) {
      push(
        'default-changed',
        'neutral',
        name,
        `${name} default changed from ${stableStringify(b.default)} to ${stableStringify(h.default)}`,
      );
    }
  });
  head.forEach((h, i) => {
    if (baseKeys.has(key(h, i))) return;
    const name = `${noun} ${label(h, i)}`;
    if (part === 'params') push('param-added', 'widens', name, `${name} added`);
    else if (isRequired(h)) push(`${noun}-added`, 'narrows', name, `required ${name} added`);
    else push(`${noun}-added`, 'widens', name, `optional ${name} added`);
  });
  return changes;
}

function shapeChanges(
  name: string,
  from: number[],
  to: number[],
  push: (kind: string, effect: ChangeEffect, path: string, detail: string) => void,
): void {
  if (from.length !== to.length) {
    push(
      'shape-changed',
      'changes',
      name,
      `${name} rank changed from ${from.length} to ${to.length}`,
    );
    return;
  }
  from.forEach((dim, i) => {
    const next = to[i];
    if (dim === next) return;
    const effect: ChangeEffect = dim === -1 ? 'narrows' : next === -1 ? 'widens' : 'changes';
    push('shape-changed', effect, name, `${name} dimension ${i} changed from ${dim} to ${next}`);
  });
}
