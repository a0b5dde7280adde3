import { describe, expect, it } from 'vitest';
import {
  clip,
  formatBytes,
  messageWithCell,
  repoPath,
  verdictLine,
} from '../../src/report/common.js';
import { finding, result } from './build.js';

describe('verdictLine', () => {
  it('names what failed the gate', () => {
    expect(verdictLine(result({ findings: [finding(), finding()] }))).toBe(
      'failed: 2 errors at or above fail-on error',
    );
    expect(
      verdictLine(result({ findings: [finding({ severity: 'warning' })], failOn: 'warning' })),
    ).toBe('failed: 1 warning at or above fail-on warning');
    expect(
      verdictLine(
        result({ findings: [finding(), finding({ severity: 'warning' })], failOn: 'warning' }),
      ),
    ).toBe('failed: 1 error and 1 warning at or above fail-on warning');
  });

  it('explains a pass with findings', () => {
    expect(verdictLine(result({ findings: [finding({ severity: 'warning' })] }))).toBe(
      'passed: 1 finding below fail-on error',
    );
    expect(verdictLine(result({ findings: [finding()], failOn: 'never' }))).toBe(
      'passed: 1 finding, but fail-on is never',
    );
  });
});

describe('location helpers', () => {
  it('names the cell unless the message already does', () => {
    expect(messageWithCell(finding({ message: 'x', cell: { index: 2, line: 5 } }))).toBe(
      'x (cell 2, line 5)',
    );
    expect(messageWithCell(finding({ message: 'in cell 2: x', cell: { index: 2, line: 5 } }))).toBe(
      'in cell 2: x',
    );
    expect(messageWithCell(finding({ message: 'x' }))).toBe('x');
  });

  it('makes paths root-relative with forward slashes, leaving outside paths alone', () => {
    expect(repoPath('/r', '/r/a/b.py')).toBe('a/b.py');
    expect(repoPath('/r', './a/b.py')).toBe('a/b.py');
    expect(repoPath('/r', 'a\\b.py')).toBe('a/b.py');
    expect(repoPath('/r', '/elsewhere/x.py')).toBe('/elsewhere/x.py');
    expect(repoPath('/r', '')).toBe('');
  });

  it('clips without splitting a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('abc', 3)).toBe('abc');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });
});
