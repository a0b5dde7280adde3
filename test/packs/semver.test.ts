// The engine ranges packs declare, with npm's semantics.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  parseRange,
  parseVersion,
  satisfies,
  type Version,
} from '../../src/packs/semver.js';

const inRange = (version: string, range: string) =>
  satisfies(parseVersion(version)!, parseRange(range));

describe('ranges', () => {
  it.each([
    ['*', '0.1.0', true],
    ['>=0.1.0 <1', '0.9.9', true],
    ['>=0.1.0 <1', '1.0.0', false],
    ['>= 0.1.0', '0.1.0', true],
    ['^0.1', '0.1.7', true],
    ['^0.1', '0.2.0', false],
    ['^1.2.3', '1.9.0', true],
    ['^1.2.3', '2.0.0', false],
    ['^0.0.3', '0.0.4', false],
    ['~1.4', '1.4.9', true],
    ['~1.4', '1.5.0', false],
    ['1.x', '1.99.0', true],
    ['1.2.*', '1.3.0', false],
    ['1.2 - 1.4', '1.4.9', true],
    ['1.2 - 1.4', '1.5.0', false],
    ['>1.2', '1.2.9', false],
    ['>1.2', '1.3.0', true],
    ['<=1.2', '1.2.9', true],
    ['<1.2', '1.1.9', true],
    ['<1.2', '1.2.0', false],
    ['=1.2.3', '1.2.3', true],
    ['<0.1 || >=2', '0.0.5', true],
    ['<0.1 || >=2', '1.0.0', false],
    // Prereleases match only a range that names a prerelease of the same version.
    ['>=1.0.0', '1.1.0-rc.1', false],
    ['>=1.1.0-rc.0', '1.1.0-rc.1', true],
    ['^1.0.0', '2.0.0-rc.1', false],
  ])('%s %s → %s', (range, version, expected) => {
    expect(inRange(version, range)).toBe(expected);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseRange('>=banana')).toThrow(/'>=banana' is not a version/);
    expect(() => parseRange('1.2.3.4')).toThrow();
    expect(() => parseRange('x'.repeat(300))).toThrow(/at most 256/);
  });
});

describe('versions', () => {
  it('orders prereleases before releases and numerically', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.10',
      '1.0.0-alpha',
      '1.0.0-rc.2',
      '0.9.0',
      '1.0.0-alpha.1',
    ].sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
    expect(sorted).toEqual([
      '0.9.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-rc.2',
      '1.0.0-rc.10',
      '1.0.0',
    ]);
  });

  const version = fc
    .tuple(fc.nat(50), fc.nat(50), fc.nat(50))
    .map(([major, minor, patch]): Version => ({ major, minor, patch, prerelease: [] }));
  const text = (v: Version) => `${v.major}.${v.minor}.${v.patch}`;

  it('agrees with ordering for comparisons, exact versions and caret ranges', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const order = Math.sign(compareVersions(a, b));
        expect(inRange(text(a), `>=${text(b)}`)).toBe(order >= 0);
        expect(inRange(text(a), `<${text(b)}`)).toBe(order < 0);
        expect(inRange(text(a), text(b))).toBe(order === 0);
        // ^b admits a exactly when a >= b and the first non-zero part of b is unchanged.
        const caret =
          b.major > 0
            ? a.major === b.major
            : b.minor > 0
              ? a.major === 0 && a.minor === b.minor
              : text(a) === text(b);
        expect(inRange(text(a), `^${text(b)}`)).toBe(order >= 0 && caret);
      }),
    );
  });
});
