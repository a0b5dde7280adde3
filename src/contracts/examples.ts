// Example payloads as records that know where they came from: a JSON file is one example, a
// JSONL file one per line, CSV and Parquet one per row. Each record can point at the line (and
// column) of any value inside it, so a validation error lands on the offending value.
import { parseTree, getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { lineColumn, locateInJson, MAX_NESTING, nestingDepth } from './locate.js';

export interface Place {
  line: number;
  column: number;
}

export interface ExampleRecord {
  /** `examples/a.json`, `examples/rows.csv row 3`, `data.parquet row 12`. */
  name: string;
  value: unknown;
  at: Place;
  /** Where a value inside the record is; `detail` names it when the line alone cannot. */
  locate(path: string[], atKey: boolean): Place & { detail?: string };
}

export interface ExampleFile {
  file: string;
  records: ExampleRecord[];
  /** The file (or a line of it) cannot be read as examples. */
  problems: (Place & { message: string })[];
  /** Records left out beyond the cap. */
  skipped: number;
}

export type ExampleFormat = 'json' | 'jsonl' | 'csv' | 'parquet';

export function exampleFormat(file: string): ExampleFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  return undefined;
}

function jsonErrors(
  errors: ParseError[],
  text: string,
  lineOffset = 0,
): (Place & { message: string })[] {
  return errors.slice(0, 1).map((e) => {
    const pos = lineColumn(text, e.offset);
    return {
      line: pos.line + lineOffset,
      column: pos.column,
      message: `not valid JSON: ${printParseErrorCode(e.error)}`,
    };
  });
}

const TOO_DEEP = `nested more than ${MAX_NESTING} levels deep; not read`;

export function readJsonExample(file: string, text: string): ExampleFile {
  if (nestingDepth(text) > MAX_NESTING)
    return { file, records: [], problems: [{ line: 1, column: 1, message: TOO_DEEP }], skipped: 0 };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !tree) {
    return {
      file,
      records: [],
      problems: errors.length
        ? jsonErrors(errors, text)
        : [{ line: 1, column: 1, message: 'empty JSON file' }],
      skipped: 0,
    };
  }
  const record: ExampleRecord = {
    name: file,
    value: getNodeValue(tree),
    at: lineColumn(text, tree.offset),
    locate: (path, atKey) => lineColumn(text, locateInJson(tree, path, atKey).offset),
  };
  return { file, records: [record], problems: [], skipped: 0 };
}

export function readJsonlExamples(file: string, text: string, maxRecords: number): ExampleFile {
  const result: ExampleFile = { file, records: [], problems: [], skipped: 0 };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (result.records.length >= maxRecords) {
      result.skipped++;
      return;
    }
    if (nestingDepth(line) > MAX_NESTING) {
      result.problems.push({ line: index + 1, column: 1, message: TOO_DEEP });
      return;
    }
    const errors: ParseError[] = [];
    const tree = parseTree(line, errors, { disallowComments: true, allowTrailingComma: false });
    if (errors.length || !tree) {
      result.problems.push(...jsonErrors(errors, line, index));
      return;
    }
    result.records.push({
      name: `${file} line ${index + 1}`,
      value: getNodeValue(tree),
      at: { line: index + 1, column: tree.offset + 1 },
      locate: (path, atKey) => ({
        line: index + 1,
        column: locateInJson(tree, path, atKey).offset + 1,
      }),
    });
  });
  return result;
}

type Schema = Record<string, unknown>;

/** JSON types a column's schema allows, in the order a cell is tried against them. */
function columnTypes(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const types = new Set<string>();
  const add = (t: unknown) => {
    if (typeof t === 'string') types.add(t);
    else if (Array.isArray(t)) t.forEach(add);
  };
  add(s.type);
  for (const key of ['anyOf', 'oneOf']) {
    if (Array.isArray(s[key]))
      for (const alt of s[key] as unknown[]) columnTypes(alt).forEach((t) => types.add(t));
  }
  if (Array.isArray(s.enum)) {
    for (const v of s.enum)
      types.add(v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v);
  }
  const order = ['null', 'integer', 'number', 'boolean', 'array', 'object', 'string'];
  return order.filter((t) => types.has(t));
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/** A CSV cell as the JSON value the schema expects; undefined leaves the property out. */
export function typeCell(cell: string, schema: unknown): unknown {
  const types = columnTypes(schema);
  if (types.length === 0) return cell;
  const trimmed = cell.trim();
  if (trimmed === '') {
    if (types.includes('null')) return null;
    return types.includes('string') ? cell : undefined;
  }
  for (const type of types) {
    if (type === 'integer' && INTEGER.test(trimmed)) return Number(trimmed);
    if (type === 'number' && NUMBER.test(trimmed) && Number.isFinite(Number(trimmed)))
      return Number(trimmed);
    if (type === 'boolean' && /^(true|false)$/i.test(trimmed))
      return trimmed.toLowerCase() === 'true';
    if (type === 'null' && /^(null|none|nan)$/i.test(trimmed)) return null;
    if ((type === 'array' || type === 'object') && /^[[{]/.test(trimmed)) {
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        // Left as text: validation says what it should be.
      }
    }
    if (type === 'string') return cell;
  }
  // Nothing fits: keep the text, so validation reports the type mismatch at this cell.
  return cell;
}

/** Character columns (1-based) where each field of a CSV line starts. */
function fieldColumns(line: string, delimiter: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) starts.push(i + 2);
  }
  return starts;
}

/** CSV rows become objects keyed by the header; cells are typed by the schema's properties. */
export function readCsvExamples(
  file: string,
  text: string,
  schema: unknown,
  maxRecords: number,
): ExampleFile {
  const result: ExampleFile = { file, records: [], problems: [], skipped: 0 };
  const delimiter = file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    result.problems.push({
      line: e.lines ?? 1,
      column: 1,
      message: `not valid CSV: ${(e.message ?? String(error)).replace(/\s+/g, ' ')}`,
    });
    return result;
  }
  if (rows.length === 0) {
    result.problems.push({
      line: 1,
      column: 1,
      message: 'empty CSV file (a header row is needed)',
    });
    return result;
  }
  const [header, ...body] = rows;
  const names = header.record.map((n) => n.trim());
  const properties = (schema && typeof schema === 'object' && (schema as Schema).properties) as
    Schema | undefined;
  for (const [index, row] of body.entries()) {
    if (result.records.length >= maxRecords) {
      result.skipped = body.length - index;
      break;
    }
    const own = row.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = row.info.lines - (own.match(/\n/g)?.length ?? 0);
    const columns = fieldColumns(own.split('\n')[0], delimiter);
    if (row.record.length > names.length) {
      result.problems.push({
        line,
        column: columns[names.length] ?? 1,
        message: `row has ${row.record.length} fields but the header has ${names.length}`,
      });
      continue;
    }
    const value: Record<string, unknown> = {};
    row.record.forEach((cell, i) => {
      const typed = typeCell(
        cell,
        properties?.[names[i]] ?? (schema as Schema | undefined)?.additionalProperties,
      );
      if (typed !== undefined) value[names[i]] = typed;
    });
    const rowNumber = index + 1;
    result.records.push({
      name: `${file} row ${rowNumber}`,
      value,
      at: { line, column: 1 },
      locate: (path) => {
        const column = path.length ? names.indexOf(path[0]) : -1;
        if (column < 0) return { line, column: 1, detail: `row ${rowNumber}` };
        return {
          line,
          column: columns[column] ?? 1,
          detail: `row ${rowNumber}, column ${column + 1} "${names[column]}"`,
        };
      },
    });
  }
  return result;
}

/** Parquet values as JSON: BigInt to number (or string when too big), dates to ISO strings. */
function toJsonValue(value: unknown, depth = 0): unknown {
  if (depth > 32) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toJsonValue(v, depth + 1)]),
    );
  }
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Parquet rows (a binary format): errors are reported on line 1 with the row and column named. */
export async function readParquetExamples(
  file: string,
  bytes: Uint8Array,
  maxRecords: number,
): Promise<ExampleFile> {
  const result: ExampleFile = { file, records: [], problems: [], skipped: 0 };
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(buffer);
    const total = Number(metadata.num_rows);
    rows = (await parquetReadObjects({
      file: buffer,
      metadata,
      rowEnd: Math.min(total, maxRecords),
    })) as Record<string, unknown>[];
    result.skipped = Math.max(0, total - rows.length);
  } catch (error) {
    result.problems.push({
      line: 1,
      column: 1,
      message: `cannot read Parquet: ${(error as Error).message}`,
    });
    return result;
  }
  rows.forEach((row, index) => {
    const rowNumber = index + 1;
    result.records.push({
      name: `${file} row ${rowNumber}`,
      value: toJsonValue(row),
      at: { line: 1, column: 1 },
      locate: (path) => ({
        line: 1,
        column: 1,
        detail: path.length ? `row ${rowNumber}, column "${path[0]}"` : `row ${rowNumber}`,
      }),
    });
  });
  return result;
}
