// What changed between two versions of a JSON Schema, and in which direction: a change
// `narrows` when the head rejects data the base accepted, `widens` when the head accepts data
// the base rejected, `changes` when both can happen (a changed pattern), `neutral` when only a
// declaration changed. Whether a change breaks callers depends on the side of the model the
// schema describes: narrowing an input breaks the callers sending data; widening an output
// breaks the consumers reading it (see `isBreaking`).
import { toPointer } from './locate.js';

export type ChangeEffect = 'narrows' | 'widens' | 'changes' | 'neutral';
export type Direction = 'input' | 'output';

export interface SchemaChange {
  kind: string;
  effect: ChangeEffect;
  /** Where in the data: `customer.age`, `items[]`, `(root)`. */
  path: string;
  /** JSON pointer into the head schema of the changed keyword, or of its nearest node. */
  headPointer: string;
  /** JSON pointer into the base schema. */
  basePointer: string;
  /** A sentence: `minimum raised from 0 to 18`. */
  detail: string;
  /**
   * The change only matters for values of a property the other version does not declare while
   * additional properties are allowed (a declared optional property added or removed).
   */
  undeclared?: boolean;
}

export interface DiffOptions {
  /** How deep to follow nested schemas (guards pathological inputs). */
  maxDepth?: number;
  /** Node comparisons allowed before giving up with a `too-complex` change. */
  maxSteps?: number;
}

/** Whether a change breaks the callers (input) or the consumers (output) of the base version. */
export function isBreaking(
  change: SchemaChange,
  direction: Direction,
  strictUndeclared = false,
): boolean {
  if (change.effect === 'neutral') return false;
  if (change.undeclared && !strictUndeclared) return false;
  if (change.effect === 'changes') return true;
  return direction === 'input' ? change.effect === 'narrows' : change.effect === 'widens';
}

type Schema = Record<string, unknown>;
type Json = unknown;

interface Side {
  root: Json;
  node: Json;
  pointer: (string | number)[];
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$id',
  'id',
  '$schema',
  '$defs',
  'definitions',
  '$anchor',
  '$dynamicAnchor',
  '$vocabulary',
  'discriminator',
  'contentEncoding',
  'contentMediaType',
  'xml',
  'externalDocs',
]);
const HANDLED = new Set([
  'type',
  'enum',
  'const',
  'nullable',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'items',
  'prefixItems',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'anyOf',
  'oneOf',
  '$ref',
  'allOf',
]);

export function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Schema)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Schema)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function isObject(value: Json): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walkPointer(
  root: Json,
  ref: string,
): { node: Json; pointer: (string | number)[] } | undefined {
  if (ref === '#') return { node: root, pointer: [] };
  if (!ref.startsWith('#/')) return undefined;
  const segments = ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return { node, pointer: segments };
}

/** Follow local `$ref`s and unwrap a lone `allOf`, merging sibling keywords. */
function resolve(side: Side, depth = 0): Side {
  const node = side.node;
  if (!isObject(node) || depth > 32) return side;
  if (typeof node.$ref === 'string') {
    const target = walkPointer(side.root, node.$ref);
    if (target) {
      const { $ref: _ref, ...siblings } = node;
      const resolved = resolve(
        { root: side.root, node: target.node, pointer: target.pointer },
        depth + 1,
      );
      const merged = isObject(resolved.node)
        ? { ...resolved.node, ...withoutAnnotations(siblings) }
        : resolved.node;
      return { root: side.root, node: merged, pointer: resolved.pointer };
    }
  }
  if (Array.isArray(node.allOf) && node.allOf.length === 1) {
    const { allOf, ...rest } = node;
    const inner = resolve(
      { root: side.root, node: allOf[0], pointer: [...side.pointer, 'allOf', 0] },
      depth + 1,
    );
    if (isObject(inner.node))
      return { ...side, node: { ...withoutAnnotations(rest), ...inner.node } };
  }
  return side;
}

function withoutAnnotations(schema: Schema): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !ANNOTATIONS.has(k)));
}

function child(side: Side, ...keys: (string | number)[]): Side {
  let node = side.node;
  for (const key of keys)
    node =
      isObject(node) || Array.isArray(node)
        ? (node as Record<string, Json>)[key as string]
        : undefined;
  return { root: side.root, node, pointer: [...side.pointer, ...keys] };
}

const JSON_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Values the schema allows, when it lists them (`enum` or `const`). */
function allowedValues(schema: Schema): Json[] | undefined {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** The set of JSON types a schema accepts; undefined for any. */
function typeSet(schema: Schema): Set<string> | undefined {
  let types: string[] | undefined;
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type))
    types = schema.type.filter((t): t is string => typeof t === 'string');
  else {
    const values = allowedValues(schema);
    if (values) types = [...new Set(values.map(jsonType))];
  }
  types ??= impliedTypes(schema);
  if (types && schema.nullable === true) types.push('null');
  return types ? new Set(types) : undefined;
}

const FAMILY_KEYWORDS: [string[], string[]][] = [
  [
    [
      'properties',
      'required',
      'additionalProperties',
      'patternProperties',
      'minProperties',
      'maxProperties',
      'propertyNames',
    ],
    ['object'],
  ],
  [['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'], ['array']],
  [['minLength', 'maxLength', 'pattern', 'format'], ['string']],
  [['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'], ['number']],
];

/**
 * A schema without `type` that only uses, say, object keywords is read as an object schema:
 * that is what its author meant, and adding `type: object` later is a clarification, not a change.
 */
function impliedTypes(schema: Schema): string[] | undefined {
  const types = new Set<string>();
  for (const [keywords, family] of FAMILY_KEYWORDS) {
    if (keywords.some((k) => k in schema)) family.forEach((t) => types.add(t));
  }
  return types.size ? [...types] : undefined;
}

function covers(types: Set<string> | undefined, type: string): boolean {
  if (!types) return true;
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function accepts(
  types: Set<string> | undefined,
  family: 'number' | 'string' | 'array' | 'object',
): boolean {
  if (!types) return true;
  return family === 'number' ? types.has('number') || types.has('integer') : types.has(family);
}

class Differ {
  readonly changes: SchemaChange[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly maxDepth: number,
    /** Shared by trial diffs: nested alternatives could otherwise multiply the work. */
    readonly budget: { steps: number; exhausted: boolean },
  ) {}

  push(
    kind: string,
    effect: ChangeEffect,
    path: string,
    b: Side,
    h: Side,
    detail: string,
    undeclared = false,
    keyword?: string,
  ): void {
    const change: SchemaChange = {
      kind,
      effect,
      path: path || '(root)',
      headPointer: toPointer(keyword ? [...h.pointer, keyword] : h.pointer),
      basePointer: toPointer(keyword ? [...b.pointer, keyword] : b.pointer),
      detail,
    };
    if (undeclared) change.undeclared = true;
    this.changes.push(change);
  }

  diff(baseIn: Side, headIn: Side, path: string, depth: number): void {
    if (depth > this.maxDepth || this.budget.exhausted) return;
    if (--this.budget.steps < 0) {
      this.budget.exhausted = true;
      return;
    }
    const b = resolve(baseIn);
    const h = resolve(headIn);
    // One visit per pair of schema nodes: recursive schemas terminate, shared definitions report once.
    const key = `${toPointer(b.pointer)}|${toPointer(h.pointer)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);

    const bv = b.node === undefined || b.node === true ? {} : b.node;
    const hv = h.node === undefined || h.node === true ? {} : h.node;
    if (bv === false || hv === false) {
      if (bv === false && hv !== false)
        this.push(
          'accepts-anything',
          'widens',
          path,
          b,
          h,
          'the schema accepted nothing and now accepts values',
        );
      if (hv === false && bv !== false)
        this.push(
          'rejects-everything',
          'narrows',
          path,
          b,
          h,
          'the schema now rejects every value',
        );
      return;
    }
    if (!isObject(bv) || !isObject(hv)) return;
    const bText = stableStringify(withoutAnnotations(bv));
    if (bText === stableStringify(withoutAnnotations(hv)) && !bText.includes('"$ref"')) return;

    if (this.diffAlternatives(b, h, bv, hv, path, depth)) return;
    const bt = typeSet(bv);
    const ht = typeSet(hv);
    this.diffTypes(b, h, bt, ht, path);
    this.diffValues(b, h, bv, hv, path);
    if (accepts(bt, 'number') && accepts(ht, 'number')) this.diffNumbers(b, h, bv, hv, path);
    if (accepts(bt, 'string') && accepts(ht, 'string')) this.diffStrings(b, h, bv, hv, path);
    if (accepts(bt, 'array') && accepts(ht, 'array')) this.diffArrays(b, h, bv, hv, path, depth);
    if (accepts(bt, 'object') && accepts(ht, 'object')) this.diffObjects(b, h, bv, hv, path, depth);
    this.diffOpaque(b, h, bv, hv, path);
  }

  /** anyOf/oneOf on either side: align alternatives, then diff matched pairs. */
  private diffAlternatives(
    b: Side,
    h: Side,
    bv: Schema,
    hv: Schema,
    path: string,
    depth: number,
  ): boolean {
    const combined = (s: Schema) => Array.isArray(s.anyOf) || Array.isArray(s.oneOf);
    if (!combined(bv) && !combined(hv)) return false;
    const bAlts = alternatives(b, bv);
    const hAlts = alternatives(h, hv);
    if (bAlts.length === 1 && hAlts.length === 1) {
      const [ba] = bAlts;
      const [ha] = hAlts;
      if (ba.node !== bv || ha.node !== hv) {
        this.diff(ba, ha, path, depth + 1);
        return true;
      }
      return false;
    }
    // Identical alternatives pair up first; the rest pair greedily by how little differs.
    const text = (s: Side) =>
      stableStringify(withoutAnnotations((resolve(s).node as Schema) ?? {}));
    const bTexts = bAlts.map(text);
    const hTexts = hAlts.map(text);
    const unmatchedBase = new Set(bAlts.map((_, i) => i));
    const unmatchedHead = new Set<number>();
    hAlts.forEach((_, hi) => {
      const exact = [...unmatchedBase].find((bi) => bTexts[bi] === hTexts[hi]);
      if (exact === undefined) unmatchedHead.add(hi);
      else unmatchedBase.delete(exact);
    });
    const trial = (bi: number, hi: number) => {
      const scratch = new Differ(this.maxDepth, this.budget);
      scratch.diff(bAlts[bi], hAlts[hi], path, depth + 1);
      return scratch.changes;
    };
    const sameTypes = (bi: number, hi: number) => {
      const key = (s: Side) =>
        [...(typeSet((resolve(s).node as Schema) ?? {}) ?? ['*'])].sort().join(',');
      return key(bAlts[bi]) === key(hAlts[hi]);
    };
    for (const hi of [...unmatchedHead]) {
      let best: { bi: number; cost: number } | undefined;
      for (const bi of unmatchedBase) {
        if (!sameTypes(bi, hi)) continue;
        const cost = trial(bi, hi).filter((c) => c.effect !== 'neutral').length;
        if (!best || cost < best.cost) best = { bi, cost };
      }
      if (!best) continue;
      unmatchedBase.delete(best.bi);
      unmatchedHead.delete(hi);
      this.diff(bAlts[best.bi], hAlts[hi], path, depth + 1);
    }
    // An alternative dropped (or added) that another one on the other side covers changes nothing.
    const covered = (bi: number, hi: number, effect: ChangeEffect) =>
      !trial(bi, hi).some((c) => c.effect === effect || c.effect === 'changes');
    for (const hi of unmatchedHead) {
      if (bAlts.some((_, bi) => covered(bi, hi, 'widens'))) continue;
      this.push(
        'alternative-added',
        'widens',
        path,
        b,
        hAlts[hi],
        `now also accepts ${describe(resolve(hAlts[hi]).node)}`,
      );
    }
    for (const bi of unmatchedBase) {
      if (hAlts.some((_, hi) => covered(bi, hi, 'narrows'))) continue;
      this.push(
        'alternative-removed',
        'narrows',
        path,
        bAlts[bi],
        h,
        `no longer accepts ${describe(resolve(bAlts[bi]).node)}`,
      );
    }
    return true;
  }

  private diffTypes(
    b: Side,
    h: Side,
    bt: Set<string> | undefined,
    ht: Set<string> | undefined,
    path: string,
  ): void {
    if (!bt && !ht) return;
    if (!bt && ht) {
      this.push(
        'type-restricted',
        'narrows',
        path,
        b,
        h,
        `type restricted to ${[...ht].join(' | ')}`,
        false,
        'type',
      );
      return;
    }
    if (bt && !ht) {
      this.push(
        'type-removed-constraint',
        'widens',
        path,
        b,
        h,
        `type constraint ${[...bt].join(' | ')} removed`,
        false,
        'type',
      );
      return;
    }
    for (const type of JSON_TYPES) {
      if (bt!.has(type) && !covers(ht, type)) {
        const narrowed = type === 'number' && ht!.has('integer');
        this.push(
          narrowed ? 'type-narrowed' : 'type-removed',
          'narrows',
          path,
          b,
          h,
          narrowed ? 'type narrowed from number to integer' : `type "${type}" no longer accepted`,
          false,
          'type',
        );
      }
      if (ht!.has(type) && !covers(bt, type)) {
        const widened = type === 'number' && bt!.has('integer');
        this.push(
          widened ? 'type-widened' : 'type-added',
          'widens',
          path,
          b,
          h,
          widened ? 'type widened from integer to number' : `type "${type}" now accepted`,
          false,
          'type',
        );
      }
    }
  }

  private diffValues(b: Side, h: Side, bv: Schema, hv: Schema, path: string): void {
    const bs = allowedValues(bv);
    const hs = allowedValues(hv);
    const keyword = 'const' in hv ? 'const' : 'enum';
    if (!bs && !hs) return;
    if (!bs && hs) {
      this.push(
        keyword === 'const' ? 'const-added' : 'enum-added',
        'narrows',
        path,
        b,
        h,
        `values restricted to ${hs.map(preview).join(', ')}`,
        false,
        keyword,
      );
      return;
    }
    if (bs && !hs) {
      this.push(
        'enum-removed',
        'widens',
        path,
        b,
        h,
        `value restriction ${bs.map(preview).join(', ')} removed`,
        false,
        'const' in bv ? 'const' : 'enum',
      );
      return;
    }
    const bk = new Set(bs!.map(stableStringify));
    const hk = new Set(hs!.map(stableStringify));
    const removed = bs!.filter((v) => !hk.has(stableStringify(v)));
    const added = hs!.filter((v) => !bk.has(stableStringify(v)));
    if (removed.length)
      this.push(
        'enum-value-removed',
        'narrows',
        path,
        b,
        h,
        `value${removed.length > 1 ? 's' : ''} ${removed.map(preview).join(', ')} no longer accepted`,
        false,
        keyword,
      );
    if (added.length)
      this.push(
        'enum-value-added',
        'widens',
        path,
        b,
        h,
        `value${added.length > 1 ? 's' : ''} ${added.map(preview).join(', ')} now accepted`,
        false,
        keyword,
      );
  }

  private bound(
    b: Side,
    h: Side,
    path: string,
    name: string,
    keyword: string,
    bb: Bound | undefined,
    hb: Bound | undefined,
    tighter: (x: Bound, y: Bound) => boolean,
  ): void {
    if (!bb && !hb) return;
    if (!bb && hb)
      return this.push(
        `${name}-added`,
        'narrows',
        path,
        b,
        h,
        `${name} ${formatBound(hb)} added`,
        false,
        keyword,
      );
    if (bb && !hb)
      return this.push(
        `${name}-removed`,
        'widens',
        path,
        b,
        h,
        `${name} ${formatBound(bb)} removed`,
        false,
        keyword,
      );
    if (tighter(hb!, bb!))
      this.push(
        `${name}-tightened`,
        'narrows',
        path,
        b,
        h,
        `${name} tightened from ${formatBound(bb!)} to ${formatBound(hb!)}`,
        false,
        keyword,
      );
    else if (tighter(bb!, hb!))
      this.push(
        `${name}-relaxed`,
        'widens',
        path,
        b,
        h,
        `${name} relaxed from ${formatBound(bb!)} to ${formatBound(hb!)}`,
        false,
        keyword,
      );
  }

  private diffNumbers(b: Side, h: Side, bv: Schema, hv: Schema, path: string): void {
    const higher = (x: Bound, y: Bound) =>
      x.value > y.value || (x.value === y.value && x.exclusive && !y.exclusive);
    const lower = (x: Bound, y: Bound) =>
      x.value < y.value || (x.value === y.value && x.exclusive && !y.exclusive);
    const hMin = lowerBound(hv);
    const hMax = upperBound(hv);
    this.bound(
      b,
      h,
      path,
      'minimum',
      hMin?.exclusive ? 'exclusiveMinimum' : 'minimum',
      lowerBound(bv),
      hMin,
      higher,
    );
    this.bound(
      b,
      h,
      path,
      'maximum',
      hMax?.exclusive ? 'exclusiveMaximum' : 'maximum',
      upperBound(bv),
      hMax,
      lower,
    );
    const bm = typeof bv.multipleOf === 'number' ? bv.multipleOf : undefined;
    const hm = typeof hv.multipleOf === 'number' ? hv.multipleOf : undefined;
    if (bm === hm) return;
    if (bm === undefined)
      this.push(
        'multipleOf-added',
        'narrows',
        path,
        b,
        h,
        `multipleOf ${hm} added`,
        false,
        'multipleOf',
      );
    else if (hm === undefined)
      this.push(
        'multipleOf-removed',
        'widens',
        path,
        b,
        h,
        `multipleOf ${bm} removed`,
        false,
        'multipleOf',
      );
    else if (isMultiple(hm, bm))
      this.push(
        'multipleOf-tightened',
        'narrows',
        path,
        b,
        h,
        `multipleOf changed from ${bm} to ${hm}`,
        false,
        'multipleOf',
      );
    else if (isMultiple(bm, hm))
      this.push(
        'multipleOf-relaxed',
        'widens',
        path,
        b,
        h,
        `multipleOf changed from ${bm} to ${hm}`,
        false,
        'multipleOf',
      );
    else
      this.push(
        'multipleOf-changed',
        'changes',
        path,
        b,
        h,
        `multipleOf changed from ${bm} to ${hm}`,
        false,
        'multipleOf',
      );
  }

  private count(
    b: Side,
    h: Side,
    bv: Schema,
    hv: Schema,
    path: string,
    minKey: string,
    maxKey: string,
    what: string,
  ): void {
    const bMin = num(bv[minKey]) ?? 0;
    const hMin = num(hv[minKey]) ?? 0;
    const bMax = num(bv[maxKey]) ?? Infinity;
    const hMax = num(hv[maxKey]) ?? Infinity;
    const verb = (from: number, to: number, none: number) =>
      from === none ? 'added' : to === none ? 'removed' : 'changed';
    if (hMin > bMin)
      this.push(
        `${minKey}-${verb(bMin, hMin, 0)}`,
        'narrows',
        path,
        b,
        h,
        `${minKey} ${describeCount(bMin, hMin, 0)} (${what})`,
        false,
        minKey,
      );
    if (hMin < bMin)
      this.push(
        `${minKey}-${verb(bMin, hMin, 0)}`,
        'widens',
        path,
        b,
        h,
        `${minKey} ${describeCount(bMin, hMin, 0)} (${what})`,
        false,
        minKey,
      );
    if (hMax < bMax)
      this.push(
        `${maxKey}-${verb(bMax, hMax, Infinity)}`,
        'narrows',
        path,
        b,
        h,
        `${maxKey} ${describeCount(bMax, hMax, Infinity)} (${what})`,
        false,
        maxKey,
      );
    if (hMax > bMax)
      this.push(
        `${maxKey}-${verb(bMax, hMax, Infinity)}`,
        'widens',
        path,
        b,
        h,
        `${maxKey} ${describeCount(bMax, hMax, Infinity)} (${what})`,
        false,
        maxKey,
      );
  }

  private diffStrings(b: Side, h: Side, bv: Schema, hv: Schema, path: string): void {
    this.count(b, h, bv, hv, path, 'minLength', 'maxLength', 'string length');
    for (const keyword of ['pattern', 'format'] as const) {
      const bk = typeof bv[keyword] === 'string' ? (bv[keyword] as string) : undefined;
      const hk = typeof hv[keyword] === 'string' ? (hv[keyword] as string) : undefined;
      if (bk === hk) continue;
      if (bk === undefined)
        this.push(
          `${keyword}-added`,
          'narrows',
          path,
          b,
          h,
          `${keyword} "${hk}" added`,
          false,
          keyword,
        );
      else if (hk === undefined)
        this.push(
          `${keyword}-removed`,
          'widens',
          path,
          b,
          h,
          `${keyword} "${bk}" removed`,
          false,
          keyword,
        );
      else
        this.push(
          `${keyword}-changed`,
          'changes',
          path,
          b,
          h,
          `${keyword} changed from "${bk}" to "${hk}"`,
          false,
          keyword,
        );
    }
  }

  private diffArrays(b: Side, h: Side, bv: Schema, hv: Schema, path: string, depth: number): void {
    this.count(b, h, bv, hv, path, 'minItems', 'maxItems', 'array length');
    if (bv.uniqueItems !== true && hv.uniqueItems === true)
      this.push(
        'uniqueItems-added',
        'narrows',
        path,
        b,
        h,
        'items must now be unique',
        false,
        'uniqueItems',
      );
    if (bv.uniqueItems === true && hv.uniqueItems !== true)
      this.push(
        'uniqueItems-removed',
        'widens',
        path,
        b,
        h,
        'items no longer need to be unique',
        false,
        'uniqueItems',
      );
    const bTuple = tupleOf(bv);
    const hTuple = tupleOf(hv);
    const bRest = restOf(b, bv, bTuple);
    const hRest = restOf(h, hv, hTuple);
    if (!bTuple && !hTuple) {
      this.diff(bRest, hRest, `${path}[]`, depth + 1);
      return;
    }
    if (!bTuple || !hTuple) {
      this.push(
        bTuple ? 'tuple-to-array' : 'array-to-tuple',
        'changes',
        path,
        b,
        h,
        bTuple ? 'a fixed-position tuple became a list' : 'a list became a fixed-position tuple',
        false,
        hTuple ? tupleKey(hv) : 'items',
      );
      return;
    }
    if (bTuple.length !== hTuple.length) {
      this.push(
        'tuple-length-changed',
        'changes',
        path,
        b,
        h,
        `tuple length changed from ${bTuple.length} to ${hTuple.length}`,
        false,
        tupleKey(hv),
      );
    }
    for (let i = 0; i < Math.min(bTuple.length, hTuple.length); i++) {
      this.diff(child(b, tupleKey(bv), i), child(h, tupleKey(hv), i), `${path}[${i}]`, depth + 1);
    }
    this.diff(bRest, hRest, `${path}[${Math.min(bTuple.length, hTuple.length)}...]`, depth + 1);
  }

  private diffObjects(b: Side, h: Side, bv: Schema, hv: Schema, path: string, depth: number): void {
    this.count(b, h, bv, hv, path, 'minProperties', 'maxProperties', 'number of properties');
    const bProps = isObject(bv.properties) ? bv.properties : {};
    const hProps = isObject(hv.properties) ? hv.properties : {};
    const bAdd = additionalOf(b, bv);
    const hAdd = additionalOf(h, hv);
    const at = (name: string) => (path ? `${path}.${name}` : name);
    for (const name of Object.keys(bProps)) {
      const bp = child(b, 'properties', name);
      if (name in hProps) {
        this.diff(bp, child(h, 'properties', name), at(name), depth + 1);
        continue;
      }
      if (hAdd.node === false) {
        this.push(
          'property-removed',
          'narrows',
          at(name),
          bp,
          h,
          `property "${name}" removed while additional properties are not allowed: data that has it is now rejected`,
          false,
          'properties',
        );
      } else if (isTrivial(hAdd.node)) {
        const effect = isTrivial(resolve(bp).node) ? 'neutral' : 'widens';
        this.push(
          'property-removed',
          effect,
          at(name),
          bp,
          h,
          `property "${name}" is no longer declared (additional properties are allowed, so it is not checked any more)`,
          effect !== 'neutral',
          'properties',
        );
      } else this.diff(bp, hAdd, at(name), depth + 1);
    }
    for (const name of Object.keys(hProps)) {
      if (name in bProps) continue;
      const hp = child(h, 'properties', name);
      if (bAdd.node === false) {
        this.push(
          'property-added',
          'widens',
          at(name),
          b,
          hp,
          `property "${name}" added (it was not allowed before)`,
        );
      } else if (isTrivial(bAdd.node)) {
        const effect = isTrivial(resolve(hp).node) ? 'neutral' : 'narrows';
        this.push(
          'property-added',
          effect,
          at(name),
          b,
          hp,
          `property "${name}" declared as ${describe(resolve(hp).node)}${effect === 'narrows' ? '; an undeclared value of another type was accepted before' : ''}`,
          effect !== 'neutral',
        );
      } else this.diff(bAdd, hp, at(name), depth + 1);
    }
    const bReq = new Set(Array.isArray(bv.required) ? (bv.required as string[]) : []);
    const hReq = new Set(Array.isArray(hv.required) ? (hv.required as string[]) : []);
    for (const name of hReq) {
      if (!bReq.has(name))
        this.push(
          'required-added',
          'narrows',
          at(name),
          b,
          h,
          `property "${name}" is now required`,
          false,
          'required',
        );
    }
    for (const name of bReq) {
      if (!hReq.has(name))
        this.push(
          'required-removed',
          'widens',
          at(name),
          b,
          h,
          `property "${name}" is no longer required`,
          false,
          'required',
        );
    }
    const star = path ? `${path}.*` : '*';
    if (bAdd.node === false && hAdd.node !== false) {
      this.push(
        'additionalProperties-allowed',
        'widens',
        star,
        b,
        h,
        'undeclared properties are now allowed',
        false,
        'additionalProperties',
      );
    } else if (bAdd.node !== false && hAdd.node === false) {
      this.push(
        'additionalProperties-forbidden',
        'narrows',
        star,
        b,
        h,
        'undeclared properties are no longer allowed',
        false,
        'additionalProperties',
      );
    } else if (bAdd.node !== false && hAdd.node !== false) {
      this.diff(bAdd, hAdd, star, depth + 1);
    }
  }

  /** Keywords whose effect we do not reason about: any change is treated as both directions. */
  private diffOpaque(b: Side, h: Side, bv: Schema, hv: Schema, path: string): void {
    const keys = new Set([...Object.keys(bv), ...Object.keys(hv)]);
    for (const keyword of keys) {
      if (ANNOTATIONS.has(keyword) || HANDLED.has(keyword) || keyword.startsWith('x-')) continue;
      if (keyword === 'additionalItems' || keyword === 'unevaluatedProperties') continue;
      if (stableStringify(bv[keyword]) === stableStringify(hv[keyword])) continue;
      this.push(
        `${keyword}-changed`,
        'changes',
        path,
        b,
        h,
        `"${keyword}" changed; its effect cannot be worked out statically, so it is treated as breaking both ways`,
        false,
        keyword in hv ? keyword : undefined,
      );
    }
    if (Array.isArray(bv.allOf) || Array.isArray(hv.allOf)) {
      if (stableStringify(bv.allOf) !== stableStringify(hv.allOf)) {
        this.push(
          'allOf-changed',
          'changes',
          path,
          b,
          h,
          '"allOf" changed; treated as breaking both ways',
          false,
          'allOf' in hv ? 'allOf' : undefined,
        );
      }
    }
  }
}

interface Bound {
  value: number;
  exclusive: boolean;
}

function num(value: Json): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function lowerBound(s: Schema): Bound | undefined {
  const candidates: Bound[] = [];
  const min = num(s.minimum);
  if (min !== undefined) candidates.push({ value: min, exclusive: s.exclusiveMinimum === true });
  const exclusive = num(s.exclusiveMinimum);
  if (exclusive !== undefined) candidates.push({ value: exclusive, exclusive: true });
  return candidates.sort(
    (x, y) => y.value - x.value || Number(y.exclusive) - Number(x.exclusive),
  )[0];
}

function upperBound(s: Schema): Bound | undefined {
  const candidates: Bound[] = [];
  const max = num(s.maximum);
  if (max !== undefined) candidates.push({ value: max, exclusive: s.exclusiveMaximum === true });
  const exclusive = num(s.exclusiveMaximum);
  if (exclusive !== undefined) candidates.push({ value: exclusive, exclusive: true });
  return candidates.sort(
    (x, y) => x.value - y.value || Number(y.exclusive) - Number(x.exclusive),
  )[0];
}

function formatBound(b: Bound): string {
  return `${b.exclusive ? '(exclusive) ' : ''}${b.value}`;
}

function describeCount(from: number, to: number, none: number): string {
  if (from === none) return `${to} added`;
  if (to === none) return `${from} removed`;
  return `changed from ${from} to ${to}`;
}

function isMultiple(x: number, y: number): boolean {
  const ratio = x / y;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function tupleKey(s: Schema): string {
  return Array.isArray(s.prefixItems) ? 'prefixItems' : 'items';
}

function tupleOf(s: Schema): Json[] | undefined {
  if (Array.isArray(s.prefixItems)) return s.prefixItems;
  return Array.isArray(s.items) ? s.items : undefined;
}

/** The schema for array items beyond the tuple (or all items for a plain array). */
function restOf(side: Side, s: Schema, tuple: Json[] | undefined): Side {
  if (!tuple) return child(side, 'items');
  if (Array.isArray(s.prefixItems)) return child(side, 'items');
  return child(side, 'additionalItems');
}

function additionalOf(side: Side, s: Schema): Side {
  if ('additionalProperties' in s) return child(side, 'additionalProperties');
  if (s.unevaluatedProperties === false) return child(side, 'unevaluatedProperties');
  return { root: side.root, node: true, pointer: [...side.pointer, 'additionalProperties'] };
}

function isTrivial(node: Json): boolean {
  return (
    node === undefined ||
    node === true ||
    (isObject(node) && Object.keys(withoutAnnotations(node)).length === 0)
  );
}

function alternatives(side: Side, s: Schema): Side[] {
  const key = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (key) {
    const { [key]: list, ...siblings } = s;
    const rest = withoutAnnotations(siblings);
    return (list as Json[]).map((alt, i) => {
      const inner = resolve({ root: side.root, node: alt, pointer: [...side.pointer, key, i] });
      const merged =
        isObject(inner.node) && Object.keys(rest).length ? { ...rest, ...inner.node } : inner.node;
      return { ...inner, node: merged };
    });
  }
  // A multi-type schema compared against alternatives splits into one alternative per type.
  if (Array.isArray(s.type) && s.type.length > 1) {
    return s.type.map((type) => ({ ...side, node: { ...s, type } }));
  }
  return [{ ...side, node: s }];
}

function preview(value: Json): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function describe(node: Json): string {
  if (node === true || node === undefined) return 'any value';
  if (node === false) return 'nothing';
  if (!isObject(node)) return 'a value';
  const values = allowedValues(node);
  if (values) return values.map(preview).join(' | ');
  const types = typeSet(node);
  return types ? [...types].join(' | ') : 'a constrained value';
}

/** All changes from `base` to `head`. */
export function diffSchemas(base: Json, head: Json, options: DiffOptions = {}): SchemaChange[] {
  const budget = { steps: options.maxSteps ?? 200_000, exhausted: false };
  const differ = new Differ(options.maxDepth ?? 64, budget);
  const b: Side = { root: base, node: base, pointer: [] };
  const h: Side = { root: head, node: head, pointer: [] };
  differ.diff(b, h, '', 0);
  if (budget.exhausted) {
    differ.push(
      'too-complex',
      'changes',
      '',
      b,
      h,
      'the schemas are too complex to compare completely; review the change by hand',
    );
  }
  return differ.changes;
}
