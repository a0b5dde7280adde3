import { describe, expect, it } from 'vitest';
import { applyFilters, inScope, verdict, type ChangedLines } from '../../src/engine/filters.js';
import type { Finding, Severity } from '../../src/engine/types.js';

const finding = (
  file: string,
  line: number,
  severity: Severity = 'error',
  extra: Partial<Finding> = {},
): Finding => ({
  ruleId: 'r',
  severity,
  message: 'm',
  file,
  line,
  help: 'h',
  fingerprint: `${file}:${line}`,
  ...extra,
});

describe('filters', () => {
  const changed: ChangedLines = new Map<string, Set<number> | 'all'>([
    ['a.py', new Set([5, 6])],
    ['new.py', 'all'],
  ]);

  it('keep changed lines, whole new files, and repo-level findings touching a changed file', () => {
    expect(inScope(finding('a.py', 5), 'changed-lines', changed)).toBe(true);
    expect(inScope(finding('a.py', 7), 'changed-lines', changed)).toBe(false);
    expect(inScope(finding('a.py', 7), 'changed-files', changed)).toBe(true);
    expect(inScope(finding('a.py', 3, 'error', { endLine: 5 }), 'changed-lines', changed)).toBe(
      true,
    );
    expect(inScope(finding('new.py', 99), 'changed-lines', changed)).toBe(true);
    expect(inScope(finding('b.py', 1), 'changed-files', changed)).toBe(false);
    expect(
      inScope(finding('b.py', 1, 'error', { related: ['b.py', 'a.py'] }), 'changed-lines', changed),
    ).toBe(true);
    expect(inScope(finding('', 1, 'error', { related: ['c.py'] }), 'changed-lines', changed)).toBe(
      false,
    );
    expect(inScope(finding('b.py', 1), 'all', changed)).toBe(true);
  });

  it('count suppressed, baselined and out-of-scope findings instead of reporting them', () => {
    const items = [
      finding('a.py', 5),
      finding('a.py', 6, 'warning', { suppressed: { kind: 'inline' } }),
      finding('a.py', 5, 'note', { fingerprint: 'accepted' }),
      finding('b.py', 1),
    ];
    const result = applyFilters({
      findings: items,
      scope: 'changed-lines',
      changed,
      baseline: new Set(['accepted']),
    });
    expect(result.reported.map((f) => f.file + f.line)).toEqual(['a.py5']);
    expect(result.counts).toEqual({
      error: 1,
      warning: 0,
      note: 0,
      suppressed: 1,
      baselined: 1,
      outOfScope: 1,
    });
    expect(items[2].suppressed).toEqual({ kind: 'baseline' });
  });

  it('decide the verdict from fail-on', () => {
    const counts = { error: 0, warning: 2, note: 1, suppressed: 0, baselined: 0, outOfScope: 0 };
    expect(verdict(counts, 'error')).toBe(true);
    expect(verdict(counts, 'warning')).toBe(false);
    expect(verdict({ ...counts, error: 1 }, 'never')).toBe(true);
    expect(verdict({ ...counts, error: 1 }, 'error')).toBe(false);
  });
});
