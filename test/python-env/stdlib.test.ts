import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SUPPORTED_MINORS,
  isStdlibInAnyVersion,
  isStdlibModule,
  stdlibModules,
  stdlibStatus,
  topLevel,
} from '../../src/python-env/stdlib.js';

/** typeshed's stdlib/VERSIONS (shipped with pyright): module -> [first, last] minor of Python 3. */
function typeshedVersions(): Map<string, [number, number]> {
  const require = createRequire(import.meta.url);
  const pyright = dirname(require.resolve('pyright/package.json'));
  const text = readFileSync(join(pyright, 'dist/typeshed-fallback/stdlib/VERSIONS'), 'utf8');
  const out = new Map<string, [number, number]>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([\w.]+):\s*3\.(\d+)-(?:3\.(\d+))?$/.exec(line);
    if (m && !m[1].includes('.')) out.set(m[1], [Number(m[2]), m[3] ? Number(m[3]) : 99]);
  }
  return out;
}

/** The local interpreter's sys.stdlib_module_names (3.10+), or undefined when there is none. */
function localStdlib(): { minor: number; names: string[] } | undefined {
  try {
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import sys, json; print(json.dumps([sys.version_info[1], sorted(sys.stdlib_module_names)]))',
      ],
      { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const [minor, names] = JSON.parse(out) as [number, string[]];
    return { minor, names };
  } catch {
    return undefined;
  }
}

describe('standard-library table', () => {
  const local = localStdlib();
  it.skipIf(!local || !SUPPORTED_MINORS.includes(local.minor))(
    'equals sys.stdlib_module_names of the local python3',
    () => {
      expect([...stdlibModules(local!.minor)].sort()).toEqual(local!.names);
    },
  );

  it('agrees with typeshed VERSIONS on every public module typeshed describes', () => {
    const typeshed = typeshedVersions();
    // typeshed also ships stubs for things that are not importable stdlib modules.
    const notModules = new Set([
      '_typeshed',
      'typing_extensions',
      'mypy_extensions',
      '__main__',
      'xxlimited',
    ]);
    const disagreements: string[] = [];
    for (const [name, [first, last]] of typeshed) {
      if (notModules.has(name) || name.startsWith('_')) continue;
      for (const minor of SUPPORTED_MINORS) {
        // typeshed no longer lists modules removed before the versions it supports.
        if (minor < 9) continue;
        const theirs = minor >= first && minor <= last;
        if (theirs !== isStdlibModule(name, minor))
          disagreements.push(`${name} 3.${minor}: typeshed ${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('knows the removals and additions that matter for imports', () => {
    expect(isStdlibModule('tomllib', 10)).toBe(false);
    expect(isStdlibModule('tomllib', 11)).toBe(true);
    expect(isStdlibModule('distutils.core', 11)).toBe(true);
    expect(isStdlibModule('distutils', 12)).toBe(false);
    expect(isStdlibModule('imp', 12)).toBe(false);
    expect(isStdlibModule('telnetlib', 12)).toBe(true);
    expect(isStdlibModule('telnetlib', 13)).toBe(false);
    expect(isStdlibModule('zoneinfo', 8)).toBe(false);
    expect(isStdlibModule('zoneinfo', 9)).toBe(true);
    expect(isStdlibModule('annotationlib', 13)).toBe(false);
    expect(isStdlibModule('annotationlib', 14)).toBe(true);
    expect(isStdlibModule('formatter', 9)).toBe(true);
    expect(isStdlibModule('formatter', 10)).toBe(false);
  });

  it('includes __future__ and private modules, and nothing third-party', () => {
    for (const name of [
      '__future__',
      '_thread',
      '_collections_abc',
      'os.path',
      'xml.etree.ElementTree',
    ]) {
      expect(isStdlibInAnyVersion(name), name).toBe(true);
    }
    for (const name of [
      'numpy',
      'sklearn',
      '_pytest',
      'typing_extensions',
      'six',
      'pkg_resources',
      'setuptools',
    ]) {
      expect(isStdlibInAnyVersion(name), name).toBe(false);
    }
  });

  it('reports partial membership across targeted versions', () => {
    expect(stdlibStatus('imp', [10, 11, 12])).toEqual({
      kind: 'partial',
      presentIn: [10, 11],
      missingIn: [12],
    });
    expect(stdlibStatus('json', [8, 14])).toEqual({ kind: 'stdlib' });
    expect(stdlibStatus('torch')).toEqual({ kind: 'not' });
  });

  it('grows and shrinks between versions as CPython did', () => {
    const v311 = stdlibModules(11);
    const v313 = stdlibModules(13);
    expect(v311.size).toBe(305);
    expect([...v311].filter((m) => !v313.has(m))).toContain('lib2to3');
    expect([...v313].filter((m) => !v311.has(m))).toContain('_pyrepl');
    expect(topLevel('a.b.c')).toBe('a');
  });
});
