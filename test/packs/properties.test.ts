// Property tests for the small parsers packs rely on: templates, key paths, query predicate
// renaming, remote specs, and how match ranges compare.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps, within, type Match } from '../../src/packs/match.js';
import { parseKeyPath } from '../../src/packs/matchers/key.js';
import { renameRegexPredicates } from '../../src/packs/matchers/query.js';
import { parseRemoteSpec, RemoteSpecError } from '../../src/packs/remote.js';
import { parseTemplate, TemplateError } from '../../src/packs/template.js';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/);

describe('templates', () => {
  it('either parses, leaving no placeholder after rendering, or fails at a "{{" inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('{', '}', 'a', ' ', '.', '_'), maxLength: 30 }),
        (text) => {
          try {
            const template = parseTemplate(text);
            const values = Object.fromEntries(template.names.map((n) => [n, '<v>']));
            const rendered = template.render(values);
            for (const n of template.names)
              expect(rendered).not.toMatch(
                new RegExp(`\\{\\{\\s*${n.replace(/\./g, '\\.')}\\s*\\}\\}`),
              );
          } catch (error) {
            expect(error).toBeInstanceOf(TemplateError);
            const offset = (error as TemplateError).offset;
            expect(text.slice(offset, offset + 2)).toBe('{{');
          }
        },
      ),
    );
  });

  it('renders each placeholder with its value, literally', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), fc.string(), (names, value) => {
        const template = parseTemplate(names.map((n) => `[{{ ${n} }}]`).join(' '));
        const values = Object.fromEntries(names.map((n) => [n, value]));
        expect(template.render(values)).toBe(names.map(() => `[${value}]`).join(' '));
      }),
    );
  });
});

describe('key paths', () => {
  const key = fc.string({
    unit: fc.constantFrom('a', 'b', '.', '-', '_', '1'),
    minLength: 1,
    maxLength: 6,
  });

  it('splits on unescaped dots and keeps escaped ones', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 5 }), (keys) => {
        const written = keys.map((k) => k.replace(/\./g, '\\.')).join('.');
        expect(parseKeyPath(written)).toEqual(keys);
      }),
    );
  });

  it('reads [n] as an index segment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 4 }),
        fc.nat(99),
        (keys, index) => {
          expect(parseKeyPath(`${keys.join('.')}[${index}]`)).toEqual([...keys, String(index)]);
        },
      ),
    );
  });
});

describe('query predicate renaming', () => {
  it('keeps every offset, so tree-sitter error positions stay true', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '(',
            ')',
            '#',
            '"',
            '\\',
            ';',
            '\n',
            '@',
            'match?',
            'any-of?',
            ' ',
            'x',
          ),
          maxLength: 40,
        }),
        (source) => {
          const { text } = renameRegexPredicates(source);
          expect(text.length).toBe(source.length);
          expect(text.toLowerCase()).toBe(source.toLowerCase());
        },
      ),
    );
  });

  it('renames regex predicates outside strings and comments only', () => {
    const { text } = renameRegexPredicates(
      '((x) @a (#match? @a "#match?") ; #not-match?\n (#any-not-match? @a "y"))',
    );
    expect(text).toBe('((x) @a (#MATCH? @a "#match?") ; #not-match?\n (#ANY-NOT-MATCH? @a "y"))');
  });
});

describe('remote specs', () => {
  it('never fails with anything but a RemoteSpecError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (tail) => {
        try {
          parseRemoteSpec(`github:${tail}`);
        } catch (error) {
          expect(error).toBeInstanceOf(RemoteSpecError);
        }
      }),
    );
  });

  it('accepts exactly full hexadecimal SHAs', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F]{1,70}$/), (ref) => {
        const full = ref.length === 40 || ref.length === 64;
        const parse = () => parseRemoteSpec(`github:acme/packs/ml.yml@${ref}`);
        if (full)
          expect(parse()).toMatchObject({
            owner: 'acme',
            repo: 'packs',
            path: 'ml.yml',
            sha: ref.toLowerCase(),
          });
        else expect(parse).toThrow(RemoteSpecError);
      }),
    );
  });
});

describe('match ranges', () => {
  const point = fc.tuple(fc.nat(3), fc.nat(5));
  const match = fc.tuple(point, point).map(([a, b]): Match => {
    const [start, end] = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [a, b] : [b, a];
    return {
      file: 'f.py',
      span: { startRow: start[0], startColumn: start[1], endRow: end[0], endColumn: end[1] },
      captures: {},
    };
  });

  it('overlap is symmetric, within is reflexive, and a non-empty match within another overlaps it', () => {
    fc.assert(
      fc.property(match, match, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(within(a, a)).toBe(true);
        const empty =
          a.span!.startRow === a.span!.endRow && a.span!.startColumn === a.span!.endColumn;
        if (within(a, b) && !empty) expect(overlaps(a, b)).toBe(true);
        expect(overlaps(a, { file: 'f.py', captures: {} })).toBe(true);
        expect(overlaps(a, { ...b, file: 'g.py' })).toBe(false);
      }),
    );
  });
});
