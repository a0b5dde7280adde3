import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotebookParseError, scanNotebook } from '../../src/sources/notebook.js';
import { expectedCells, positionMismatches } from './notebook-oracle.js';

// ---- generators ------------------------------------------------------------------------------

const special = fc.constantFrom(
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  '/',
  'é',
  '日本',
  '😀',
  '\ud800', // lone surrogates: JSON.stringify escapes them, JSON.parse restores them
  '\udfff',
  '\\n',
  "'''",
  ' ',
);
const text = fc
  .array(
    fc.oneof(
      special,
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

const lines = fc
  .array(text, { maxLength: 6 })
  .chain((ls) =>
    fc
      .boolean()
      .map((lastNewline) => ls.map((l, k) => (k < ls.length - 1 || lastNewline ? `${l}\n` : l))),
  );
const source = fc.oneof(text, lines);

const json = fc.jsonValue({ maxDepth: 3 });
const cellMetadata = fc.oneof(
  fc.constant({}),
  fc.record({ vscode: fc.record({ languageId: fc.constantFrom('python', 'javascript', 'sql') }) }),
  fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 }),
);
const cell = fc.record(
  {
    cell_type: fc.constantFrom('code', 'markdown', 'raw'),
    source,
    metadata: cellMetadata,
    outputs: fc.array(json, { maxLength: 3 }),
    execution_count: fc.oneof(fc.constant(null), fc.nat(1000)),
    id: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['cell_type', 'source'] },
);
const notebook = fc.record({
  cells: fc.array(cell, { maxLength: 6 }),
  metadata: fc.oneof(
    fc.constant({}),
    fc.record({
      kernelspec: fc.record({ language: fc.constantFrom('python', 'R'), name: fc.string() }),
    }),
    fc.record({ language_info: fc.record({ name: fc.constantFrom('python', 'julia') }) }),
  ),
  nbformat: fc.constant(4),
  nbformat_minor: fc.nat(10),
});

// ---- a serializer with random layout and random (valid) escapes ------------------------------

interface Style {
  indent: string; // '' = minified
  newline: '\n' | '\r\n';
  escapeSeed: number; // 0 = only mandatory escapes
  bom: boolean;
}
const style = fc.record({
  indent: fc.constantFrom('', ' ', '  ', '\t'),
  newline: fc.constantFrom('\n' as const, '\r\n' as const),
  escapeSeed: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 30 })),
  bom: fc.boolean(),
});

function serialize(value: unknown, s: Style): string {
  let seed = s.escapeSeed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const escapeOptional = () => s.escapeSeed !== 0 && random() < 0.3;
  const u = (code: number) => {
    const hex = code.toString(16).padStart(4, '0');
    return `\\u${random() < 0.5 ? hex : hex.toUpperCase()}`;
  };
  const str = (v: string): string => {
    let out = '"';
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      const ch = v[i];
      const short: Record<string, string> = {
        '"': '\\"',
        '\\': '\\\\',
        '\n': '\\n',
        '\r': '\\r',
        '\t': '\\t',
        '\b': '\\b',
        '\f': '\\f',
      };
      const high = c >= 0xd800 && c <= 0xdbff;
      const low = c >= 0xdc00 && c <= 0xdfff;
      const pairNext =
        high && i + 1 < v.length && v.charCodeAt(i + 1) >= 0xdc00 && v.charCodeAt(i + 1) <= 0xdfff;
      if (short[ch] !== undefined)
        out += escapeOptional() && ch !== '"' && ch !== '\\' ? u(c) : short[ch];
      else if (c < 0x20) out += u(c);
      else if (pairNext) {
        // A valid pair is written raw or as two \u escapes, never half and half.
        out += escapeOptional() ? u(c) + u(v.charCodeAt(i + 1)) : ch + v[i + 1];
        i++;
      } else if (high || low)
        out += u(c); // a lone surrogate cannot be raw UTF-8
      else if (ch === '/' && escapeOptional()) out += '\\/';
      else out += escapeOptional() ? u(c) : ch;
    }
    return `${out}"`;
  };
  const write = (v: unknown, depth: number): string => {
    const pad = s.indent === '' ? '' : s.newline + s.indent.repeat(depth + 1);
    const end = s.indent === '' ? '' : s.newline + s.indent.repeat(depth);
    const colon = s.indent === '' ? ':' : ': ';
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((x) => pad + write(x, depth + 1)).join(',')}${end}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, x]) => pad + str(k) + colon + write(x, depth + 1)).join(',')}${end}}`;
  };
  return (s.bom ? '\ufeff' : '') + write(value, 0) + s.newline;
}

describe('scanNotebook properties', () => {
  it('cells and sources equal JSON.parse, and every mapped position holds that character', () => {
    fc.assert(
      fc.property(notebook, style, (nb, s) => {
        const raw = serialize(nb, s);
        const bytes = Buffer.from(raw, 'utf8');
        const parsed = JSON.parse(raw.replace(/^\ufeff/, ''));
        const scanned = scanNotebook(bytes);
        const got = scanned.cells.map(({ index, cellType, source: src, sourceForm, language }) => ({
          index,
          cellType,
          source: src,
          sourceForm,
          ...(language !== undefined ? { language } : {}),
        }));
        expect(got).toEqual(expectedCells(parsed));
        expect(scanned.nbformatMinor).toBe(nb.nbformat_minor);

        expect(positionMismatches(raw, scanned.cells)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('every truncation of a notebook is rejected with a position inside the text', () => {
    fc.assert(
      fc.property(notebook, style, fc.double({ min: 0, max: 1, noNaN: true }), (nb, s, cut) => {
        const raw = serialize(nb, s).trimEnd();
        const at = Math.floor(cut * (raw.length - 1)); // always drops the closing brace
        const prefix = raw.slice(0, at);
        let error: unknown;
        try {
          scanNotebook(Buffer.from(prefix, 'utf8'));
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(NotebookParseError);
        const { line, column } = error as NotebookParseError;
        const prefixLines = prefix.replace(/^\ufeff/, '').split('\n');
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(prefixLines.length);
        expect(column).toBeGreaterThanOrEqual(1);
        expect(column).toBeLessThanOrEqual(prefixLines[line - 1].length + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('whatever JSON.parse rejects after a corruption, the scanner rejects too', () => {
    // Corruptions are structural characters; other raw control characters inside skipped output
    // strings are deliberately not searched for (see skipString).
    const corruption = fc.constantFrom(
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'x',
      '0',
      ' ',
      '\n',
      'e',
      '-',
    );
    fc.assert(
      fc.property(
        notebook,
        style,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), corruption), {
          minLength: 1,
          maxLength: 3,
        }),
        (nb, s, edits) => {
          let raw = serialize(nb, { ...s, bom: false });
          for (const [where, ch] of edits) {
            const k = Math.floor(where * raw.length);
            raw = raw.slice(0, k) + ch + raw.slice(k + 1);
          }
          // Parse what a reader gets from the bytes: a corruption that split a surrogate pair
          // leaves a lone surrogate in `raw`, which UTF-8 encodes as U+FFFD.
          const bytes = Buffer.from(raw, 'utf8');
          let parsed: unknown;
          let jsonRejects = false;
          try {
            parsed = JSON.parse(bytes.toString('utf8'));
          } catch {
            jsonRejects = true;
          }
          let scanned: ReturnType<typeof scanNotebook> | undefined;
          try {
            scanned = scanNotebook(bytes);
          } catch (err) {
            expect(err).toBeInstanceOf(NotebookParseError);
          }
          if (jsonRejects) expect(scanned).toBeUndefined();
          if (scanned) {
            const cells = (parsed as { cells?: Record<string, unknown>[] }).cells ?? [];
            expect(scanned.cells.map((c) => c.source)).toEqual(
              expectedCells({ cells }).map((c) => c.source),
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('scanNotebook codeOnly', () => {
  // Raw control characters are invalid inside strings: decoded or only checked, a source that
  // holds one must fail the same way.
  const corruption = fc.constantFrom('"', '\\', '{', '}', ',', ':', 'x', '\n', '\t', '\u0001', 'u');

  const outcome = (bytes: Buffer, codeOnly: boolean) => {
    try {
      return { scanned: scanNotebook(bytes, { codeOnly }) };
    } catch (err) {
      expect(err).toBeInstanceOf(NotebookParseError);
      const { message, line, column } = err as NotebookParseError;
      return { error: { message, line, column } };
    }
  };

  it('decodes code cells exactly as a full scan does, and fails exactly where it fails', () => {
    fc.assert(
      fc.property(
        notebook,
        style,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), corruption), {
          maxLength: 2,
        }),
        fc.constantFrom('\t', '\u0001', '\u001f', '\u2603'),
        (nb, s, edits, control) => {
          // A raw control character inside a markdown cell's source, where only checking sees it.
          for (const c of nb.cells) {
            if (c.cell_type !== 'markdown') continue;
            c.source = Array.isArray(c.source) ? [...c.source, '\u2603'] : `${c.source}\u2603`;
          }
          let raw = serialize(nb, s).replaceAll('\u2603', control);
          for (const [where, ch] of edits) {
            const k = Math.floor(where * raw.length);
            raw = raw.slice(0, k) + ch + raw.slice(k + 1);
          }
          const bytes = Buffer.from(raw, 'utf8');
          const full = outcome(bytes, false);
          const code = outcome(bytes, true);
          expect(code.error).toEqual(full.error);
          if (!full.scanned || !code.scanned) return;
          expect(code.scanned.language).toBe(full.scanned.language);
          expect(code.scanned.cells.length).toBe(full.scanned.cells.length);
          full.scanned.cells.forEach((cell, k) => {
            const got = code.scanned!.cells[k];
            expect([got.index, got.cellType, got.language, got.sourceForm]).toEqual([
              cell.index,
              cell.cellType,
              cell.language,
              cell.sourceForm,
            ]);
            if (cell.cellType !== 'code') {
              expect(got.source).toBe('');
              return;
            }
            expect(got.source).toBe(cell.source);
            for (let offset = 0; offset <= cell.source.length; offset++) {
              expect(got.map.locate(offset)).toEqual(cell.map.locate(offset));
              expect(got.map.locateEnd(offset)).toEqual(cell.map.locateEnd(offset));
            }
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
