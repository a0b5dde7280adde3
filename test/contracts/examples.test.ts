import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  exampleFormat,
  readCsvExamples,
  readJsonExample,
  readJsonlExamples,
  readParquetExamples,
  typeCell,
} from '../../src/contracts/examples.js';
import { compileSchema, type CompiledSchema } from '../../src/contracts/json-schema.js';
import { writeParquet } from './support/parquet-writer.js';

const SCHEMA = {
  type: 'object',
  required: ['age', 'income'],
  additionalProperties: false,
  properties: {
    age: { type: 'integer', minimum: 0 },
    income: { type: 'number' },
    member: { type: 'boolean' },
    region: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

function compiled(): CompiledSchema {
  const result = compileSchema(SCHEMA, 's.json', () => undefined);
  if ('problems' in result) throw new Error('schema');
  return result.compiled;
}

/** Every error of every record as `line:column message (detail)`. */
function located(file: {
  records: {
    value: unknown;
    locate: (p: string[], k: boolean) => { line: number; column: number; detail?: string };
  }[];
}): string[] {
  const schema = compiled();
  return file.records.flatMap((record) =>
    schema.validate(record.value).map((e) => {
      const at = record.locate(e.path, e.atKey);
      return `${at.line}:${at.column} ${e.keyword}${at.detail ? ` (${at.detail})` : ''}`;
    }),
  );
}

describe('exampleFormat', () => {
  it('knows the formats by extension', () => {
    expect(
      ['a.json', 'a.JSONL', 'a.ndjson', 'a.csv', 'a.tsv', 'a.parquet', 'a.txt'].map(exampleFormat),
    ).toEqual(['json', 'jsonl', 'jsonl', 'csv', 'csv', 'parquet', undefined]);
  });
});

describe('JSON examples', () => {
  it('puts each error on the line of the offending value, or of the key for extra properties', () => {
    const text = [
      '{',
      '  "age": -1,',
      '  "income": "high",',
      '  "tags": ["a", 3],',
      '  "extra": true',
      '}',
    ].join('\n');
    expect(located(readJsonExample('a.json', text))).toEqual([
      '5:3 additionalProperties',
      '2:10 minimum',
      '3:13 type',
      '4:17 type',
    ]);
  });

  it('puts a missing required property on the object that lacks it', () => {
    expect(located(readJsonExample('a.json', '\n\n  {"age": 1}'))).toEqual(['3:3 required']);
  });

  it('reports malformed JSON at its position instead of throwing', () => {
    const file = readJsonExample('a.json', '{\n  "age": 1,\n  "income": \n}');
    expect(file.records).toEqual([]);
    expect(file.problems[0]).toMatchObject({ line: 4, message: 'not valid JSON: ValueExpected' });
    expect(readJsonExample('a.json', '').problems[0].message).toMatch(/empty|not valid/);
  });
});

describe('JSONL examples', () => {
  it('reads one record per line and locates errors on that line', () => {
    const text = [
      '{"age": 1, "income": 2}',
      '',
      '{"age": "x", "income": 2}',
      '{"income": 3}',
      '{not json}',
    ].join('\n');
    const file = readJsonlExamples('a.jsonl', text, 100);
    expect(file.records.map((r) => r.name)).toEqual([
      'a.jsonl line 1',
      'a.jsonl line 3',
      'a.jsonl line 4',
    ]);
    expect(located(file)).toEqual(['3:9 type', '4:1 required']);
    expect(file.problems).toEqual([
      { line: 5, column: 2, message: 'not valid JSON: InvalidSymbol' },
    ]);
  });

  it('stops at the record cap and counts the rest', () => {
    const file = readJsonlExamples('a.jsonl', '{}\n{}\n{}\n', 2);
    expect([file.records.length, file.skipped]).toEqual([2, 1]);
  });
});

describe('CSV examples', () => {
  it('types cells by the schema and locates errors by row line and column', () => {
    const text = [
      'age,income,member,region',
      '31,1000.5,true,eu',
      'x,2000,false,',
      '5,,TRUE,"north, east"',
      '"7",3,maybe,us',
    ].join('\n');
    const file = readCsvExamples('a.csv', text, SCHEMA, 100);
    expect(file.records.map((r) => r.value)).toEqual([
      { age: 31, income: 1000.5, member: true, region: 'eu' },
      { age: 'x', income: 2000, member: false, region: null },
      { age: 5, member: true, region: 'north, east' },
      { age: 7, income: 3, member: 'maybe', region: 'us' },
    ]);
    expect(located(file)).toEqual([
      '3:1 type (row 2, column 1 "age")',
      '4:1 required (row 3)',
      '5:7 type (row 4, column 3 "member")',
    ]);
  });

  it('counts lines of quoted multi-line cells and skipped blank lines', () => {
    const text = 'age,income,region\n1,2,"two\nlines"\n\nbad,2,eu\n';
    expect(located(readCsvExamples('a.csv', text, SCHEMA, 100))).toEqual([
      '5:1 type (row 2, column 1 "age")',
    ]);
  });

  it('reports rows with too many fields and broken quoting', () => {
    const wide = readCsvExamples('a.csv', 'age,income\n1,2,3\n', SCHEMA, 100);
    expect(wide.problems).toEqual([
      { line: 2, column: 5, message: 'row has 3 fields but the header has 2' },
    ]);
    const broken = readCsvExamples('a.csv', 'age,income\n1,"2\n', SCHEMA, 100);
    expect(broken.problems[0].message).toMatch(/^not valid CSV: Quote Not Closed/);
    expect(readCsvExamples('a.csv', '', SCHEMA, 100).problems[0].message).toMatch(/header/);
  });

  it('reads TSV with tabs', () => {
    const file = readCsvExamples('a.tsv', 'age\tincome\n1\t2.5\n', SCHEMA, 100);
    expect(file.records[0].value).toEqual({ age: 1, income: 2.5 });
  });

  it('types any cell without throwing, and keeps text that fits no declared type', () => {
    const schemas = fc.constantFrom<unknown>(
      { type: 'integer' },
      { type: 'number' },
      { type: ['boolean', 'null'] },
      { type: 'array' },
      { enum: [1, 'a'] },
      {},
      undefined,
    );
    fc.assert(
      fc.property(fc.string(), schemas, (cell, schema) => {
        const typed = typeCell(cell, schema);
        if (typeof typed === 'string') expect(typed).toBe(cell);
      }),
      { numRuns: 500 },
    );
    expect(typeCell('12', { type: 'integer' })).toBe(12);
    expect(typeCell('1e3', { type: 'number' })).toBe(1000);
    expect(typeCell('', { type: 'integer' })).toBeUndefined();
    expect(typeCell('', { type: ['integer', 'null'] })).toBeNull();
    expect(typeCell('[1,2]', { type: 'array' })).toEqual([1, 2]);
  });
});

describe('Parquet examples', () => {
  it('reads rows with their types and names row and column in the location', async () => {
    const bytes = writeParquet([
      { name: 'age', type: 'int64', values: [31, -4, 12] },
      { name: 'income', type: 'double', values: [1.5, 2.25, 0] },
      { name: 'region', type: 'string', values: ['eu', 'us', 'eu'] },
      { name: 'member', type: 'boolean', values: [true, false, true] },
    ]);
    const file = await readParquetExamples('a.parquet', new Uint8Array(bytes), 100);
    expect(file.records[1].value).toEqual({ age: -4, income: 2.25, region: 'us', member: false });
    expect(located(file)).toEqual(['1:1 minimum (row 2, column "age")']);
  });

  it('caps rows and reports a damaged file', async () => {
    const bytes = writeParquet([{ name: 'age', type: 'int64', values: [1, 2, 3, 4] }]);
    const capped = await readParquetExamples('a.parquet', new Uint8Array(bytes), 3);
    expect([capped.records.length, capped.skipped]).toEqual([3, 1]);
    const damaged = await readParquetExamples(
      'a.parquet',
      new Uint8Array(bytes.subarray(0, bytes.length - 9)),
      3,
    );
    expect(damaged.problems[0].message).toMatch(/^cannot read Parquet/);
    const notParquet = await readParquetExamples(
      'a.parquet',
      new Uint8Array(Buffer.from('hello')),
      3,
    );
    expect(notParquet.records).toEqual([]);
    expect(notParquet.problems).toHaveLength(1);
  });
});
