import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignFingerprints,
  normaliseSnippet,
  sourceLineReader,
} from '../../src/engine/fingerprint.js';
import type { Finding } from '../../src/engine/types.js';

function finding(file: string, line: number, ruleId = 'hardcoded-paths'): Finding {
  return { ruleId, severity: 'error', message: 'm', file, line, help: 'h', fingerprint: '' };
}

describe('fingerprints', () => {
  it('survive a line moving and re-indentation, but not a changed snippet', () => {
    const before = [finding('a.py', 3)];
    const after = [finding('a.py', 40)];
    const moved = [finding('a.py', 7)];
    assignFingerprints(before, () => 'x = "/home/a/data.csv"');
    assignFingerprints(after, () => '        x = "/home/a/data.csv"   ');
    assignFingerprints(moved, () => 'x = "/home/b/data.csv"');
    expect(before[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(after[0].fingerprint).toBe(before[0].fingerprint);
    expect(moved[0].fingerprint).not.toBe(before[0].fingerprint);
  });

  it('differ by rule and by file', () => {
    const items = [finding('a.py', 1), finding('b.py', 1), finding('a.py', 1, 'other')];
    assignFingerprints(items, () => 'same text');
    expect(new Set(items.map((f) => f.fingerprint)).size).toBe(3);
  });

  it('tell identical snippets in one file apart by occurrence', () => {
    const items = [finding('a.py', 1), finding('a.py', 9)];
    assignFingerprints(items, () => 'path = "/home/a"');
    expect(items[0].fingerprint).not.toBe(items[1].fingerprint);
  });

  it('read notebook JSON lines as their source text', () => {
    expect(normaliseSnippet('    "df = load(\\"/home/a\\")\\n",')).toBe('df = load(\\"/home/a\\")');
  });
});

describe('sourceLineReader', () => {
  /** What the pipeline's text view gives: the file decoded, its BOM dropped, split at line feeds. */
  const textLine = (bytes: Buffer, line: number): string | undefined => {
    const text = bytes.toString('utf8');
    return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')[line - 1];
  };

  // Line breaks, multi-byte characters, and broken UTF-8 right before a line feed.
  const piece = fc.constantFrom(
    ...[
      'a',
      ' x = "/home/a"',
      '\n',
      '\r\n',
      'é',
      '日',
      '😀',
      '\ufeff',
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0x80],
    ].map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
  );
  const file = fc
    .tuple(fc.boolean(), fc.array(piece, { maxLength: 30 }))
    .map(([bom, parts]) =>
      Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), ...parts]),
    );

  it('gives every line exactly as splitting the decoded text would', () => {
    fc.assert(
      fc.property(
        file,
        fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 12 }),
        (bytes, asked) => {
          const read = sourceLineReader({ bytes: () => bytes });
          for (const line of asked) expect(read('f.py', line)).toBe(textLine(bytes, line));
          expect(read('f.py', 1.5)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads each file once while its findings come in order, and nothing for unreadable files', () => {
    const reads: string[] = [];
    const files: Record<string, Buffer> = { 'a.py': Buffer.from('one\ntwo\n') };
    const read = sourceLineReader({
      bytes: (f) => {
        reads.push(f);
        return files[f];
      },
    });
    expect([read('a.py', 2), read('a.py', 1), read('a.py', 3), read('a.py', 4)]).toEqual([
      'two',
      'one',
      '',
      undefined,
    ]);
    expect(read('gone.py', 1)).toBeUndefined();
    expect(read('gone.py', 2)).toBeUndefined();
    expect(reads).toEqual(['a.py', 'gone.py']);
  });
});
