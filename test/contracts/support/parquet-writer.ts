// A tiny Parquet writer for test fixtures: one row group, required columns, PLAIN encoding, no
// compression. hyparquet only reads, and no Parquet writer is installed here; the format's
// footer is Thrift compact protocol, which is small enough to encode by hand for this subset.

export type ParquetColumn =
  | { name: string; type: 'int64'; values: number[] }
  | { name: string; type: 'double'; values: number[] }
  | { name: string; type: 'string'; values: string[] }
  | { name: string; type: 'boolean'; values: boolean[] };

const PHYSICAL = { boolean: 0, int64: 2, double: 5, string: 6 } as const;
const CT = { BOOL_TRUE: 1, BOOL_FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

class Compact {
  private bytes: number[] = [];
  private last: number[] = [0];

  private varint(value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private zigzag(value: number | bigint): void {
    const v = BigInt(value);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }

  private header(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }

  i32(id: number, value: number): this {
    this.header(id, CT.I32);
    this.zigzag(value);
    return this;
  }

  i64(id: number, value: number): this {
    this.header(id, CT.I64);
    this.zigzag(value);
    return this;
  }

  string(id: number, value: string): this {
    this.header(id, CT.BINARY);
    const data = Buffer.from(value, 'utf8');
    this.varint(BigInt(data.length));
    this.bytes.push(...data);
    return this;
  }

  struct(id: number, build: (w: Compact) => void): this {
    this.header(id, CT.STRUCT);
    this.inner(build);
    return this;
  }

  private inner(build: (w: Compact) => void): void {
    this.last.push(0);
    build(this);
    this.bytes.push(0);
    this.last.pop();
  }

  list(id: number, type: number, items: ((w: Compact) => void)[]): this {
    this.header(id, CT.LIST);
    this.bytes.push(items.length < 15 ? (items.length << 4) | type : 0xf0 | type);
    if (items.length >= 15) this.varint(BigInt(items.length));
    for (const item of items) item(this);
    return this;
  }

  /** List elements: a bare i32, a bare string, or a struct. */
  rawI32(value: number): void {
    this.zigzag(value);
  }

  rawString(value: string): void {
    const data = Buffer.from(value, 'utf8');
    this.varint(BigInt(data.length));
    this.bytes.push(...data);
  }

  rawStruct(build: (w: Compact) => void): void {
    this.inner(build);
  }

  done(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function plain(column: ParquetColumn): Buffer {
  switch (column.type) {
    case 'int64':
      return Buffer.concat(
        column.values.map((v) => {
          const b = Buffer.alloc(8);
          b.writeBigInt64LE(BigInt(v));
          return b;
        }),
      );
    case 'double':
      return Buffer.concat(
        column.values.map((v) => {
          const b = Buffer.alloc(8);
          b.writeDoubleLE(v);
          return b;
        }),
      );
    case 'string':
      return Buffer.concat(
        column.values.map((v) => {
          const data = Buffer.from(v, 'utf8');
          const len = Buffer.alloc(4);
          len.writeUInt32LE(data.length);
          return Buffer.concat([len, data]);
        }),
      );
    case 'boolean': {
      const out = Buffer.alloc(Math.ceil(column.values.length / 8));
      column.values.forEach((v, i) => {
        if (v) out[i >> 3] |= 1 << (i & 7);
      });
      return out;
    }
  }
}

/** Encode columns of equal length as a Parquet file. */
export function writeParquet(columns: ParquetColumn[]): Buffer {
  const rows = columns[0]?.values.length ?? 0;
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const chunks: { column: ParquetColumn; offset: number; size: number }[] = [];
  for (const column of columns) {
    const data = plain(column);
    const header = new Compact()
      .i32(1, 0)
      .i32(2, data.length)
      .i32(3, data.length)
      .struct(5, (w) => w.i32(1, rows).i32(2, 0).i32(3, 3).i32(4, 3))
      .done();
    // The page header is a top-level struct: its stop byte sits between its fields and the data.
    const page = Buffer.concat([header, Buffer.from([0]), data]);
    chunks.push({ column, offset, size: page.length });
    parts.push(page);
    offset += page.length;
  }
  const footer = new Compact()
    .i32(1, 1)
    .list(2, CT.STRUCT, [
      (w) => w.rawStruct((s) => s.string(4, 'schema').i32(5, columns.length)),
      ...columns.map(
        (column) => (w: Compact) =>
          w.rawStruct((s) => {
            s.i32(1, PHYSICAL[column.type]).i32(3, 0).string(4, column.name);
            if (column.type === 'string') s.i32(6, 0);
          }),
      ),
    ])
    .i64(3, rows)
    .list(4, CT.STRUCT, [
      (w) =>
        w.rawStruct((g) => {
          g.list(
            1,
            CT.STRUCT,
            chunks.map(
              (chunk) => (c: Compact) =>
                c.rawStruct((cc) => {
                  cc.i64(2, chunk.offset).struct(3, (m) => {
                    m.i32(1, PHYSICAL[chunk.column.type])
                      .list(2, CT.I32, [(x) => x.rawI32(0)])
                      .list(3, CT.BINARY, [(x) => x.rawString(chunk.column.name)])
                      .i32(4, 0)
                      .i64(5, rows)
                      .i64(6, chunk.size)
                      .i64(7, chunk.size)
                      .i64(9, chunk.offset);
                  });
                }),
            ),
          );
          g.i64(
            2,
            chunks.reduce((sum, c) => sum + c.size, 0),
          ).i64(3, rows);
        }),
    ])
    .done();
  const footerWithStop = Buffer.concat([footer, Buffer.from([0])]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footerWithStop.length);
  parts.push(footerWithStop, length, Buffer.from('PAR1'));
  return Buffer.concat(parts);
}
