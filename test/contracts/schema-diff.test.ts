import { describe, expect, it } from 'vitest';
import {
  diffSchemas,
  isBreaking,
  type ChangeEffect,
  type SchemaChange,
} from '../../src/contracts/schema-diff.js';

type Case = [name: string, base: unknown, head: unknown, kind: string, effect: ChangeEffect];

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});
const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  obj(properties, { additionalProperties: false, ...extra });

// Every change kind, with the effect it must have. `narrows` breaks inputs, `widens` breaks
// outputs, `changes` breaks both, `neutral` breaks neither.
const CASES: Case[] = [
  ['schema now rejects everything', {}, false, 'rejects-everything', 'narrows'],
  ['schema now accepts values', false, {}, 'accepts-anything', 'widens'],
  ['type restricted from any', {}, { type: 'string' }, 'type-restricted', 'narrows'],
  ['type constraint removed', { type: 'string' }, {}, 'type-removed-constraint', 'widens'],
  [
    'type removed from a union',
    { type: ['string', 'null'] },
    { type: 'string' },
    'type-removed',
    'narrows',
  ],
  [
    'type added to a union',
    { type: 'string' },
    { type: ['string', 'null'] },
    'type-added',
    'widens',
  ],
  [
    'number narrowed to integer',
    { type: 'number' },
    { type: 'integer' },
    'type-narrowed',
    'narrows',
  ],
  ['integer widened to number', { type: 'integer' }, { type: 'number' }, 'type-widened', 'widens'],
  [
    'nullable added (OpenAPI style)',
    { type: 'string' },
    { type: 'string', nullable: true },
    'type-added',
    'widens',
  ],
  ['enum added', { type: 'string' }, { type: 'string', enum: ['a', 'b'] }, 'enum-added', 'narrows'],
  ['const added', { type: 'string' }, { type: 'string', const: 'a' }, 'const-added', 'narrows'],
  ['enum removed', { type: 'string', enum: ['a'] }, { type: 'string' }, 'enum-removed', 'widens'],
  ['enum value removed', { enum: ['a', 'b'] }, { enum: ['a'] }, 'enum-value-removed', 'narrows'],
  ['enum value added', { enum: ['a'] }, { enum: ['a', 'b'] }, 'enum-value-added', 'widens'],
  [
    'const widened into an enum',
    { const: 'a' },
    { enum: ['a', 'b'] },
    'enum-value-added',
    'widens',
  ],
  ['minimum added', { type: 'number' }, { type: 'number', minimum: 0 }, 'minimum-added', 'narrows'],
  [
    'minimum removed',
    { type: 'number', minimum: 0 },
    { type: 'number' },
    'minimum-removed',
    'widens',
  ],
  [
    'minimum raised',
    { type: 'number', minimum: 0 },
    { type: 'number', minimum: 18 },
    'minimum-tightened',
    'narrows',
  ],
  [
    'minimum lowered',
    { type: 'number', minimum: 18 },
    { type: 'number', minimum: 0 },
    'minimum-relaxed',
    'widens',
  ],
  [
    'minimum made exclusive',
    { type: 'number', minimum: 0 },
    { type: 'number', exclusiveMinimum: 0 },
    'minimum-tightened',
    'narrows',
  ],
  [
    'draft-04 exclusive flag dropped',
    { type: 'number', minimum: 0, exclusiveMinimum: true },
    { type: 'number', minimum: 0 },
    'minimum-relaxed',
    'widens',
  ],
  ['maximum added', { type: 'number' }, { type: 'number', maximum: 1 }, 'maximum-added', 'narrows'],
  [
    'maximum removed',
    { type: 'number', maximum: 1 },
    { type: 'number' },
    'maximum-removed',
    'widens',
  ],
  [
    'maximum lowered',
    { type: 'number', maximum: 10 },
    { type: 'number', maximum: 1 },
    'maximum-tightened',
    'narrows',
  ],
  [
    'maximum raised',
    { type: 'number', exclusiveMaximum: 1 },
    { type: 'number', maximum: 1 },
    'maximum-relaxed',
    'widens',
  ],
  [
    'multipleOf added',
    { type: 'number' },
    { type: 'number', multipleOf: 5 },
    'multipleOf-added',
    'narrows',
  ],
  [
    'multipleOf removed',
    { type: 'number', multipleOf: 5 },
    { type: 'number' },
    'multipleOf-removed',
    'widens',
  ],
  [
    'multipleOf made coarser',
    { type: 'number', multipleOf: 5 },
    { type: 'number', multipleOf: 10 },
    'multipleOf-tightened',
    'narrows',
  ],
  [
    'multipleOf made finer',
    { type: 'number', multipleOf: 10 },
    { type: 'number', multipleOf: 5 },
    'multipleOf-relaxed',
    'widens',
  ],
  [
    'multipleOf changed across',
    { type: 'number', multipleOf: 3 },
    { type: 'number', multipleOf: 5 },
    'multipleOf-changed',
    'changes',
  ],
  [
    'minLength added',
    { type: 'string' },
    { type: 'string', minLength: 1 },
    'minLength-added',
    'narrows',
  ],
  [
    'minLength removed',
    { type: 'string', minLength: 2 },
    { type: 'string' },
    'minLength-removed',
    'widens',
  ],
  [
    'minLength increased',
    { type: 'string', minLength: 1 },
    { type: 'string', minLength: 3 },
    'minLength-changed',
    'narrows',
  ],
  [
    'minLength decreased',
    { type: 'string', minLength: 3 },
    { type: 'string', minLength: 1 },
    'minLength-changed',
    'widens',
  ],
  [
    'maxLength added',
    { type: 'string' },
    { type: 'string', maxLength: 8 },
    'maxLength-added',
    'narrows',
  ],
  [
    'maxLength removed',
    { type: 'string', maxLength: 8 },
    { type: 'string' },
    'maxLength-removed',
    'widens',
  ],
  [
    'maxLength decreased',
    { type: 'string', maxLength: 8 },
    { type: 'string', maxLength: 4 },
    'maxLength-changed',
    'narrows',
  ],
  [
    'maxLength increased',
    { type: 'string', maxLength: 4 },
    { type: 'string', maxLength: 8 },
    'maxLength-changed',
    'widens',
  ],
  [
    'pattern added',
    { type: 'string' },
    { type: 'string', pattern: '^[a-z]+$' },
    'pattern-added',
    'narrows',
  ],
  [
    'pattern removed',
    { type: 'string', pattern: '^[a-z]+$' },
    { type: 'string' },
    'pattern-removed',
    'widens',
  ],
  [
    'pattern changed',
    { type: 'string', pattern: '^a' },
    { type: 'string', pattern: '^b' },
    'pattern-changed',
    'changes',
  ],
  [
    'format added',
    { type: 'string' },
    { type: 'string', format: 'email' },
    'format-added',
    'narrows',
  ],
  [
    'format removed',
    { type: 'string', format: 'email' },
    { type: 'string' },
    'format-removed',
    'widens',
  ],
  [
    'format changed',
    { type: 'string', format: 'email' },
    { type: 'string', format: 'uri' },
    'format-changed',
    'changes',
  ],
  [
    'items narrowed',
    { type: 'array', items: { type: 'number' } },
    { type: 'array', items: { type: 'integer' } },
    'type-narrowed',
    'narrows',
  ],
  [
    'items widened',
    { type: 'array', items: { type: 'integer' } },
    { type: 'array', items: { type: 'number' } },
    'type-widened',
    'widens',
  ],
  [
    'minItems added',
    { type: 'array' },
    { type: 'array', minItems: 1 },
    'minItems-added',
    'narrows',
  ],
  [
    'maxItems increased',
    { type: 'array', maxItems: 2 },
    { type: 'array', maxItems: 5 },
    'maxItems-changed',
    'widens',
  ],
  [
    'uniqueItems added',
    { type: 'array' },
    { type: 'array', uniqueItems: true },
    'uniqueItems-added',
    'narrows',
  ],
  [
    'uniqueItems removed',
    { type: 'array', uniqueItems: true },
    { type: 'array' },
    'uniqueItems-removed',
    'widens',
  ],
  [
    'list became a tuple',
    { type: 'array', items: { type: 'number' } },
    { type: 'array', prefixItems: [{ type: 'number' }] },
    'array-to-tuple',
    'changes',
  ],
  [
    'tuple became a list',
    { type: 'array', items: [{ type: 'number' }] },
    { type: 'array', items: { type: 'number' } },
    'tuple-to-array',
    'changes',
  ],
  [
    'tuple length changed',
    { type: 'array', prefixItems: [{}, {}] },
    { type: 'array', prefixItems: [{}] },
    'tuple-length-changed',
    'changes',
  ],
  [
    'tuple member narrowed',
    { type: 'array', prefixItems: [{ type: 'number' }] },
    { type: 'array', prefixItems: [{ type: 'integer' }] },
    'type-narrowed',
    'narrows',
  ],
  [
    'minProperties added',
    { type: 'object' },
    { type: 'object', minProperties: 1 },
    'minProperties-added',
    'narrows',
  ],
  [
    'maxProperties removed',
    { type: 'object', maxProperties: 3 },
    { type: 'object' },
    'maxProperties-removed',
    'widens',
  ],
  [
    'required property added',
    obj({ a: {} }),
    obj({ a: {} }, { required: ['a'] }),
    'required-added',
    'narrows',
  ],
  [
    'required property dropped',
    obj({ a: {} }, { required: ['a'] }),
    obj({ a: {} }),
    'required-removed',
    'widens',
  ],
  [
    'property removed while additional properties are closed',
    closed({ a: {}, b: {} }),
    closed({ a: {} }),
    'property-removed',
    'narrows',
  ],
  [
    'property added while additional properties were closed',
    closed({ a: {} }),
    closed({ a: {}, b: { type: 'string' } }),
    'property-added',
    'widens',
  ],
  [
    'declared property constrained no more (open)',
    obj({ a: {}, b: { type: 'string' } }),
    obj({ a: {} }),
    'property-removed',
    'widens',
  ],
  [
    'property declared while open',
    obj({ a: {} }),
    obj({ a: {}, b: { type: 'string' } }),
    'property-added',
    'narrows',
  ],
  [
    'unconstrained property declared while open',
    obj({ a: {} }),
    obj({ a: {}, b: { description: 'docs' } }),
    'property-added',
    'neutral',
  ],
  [
    'nested property narrowed',
    obj({ a: obj({ b: { type: 'number' } }) }),
    obj({ a: obj({ b: { type: 'integer' } }) }),
    'type-narrowed',
    'narrows',
  ],
  [
    'additional properties forbidden',
    obj({ a: {} }),
    closed({ a: {} }),
    'additionalProperties-forbidden',
    'narrows',
  ],
  [
    'additional properties allowed',
    closed({ a: {} }),
    obj({ a: {} }),
    'additionalProperties-allowed',
    'widens',
  ],
  [
    'additional properties typed',
    obj({}),
    obj({}, { additionalProperties: { type: 'string' } }),
    'type-restricted',
    'narrows',
  ],
  [
    'alternative added',
    { anyOf: [{ type: 'string' }] },
    { anyOf: [{ type: 'string' }, { type: 'object', properties: { x: {} } }] },
    'alternative-added',
    'widens',
  ],
  [
    'alternative removed',
    { oneOf: [{ type: 'string' }, { type: 'object' }] },
    { oneOf: [{ type: 'string' }] },
    'alternative-removed',
    'narrows',
  ],
  [
    'alternative with a different shape removed',
    { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    { anyOf: [{ type: 'string' }] },
    'alternative-removed',
    'narrows',
  ],
  [
    'opaque keyword changed',
    { not: { type: 'string' } },
    { not: { type: 'number' } },
    'not-changed',
    'changes',
  ],
  [
    'allOf changed',
    { allOf: [{ type: 'object' }, { required: ['a'] }] },
    { allOf: [{ type: 'object' }, { required: ['b'] }] },
    'allOf-changed',
    'changes',
  ],
];

function only(changes: SchemaChange[], kind: string): SchemaChange {
  const found = changes.filter((c) => c.kind === kind);
  if (found.length === 0)
    throw new Error(`no ${kind} in ${JSON.stringify(changes.map((c) => c.kind))}`);
  return found[0];
}

describe('diffSchemas: every change kind, and what it breaks', () => {
  it.each(CASES)('%s', (_name, base, head, kind, effect) => {
    const change = only(diffSchemas(base, head), kind);
    expect(change.effect).toBe(effect);
    const breaksInput = effect === 'narrows' || effect === 'changes';
    const breaksOutput = effect === 'widens' || effect === 'changes';
    // With the lenient default, changes to undeclared properties of open objects break nothing.
    const lenient = change.undeclared === true;
    expect(isBreaking(change, 'input')).toBe(breaksInput && !lenient);
    expect(isBreaking(change, 'output')).toBe(breaksOutput && !lenient);
    expect(isBreaking(change, 'input', true)).toBe(breaksInput);
    expect(isBreaking(change, 'output', true)).toBe(breaksOutput);
  });

  it('reports nothing for identical schemas, reordered keys, annotations or reordered alternatives', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', minLength: 1 } },
    };
    expect(diffSchemas(schema, structuredClone(schema))).toEqual([]);
    expect(
      diffSchemas(schema, {
        properties: { a: { minLength: 1, type: 'string', description: 'x' } },
        required: ['a'],
        type: 'object',
        title: 'T',
      }),
    ).toEqual([]);
    expect(
      diffSchemas(
        { anyOf: [{ type: 'string' }, { type: 'number' }] },
        { anyOf: [{ type: 'number' }, { type: 'string' }] },
      ),
    ).toEqual([]);
    expect(
      diffSchemas(
        { type: ['string', 'number'] },
        { anyOf: [{ type: 'number' }, { type: 'string' }] },
      ),
    ).toEqual([]);
  });

  it('follows local $refs and treats moving a definition as no change', () => {
    const inline = { type: 'object', properties: { a: { type: 'integer', minimum: 0 } } };
    const moved = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/count' } },
      $defs: { count: { type: 'integer', minimum: 0 } },
    };
    expect(diffSchemas(inline, moved)).toEqual([]);
    const changed = { ...moved, $defs: { count: { type: 'integer', minimum: 1 } } };
    expect(diffSchemas(inline, changed).map((c) => [c.kind, c.path, c.headPointer])).toEqual([
      ['minimum-tightened', 'a', '/$defs/count/minimum'],
    ]);
  });

  it('terminates on recursive schemas', () => {
    const tree = (type: string) => ({
      $defs: {
        node: {
          type: 'object',
          properties: {
            value: { type },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          },
        },
      },
      $ref: '#/$defs/node',
    });
    expect(diffSchemas(tree('number'), tree('integer')).map((c) => c.kind)).toEqual([
      'type-narrowed',
    ]);
  });

  it('gives up with one breaking change when the comparison would take too long', () => {
    // Every alternative differs, so each pair is tried, and each trial tries every inner pair.
    const wide = (shift: number) => ({
      anyOf: Array.from({ length: 30 }, (_, i) => ({
        type: 'object',
        properties: {
          [`k${i}`]: {
            anyOf: Array.from({ length: 30 }, (_, j) => ({ type: 'string', minLength: j + shift })),
          },
        },
      })),
    });
    const changes = diffSchemas(wide(0), wide(1), { maxSteps: 100 });
    expect(changes.at(-1)?.kind).toBe('too-complex');
    expect(isBreaking(changes.at(-1)!, 'input')).toBe(true);
  });

  it('points at the changed keyword in the head schema and names the data path', () => {
    const [change] = diffSchemas(
      obj({ items: { type: 'array', items: obj({ price: { type: 'number' } }) } }),
      obj({ items: { type: 'array', items: obj({ price: { type: 'number', minimum: 0 } }) } }),
    );
    expect(change).toMatchObject({
      path: 'items[].price',
      headPointer: '/properties/items/items/properties/price/minimum',
    });
  });
});
