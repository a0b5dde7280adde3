import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { describeErrors, displayName, pointerSegments, show } from '../../src/config/messages.js';
import { formatByteSize, parseByteSize } from '../../src/config/size.js';
import { closest, didYouMean, editDistance } from '../../src/config/suggest.js';
import { deepMerge } from '../../src/config/values.js';
import { parseConfigDocument } from '../../src/config/yaml-document.js';

describe('parseByteSize', () => {
  it.each([
    [1, 1],
    [5242880, 5242880],
    ['5MiB', 5 * 1024 ** 2],
    ['5 mib', 5 * 1024 ** 2],
    ['5Mi', 5 * 1024 ** 2],
    ['5M', 5 * 1024 ** 2],
    ['5MB', 5_000_000],
    ['64k', 65536],
    ['64kB', 64_000],
    ['2 GiB', 2 * 1024 ** 3],
    ['42', 42],
    ['42B', 42],
    [' 1.25 KiB ', 1280],
  ])('%j is %d bytes', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it.each([
    0,
    -1,
    1.5,
    Number.NaN,
    Infinity,
    '0',
    '0.1B',
    'MiB',
    '5 TiB',
    '5MiBs',
    '',
    null,
    {},
    [5],
  ])('refuses %j', (value) => {
    expect(parseByteSize(value)).toBeUndefined();
  });

  it('reads back what formatByteSize writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (bytes) => {
        const text = formatByteSize(bytes).replace(' bytes', '');
        expect(parseByteSize(text)).toBe(bytes);
      }),
    );
  });
});

describe('suggestions', () => {
  const severities = ['off', 'note', 'warning', 'error'];

  it('finds typos, prefixes, case and underscore slips', () => {
    expect(closest('warn', severities)).toBe('warning');
    expect(closest('err', severities)).toBe('error');
    expect(closest('eror', severities)).toBe('error');
    expect(closest('Warning', severities)).toBe('warning');
    expect(closest('fail_on', ['fail-on', 'paths'])).toBe('fail-on');
    expect(closest('hardcoded-path', ['hardcoded-paths', 'pinned-dependencies'])).toBe(
      'hardcoded-paths',
    );
    expect(closest('pinned-dependecies', ['hardcoded-paths', 'pinned-dependencies'])).toBe(
      'pinned-dependencies',
    );
  });

  it('stays quiet when nothing is close', () => {
    expect(closest('banana', severities)).toBeUndefined();
    expect(closest('', severities)).toBeUndefined();
    expect(didYouMean('xyz', ['fail-on'])).toBe('');
    expect(didYouMean('fail_on', ['fail-on'])).toBe("; did you mean 'fail-on'?");
  });

  it('counts a swap of neighbours as one edit and is a metric on small words', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const word = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('does not spend quadratic time on a hostile key', () => {
    expect(editDistance('a'.repeat(100_000), 'b')).toBe(100_000);
  });
});

describe('messages', () => {
  it('decodes JSON pointers with escapes and indices', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerSegments('/rules/a~1b/options/list/0/x~0y')).toEqual([
      'rules',
      'a/b',
      'options',
      'list',
      0,
      'x~y',
    ]);
    expect(displayName('', ['rules', 'x', 'ignore', 2])).toBe('rules.x.ignore[2]');
    expect(displayName('rules.x.options', ['list', 0])).toBe('rules.x.options.list[0]');
  });

  it('shows found values briefly', () => {
    expect(show('x'.repeat(100))).toBe(`'${'x'.repeat(57)}...'`);
    expect(show(null)).toBe('nothing');
    expect(show([1])).toBe('a list');
    expect(show({})).toBe('a mapping');
    expect(show(false)).toBe('false');
  });

  it('falls back to ajv wording for keywords it has no sentence for', () => {
    const [message] = describeErrors([
      {
        keyword: 'uniqueItems',
        instancePath: '/paths',
        schemaPath: '#/properties/paths/uniqueItems',
        params: { i: 1, j: 0 },
        message: 'must NOT have duplicate items (items ## 0 and 1 are identical)',
      },
    ]);
    expect(message).toEqual({
      path: ['paths'],
      at: 'value',
      message: 'paths must NOT have duplicate items (items ## 0 and 1 are identical)',
    });
  });
});

describe('deepMerge', () => {
  it('merges mappings, replaces lists and scalars, and leaves its inputs alone', () => {
    const under = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const over = { a: { c: [3] }, e: true };
    expect(deepMerge(under, over)).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: true });
    expect(under).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });

  it('stores __proto__ as data instead of changing prototypes', () => {
    const over = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = deepMerge({}, over);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
  });
});

describe('parseConfigDocument', () => {
  const text = [
    'rules:',
    '  pinned-dependencies:',
    '    ignore:',
    '      - docs/**',
    '      - x/**',
    '',
  ].join('\n');
  const { document } = parseConfigDocument(text, 'handoff.yml');

  it('locates keys, values and list items', () => {
    expect(document.locate(['rules', 'pinned-dependencies'], 'key')).toEqual({
      line: 2,
      column: 3,
    });
    expect(document.locate(['rules', 'pinned-dependencies', 'ignore', 1])).toEqual({
      line: 5,
      column: 9,
    });
    expect(document.has(['rules', 'pinned-dependencies', 'ignore', 1])).toBe(true);
    expect(document.has(['rules', 'pinned-dependencies', 'ignore', 2])).toBe(false);
  });

  it('falls back to the nearest ancestor for a path that is not written', () => {
    expect(document.locate(['rules', 'pinned-dependencies', 'options', 'mode'])).toEqual({
      line: 2,
      column: 3,
    });
    expect(document.locate(['nothing'])).toEqual({ line: 1, column: 1 });
  });

  it('reports absurd nesting as a located problem instead of overflowing the stack', () => {
    const { problems } = parseConfigDocument(
      `rules: ${'['.repeat(5000)}${']'.repeat(5000)}`,
      'f.yml',
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].line).toBe(1);
    expect(problems[0].message).toBe('YAML syntax error: the YAML is nested too deeply to read');
  });

  it('never throws on arbitrary text, and every problem has a position inside the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => {
        const parsed = parseConfigDocument(input, 'f.yml');
        const lines = input.split(/\r\n|\r|\n/).length;
        for (const problem of parsed.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines + 1);
          expect(problem.column).toBeGreaterThanOrEqual(1);
        }
        expect(typeof parsed.document.data).toBe('object');
      }),
      { numRuns: 300 },
    );
  });
});

describe('ConfigError', () => {
  it('sorts problems by position within each file and drops exact duplicates', () => {
    const error = new ConfigError([
      { file: 'a.yml', line: 3, column: 1, key: 'x', message: 'later' },
      { file: 'b.yml', line: 1, column: 1, key: '', message: 'other file' },
      { file: 'a.yml', line: 1, column: 5, key: 'y', message: 'first' },
      { file: 'a.yml', line: 1, column: 5, key: 'y', message: 'first' },
    ]);
    expect(error.format()).toBe(
      ['a.yml:1:5: first', 'a.yml:3:1: later', 'b.yml:1:1: other file'].join('\n'),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.name).toBe('ConfigError');
  });
});
