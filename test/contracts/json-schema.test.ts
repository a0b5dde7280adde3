import { describe, expect, it } from 'vitest';
import {
  compileSchema,
  detectDraft,
  type CompiledSchema,
} from '../../src/contracts/json-schema.js';

const noRefs = () => undefined;

function compiled(schema: unknown, refs: Record<string, unknown> = {}): CompiledSchema {
  const result = compileSchema(schema, 'schemas/s.json', (path) => refs[path]);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.compiled;
}

describe('detectDraft', () => {
  it('chooses the draft from $schema, 2020-12 by default', () => {
    expect(detectDraft({})).toBe('2020-12');
    expect(detectDraft(true)).toBe('2020-12');
    expect(detectDraft({ $schema: 'http://json-schema.org/draft-04/schema#' })).toBe('draft-04');
    expect(detectDraft({ $schema: 'http://json-schema.org/draft-06/schema#' })).toBe('draft-06');
    expect(detectDraft({ $schema: 'http://json-schema.org/draft-07/schema' })).toBe('draft-07');
    expect(detectDraft({ $schema: 'https://json-schema.org/draft/2019-09/schema' })).toBe(
      '2019-09',
    );
    expect(detectDraft({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe(
      '2020-12',
    );
    expect(detectDraft({ $schema: 'https://example.com/my-meta' })).toEqual({
      unsupported: 'https://example.com/my-meta',
    });
  });
});

describe('compileSchema', () => {
  it('validates with each draft’s own semantics', () => {
    // draft-04: exclusiveMaximum is a boolean modifier of maximum.
    const d4 = compiled({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'number',
      maximum: 10,
      exclusiveMaximum: true,
    });
    expect(d4.validate(10).map((e) => e.keyword)).toEqual(['maximum']);
    expect(d4.validate(9)).toEqual([]);
    // draft-07: items as an array is a tuple.
    const d7 = compiled({
      $schema: 'http://json-schema.org/draft-07/schema#',
      items: [{ type: 'string' }],
      additionalItems: false,
    });
    expect(d7.validate(['a', 'b']).map((e) => e.keyword)).toEqual(['additionalItems']);
    // 2020-12: prefixItems + items.
    const d2020 = compiled({ prefixItems: [{ type: 'string' }], items: { type: 'number' } });
    expect(d2020.validate(['a', 1, 'x']).map((e) => e.instancePath)).toEqual(['/2']);
    // 2019-09: unevaluatedProperties.
    const d2019 = compiled({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      properties: { a: {} },
      unevaluatedProperties: false,
    });
    expect(d2019.validate({ a: 1, b: 2 }).map((e) => e.keyword)).toEqual(['unevaluatedProperties']);
    const d6 = compiled({ $schema: 'http://json-schema.org/draft-06/schema#', const: 3 });
    expect(d6.validate(4).map((e) => e.keyword)).toEqual(['const']);
  });

  it('explains errors in plain words and points at the value or key', () => {
    const schema = compiled({
      type: 'object',
      required: ['age'],
      additionalProperties: false,
      properties: {
        age: { type: 'integer' },
        tier: { enum: ['a', 'b'] },
        email: { type: 'string', format: 'email' },
        name: {},
      },
    });
    const errors = schema.validate({ tier: 'c', email: 'nope', extra: 1 });
    expect(errors.map((e) => e.message)).toEqual([
      '(root) is missing required property "age"',
      '(root): property "extra" is not allowed by the schema',
      '/tier must be one of "a", "b" (got "c")',
      '/email must be a valid email (got "nope")',
    ]);
    const extra = errors.find((e) => e.keyword === 'additionalProperties')!;
    expect(extra).toMatchObject({ path: ['extra'], atKey: true });
    expect(schema.validate({ age: '3' })[0]).toMatchObject({
      message: '/age must be integer (got "3")',
      path: ['age'],
      atKey: false,
    });
  });

  it('reports an invalid schema at the offending keyword', () => {
    const result = compileSchema(
      { type: 'object', properties: { age: { type: 'int' } } },
      'schemas/s.json',
      noRefs,
    );
    expect('problems' in result && result.problems[0]).toMatchObject({
      file: 'schemas/s.json',
      pointer: '/properties/age/type',
    });
    const meta = compileSchema({ $schema: 'https://example.com/meta' }, 's.json', noRefs);
    expect('problems' in meta && meta.problems[0].message).toMatch(/unsupported \$schema/);
    const notSchema = compileSchema([1, 2], 's.json', noRefs);
    expect('problems' in notSchema && notSchema.problems[0].message).toMatch(
      /must be an object or a boolean/,
    );
  });

  it('runs patterns on RE2, so catastrophic patterns finish and look-arounds are refused', () => {
    const evil = compiled({ type: 'string', pattern: '^(a+)+$' });
    const started = Date.now();
    expect(evil.validate(`${'a'.repeat(40)}!`)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
    const lookahead = compileSchema({ type: 'string', pattern: '^(?=a)a$' }, 's.json', noRefs);
    expect('problems' in lookahead && lookahead.problems[0].message).toMatch(/linear-time|RE2/);
  });

  it('loads relative $refs from other files of the repository, and says which one is missing', () => {
    const schema = compiled(
      {
        type: 'object',
        properties: { customer: { $ref: 'common/customer.json#/$defs/customer' } },
      },
      {
        'schemas/common/customer.json': {
          $defs: {
            customer: {
              type: 'object',
              required: ['id'],
              properties: { id: { $ref: 'ids.json' } },
            },
          },
        },
        'schemas/common/ids.json': { type: 'integer' },
      },
    );
    expect(schema.validate({ customer: { id: 'x' } }).map((e) => e.instancePath)).toEqual([
      '/customer/id',
    ]);
    expect(schema.validate({ customer: {} }).map((e) => e.keyword)).toEqual(['required']);
    const missing = compileSchema({ $ref: 'gone.json' }, 'schemas/s.json', noRefs);
    expect('problems' in missing && missing.problems[0].message).toMatch(/"schemas\/gone.json"/);
  });

  it('compiles two versions of one $id side by side', () => {
    const a = compiled({ $id: 'https://example.com/s.json', type: 'string' });
    const b = compiled({ $id: 'https://example.com/s.json', type: 'number' });
    expect(a.validate(1)).toHaveLength(1);
    expect(b.validate(1)).toHaveLength(0);
  });
});

describe('patterns', () => {
  it('enforces each pattern of a schema separately', () => {
    const schema = compiled({ properties: { a: { pattern: '^a' }, b: { pattern: '^b' } } });
    expect(schema.validate({ a: 'apple', b: 'banana' })).toEqual([]);
    expect(schema.validate({ a: 'banana', b: 'apple' }).map((e) => e.instancePath)).toEqual([
      '/a',
      '/b',
    ]);
  });
});
