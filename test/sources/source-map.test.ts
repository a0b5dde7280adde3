import { describe, expect, it } from 'vitest';
import { SourceMap } from '../../src/sources/source-map.js';

describe('SourceMap', () => {
  it('maps characters of runs linearly and escapes to their backslash', () => {
    // Raw line 3: `    "ab\ncd"` — the string's first character sits at column 6.
    const b = SourceMap.builder({ line: 3, column: 5 });
    b.run('ab', 3, 6);
    b.escape('\n', 3, 8, 2);
    b.run('cd', 3, 10);
    const map = b.build();
    expect(b.text()).toBe('ab\ncd');
    expect([0, 1, 2, 3, 4].map((o) => map.locate(o))).toEqual([
      { line: 3, column: 6 },
      { line: 3, column: 7 },
      { line: 3, column: 8 },
      { line: 3, column: 10 },
      { line: 3, column: 11 },
    ]);
  });

  it('gives exclusive ends, after the whole escape for an escaped last character', () => {
    const b = SourceMap.builder({ line: 1, column: 1 });
    b.run('x', 2, 4);
    b.escape('é', 2, 5, 6); // \u00e9
    const map = b.build();
    expect(map.locateEnd(1)).toEqual({ line: 2, column: 5 });
    expect(map.locateEnd(2)).toEqual({ line: 2, column: 11 });
  });

  it('maps pieces on different raw lines (a pretty-printed source list)', () => {
    const b = SourceMap.builder({ line: 7, column: 13 });
    b.run('import os', 8, 6);
    b.escape('\n', 8, 15, 2);
    b.run('x = 1', 9, 6);
    const map = b.build();
    expect(map.locate(10)).toEqual({ line: 9, column: 6 });
    expect(map.locate(9)).toEqual({ line: 8, column: 15 });
  });

  it('merges a run that continues the previous one, and not one that jumps', () => {
    const b = SourceMap.builder({ line: 1, column: 1 });
    b.run('ab', 1, 2);
    b.run('cd', 1, 4); // continues
    b.run('ef', 1, 9); // jumps
    const map = b.build();
    expect(map.locate(3)).toEqual({ line: 1, column: 5 });
    expect(map.locate(4)).toEqual({ line: 1, column: 9 });
  });

  it('clamps offsets and falls back to the anchor for an empty source', () => {
    const empty = SourceMap.empty({ line: 4, column: 17 });
    expect(empty.locate(0)).toEqual({ line: 4, column: 17 });
    expect(empty.locateEnd(3)).toEqual({ line: 4, column: 17 });
    const b = SourceMap.builder({ line: 1, column: 1 });
    b.run('abc', 2, 3);
    const map = b.build();
    expect(map.locate(-5)).toEqual({ line: 2, column: 3 });
    expect(map.locate(99)).toEqual({ line: 2, column: 6 });
  });
});
