// Property-based tests for the requirement-line parsers: no input makes them throw, and a
// generated valid requirement line round-trips its name, extras, specifier and position.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCondaSpec } from '../../src/manifests/conda-spec.js';
import { parseDockerfile } from '../../src/manifests/dockerfile.js';
import { parsePep508 } from '../../src/manifests/pep508.js';
import { analyzeRequirement } from '../../src/manifests/requirement-spec.js';
import { parseRequirementsText } from '../../src/manifests/requirements-file.js';
import { parseShell } from '../../src/manifests/shell-words.js';
import { TomlLocator } from '../../src/manifests/toml-locator.js';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const nameChar = fc.constantFrom(...alnum);
const name = fc
  .tuple(nameChar, fc.array(fc.constantFrom(...alnum, '-', '_', '.'), { maxLength: 10 }), nameChar)
  .map(([a, mid, b]) => `${a}${mid.join('')}${b}`);
const version = fc
  .array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('.'));
const operator = fc.constantFrom('==', '>=', '<=', '~=', '!=', '<', '>', '===');
const clause = fc.tuple(operator, version).filter(([op, v]) => op !== '~=' || v.includes('.'));
const space = fc.constantFrom('', ' ', '  ', '\t');
const extra = fc.array(name, { maxLength: 3 });
const tricky = fc.constantFrom(
  '\\',
  '\n',
  '#',
  '-r',
  '--hash=',
  '"',
  "'",
  '@',
  ';',
  '[',
  ']',
  '(',
  ')',
  ',',
  '=',
  ' ',
  '$',
  '`',
  '{{',
  '\r\n',
  '\u0000',
  '::',
);
const noise = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), tricky), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('parsers never throw', () => {
  const parsers: [string, (text: string) => unknown][] = [
    ['parseRequirementsText', parseRequirementsText],
    ['parsePep508', parsePep508],
    ['analyzeRequirement', analyzeRequirement],
    ['parseCondaSpec', parseCondaSpec],
    ['parseShell', parseShell],
    ['TomlLocator', (text) => new TomlLocator(text)],
    ['parseDockerfile', (text) => parseDockerfile('Dockerfile', text)],
  ];
  for (const [label, parse] of parsers) {
    it(label, () => {
      fc.assert(
        fc.property(fc.oneof(noise, fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
          parse(text);
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('generated requirement lines round-trip', () => {
  it('keeps name, extras, specifier clauses and the name position', () => {
    fc.assert(
      fc.property(
        space,
        name,
        extra,
        fc.array(clause, { maxLength: 3 }),
        space,
        fc.boolean(),
        (lead, pkg, extras, clauses, gap, withComment) => {
          const extrasText = extras.length ? `[${extras.join(', ')}]` : '';
          const specText = clauses.map(([op, v]) => `${op}${gap}${v}`).join(`${gap},${gap}`);
          const line = `${lead}${pkg}${gap}${extrasText}${gap}${specText}${withComment ? '  # note' : ''}`;
          const file = parseRequirementsText(`# header\n${line}\n`);
          expect(file.invalid).toEqual([]);
          expect(file.entries).toHaveLength(1);
          const entry = file.entries[0]!;
          expect(entry.analysis.name).toBe(pkg);
          expect(entry.analysis.extras).toEqual(extras);
          expect(entry.analysis.specifier.replace(/\s+/g, '')).toBe(
            clauses.map(([op, v]) => `${op}${v}`).join(','),
          );
          expect(entry.line).toBe(2);
          expect(entry.column).toBe(line.indexOf(pkg) + 1);
          const exact = clauses.some(([op]) => op === '==' || op === '===');
          expect(entry.analysis.pinned).toBe(exact);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the requirement when a continuation splits it from its hashes', () => {
    fc.assert(
      fc.property(
        name,
        version,
        fc.array(
          fc.string({
            unit: fc.constantFrom(...'0123456789abcdef'.split('')),
            minLength: 8,
            maxLength: 16,
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (pkg, v, hashes) => {
          const text = `${pkg}==${v} \\\n${hashes.map((h) => `    --hash=sha256:${h}`).join(' \\\n')}\n`;
          const file = parseRequirementsText(text);
          expect(file.entries).toHaveLength(1);
          expect(file.entries[0]!.hashes).toEqual(hashes.map((h) => `sha256:${h}`));
          expect(file.entries[0]!.line).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds every package of a generated pip command at its offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.option(version, { nil: undefined })), {
          minLength: 1,
          maxLength: 5,
        }),
        (pkgs) => {
          const words = pkgs.map(([pkg, v]) => (v ? `"${pkg}==${v}"` : pkg));
          const text = `pip install -q ${words.join(' ')}`;
          const script = parseShell(text);
          expect(script.commands).toHaveLength(1);
          const values = script.commands[0]!.words.slice(3).map((w) => w.value);
          expect(values).toEqual(pkgs.map(([pkg, v]) => (v ? `${pkg}==${v}` : pkg)));
          for (const word of script.commands[0]!.words)
            expect(text.slice(word.start, word.end).replace(/"/g, '')).toBe(word.value);
        },
      ),
      { numRuns: 200 },
    );
  });
});
