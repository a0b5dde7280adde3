import { describe, expect, it } from 'vitest';
import { evaluatePathExpression, importPathChanges } from '../../src/python-env/sys-path.js';

describe('evaluatePathExpression', () => {
  it.each([
    ["'..'", 'notebooks', ['']],
    ["'../src'", 'notebooks', ['src']],
    ["'.'", 'notebooks', ['notebooks', '']],
    ["os.path.abspath('..')", 'notebooks/eda', ['notebooks']],
    ["os.path.join('..', 'lib')", 'nb', ['lib']],
    ['os.path.dirname(os.path.abspath(__file__))', 'app/api', ['app/api']],
    ['os.path.dirname(os.path.dirname(os.path.abspath(__file__)))', 'app/api', ['app']],
    ["os.path.join(os.path.dirname(__file__), '..', 'common')", 'app/api', ['app/common']],
    ['str(Path(__file__).resolve().parent.parent)', 'pkg/sub', ['pkg']],
    ['str(Path(__file__).parents[2])', 'a/b/c', ['a']],
    ['str(Path(__file__).parents[0])', 'a/b/c', ['a/b/c']],
    ["0, os.path.abspath(os.path.join(os.getcwd(), 'src'))", 'notebooks', ['notebooks/src', 'src']],
  ])('%s in %s', (expr, dir, expected) => {
    expect(evaluatePathExpression(expr, dir)).toEqual([...new Set(expected)]);
  });

  it('gives up on variables and ignores absolute paths', () => {
    expect(evaluatePathExpression('module_path', 'x')).toBe('unknown');
    expect(evaluatePathExpression("os.environ['PROJECT_ROOT']", 'x')).toBe('unknown');
    expect(evaluatePathExpression("'/home/me/project'", 'x')).toEqual([]);
    expect(evaluatePathExpression("'C:\\\\Users\\\\me'", 'x')).toEqual([]);
  });

  it('does not leave the repository', () => {
    expect(evaluatePathExpression("'../../..'", 'a')).toEqual([]);
    expect(
      evaluatePathExpression('os.path.dirname(os.path.dirname(os.path.dirname(__file__)))', 'a'),
    ).toEqual([]);
  });
});

describe('importPathChanges', () => {
  it('finds sys.path edits, chdir and %cd, and skips commented-out lines', () => {
    const code = [
      'import sys, os',
      "sys.path.append('../shared')",
      "# sys.path.append('../ignored')",
      "sys.path.insert(0, os.path.abspath('../lib'))",
      "os.chdir('..')",
    ].join('\n');
    const changes = importPathChanges(code, 'notebooks', ['../tools']);
    expect(changes.unknown).toBe(false);
    // Relative to the notebook's folder; from the root these would leave the repository.
    expect(changes.folders.sort()).toEqual(['', 'lib', 'shared', 'tools']);
  });

  it('flags edits it cannot read', () => {
    expect(importPathChanges('sys.path.append(ROOT)', '').unknown).toBe(true);
    expect(importPathChanges('sys.path.append(', '').unknown).toBe(true);
    expect(importPathChanges('x = 1', '').unknown).toBe(false);
  });
});
