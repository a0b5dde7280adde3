import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../src/engine/types.js';
import {
  detectPythonTarget,
  formatMinors,
  parsePythonVersions,
} from '../../src/python-env/python-version.js';

describe('parsePythonVersions', () => {
  it.each([
    ['3.11', [11]],
    ['3.11.4', [11]],
    ['python-3.9.7', [9]],
    ['==3.10.*', [10]],
    ['=3.10', [10]],
    ['3.10.*', [10]],
    ['>=3.8', [8, 9, 10, 11, 12, 13, 14]],
    ['>=3.9,<3.12', [9, 10, 11]],
    ['>=3.8, !=3.9.*, <3.11', [8, 10]],
    ['~=3.10', [10, 11, 12, 13, 14]],
    ['^3.9', [9, 10, 11, 12, 13, 14]],
    ['~3.10', [10]],
    ['3.9 || 3.11', [9, 11]],
  ])('%s -> %j', (spec, minors) => {
    expect(parsePythonVersions(spec)).toEqual(minors);
  });

  it.each(['', 'system', 'pypy3.9-7.3.11', '<3.0', 'not a version'])('%j is unreadable', (spec) => {
    expect(parsePythonVersions(spec)).toBeUndefined();
  });

  it('formats ranges for messages', () => {
    expect(formatMinors([12])).toBe('3.12');
    expect(formatMinors([8, 9, 10])).toBe('3.8-3.10');
    expect(formatMinors([8, 10])).toBe('3.8, 3.10');
  });
});

function fakeContext(
  files: Record<string, string>,
  toml: Record<string, Record<string, unknown>> = {},
) {
  return {
    allFiles: Object.keys(files).map((path) => ({ path, size: files[path].length })),
    sources: {
      text: (f: string) => files[f],
      toml: (f: string) => toml[f],
    },
  } as unknown as Pick<RuleContext, 'allFiles' | 'sources'>;
}

describe('detectPythonTarget', () => {
  it('prefers .python-version, then runtime.txt, then pyproject', () => {
    expect(
      detectPythonTarget(
        fakeContext({ '.python-version': '# pyenv\n3.12.1\n', 'runtime.txt': 'python-3.9.1' }),
      ),
    ).toEqual({
      minors: [12],
      source: '.python-version',
    });
    expect(detectPythonTarget(fakeContext({ 'runtime.txt': 'python-3.9.1' }))).toEqual({
      minors: [9],
      source: 'runtime.txt',
    });
  });

  it('reads requires-python and Poetry python from pyproject.toml', () => {
    const pep621 = fakeContext(
      { 'pyproject.toml': '' },
      { 'pyproject.toml': { project: { 'requires-python': '>=3.12' } } },
    );
    expect(detectPythonTarget(pep621)).toEqual({ minors: [12, 13, 14], source: 'pyproject.toml' });
    const poetry = fakeContext(
      { 'pyproject.toml': '' },
      { 'pyproject.toml': { tool: { poetry: { dependencies: { python: '^3.10' } } } } },
    );
    expect(detectPythonTarget(poetry)?.minors).toEqual([10, 11, 12, 13, 14]);
  });

  it('reads setup.py python_requires and a conda environment', () => {
    expect(
      detectPythonTarget(fakeContext({ 'setup.py': 'setup(python_requires=">=3.13")' }))?.minors,
    ).toEqual([13, 14]);
    const conda = 'name: x\ndependencies:\n  - numpy\n  - python=3.10\n';
    expect(detectPythonTarget(fakeContext({ 'environment.yml': conda }))).toEqual({
      minors: [10],
      source: 'environment.yml',
    });
  });

  it('says nothing when nothing says', () => {
    expect(detectPythonTarget(fakeContext({ 'README.md': 'Python 3.10' }))).toBeUndefined();
    expect(detectPythonTarget(fakeContext({ '.python-version': 'system\n' }))).toBeUndefined();
  });
});
