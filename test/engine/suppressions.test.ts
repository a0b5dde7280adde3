import { describe, expect, it } from 'vitest';
import {
  applySuppressions,
  parseSuppressionComment,
  type Suppression,
} from '../../src/engine/suppressions.js';
import type { Finding } from '../../src/engine/types.js';

const finding = (line: number, ruleId = 'hardcoded-paths'): Finding => ({
  ruleId,
  severity: 'error',
  message: 'm',
  file: 'a.py',
  line,
  help: 'h',
  fingerprint: 'f',
});

const suppression = (line: number, rules: string[]): Suppression => ({
  file: 'a.py',
  lines: [line, line + 1],
  line,
  column: 1,
  rules,
  reason: 'why',
  used: false,
});

describe('suppression comments', () => {
  it('parse rule lists and reasons', () => {
    expect(parseSuppressionComment('x = 1  # handoff: ignore[a-rule, other] legacy path')).toEqual({
      rules: ['a-rule', 'other'],
      reason: 'legacy path',
      column: 8,
    });
    expect(parseSuppressionComment('# handoff: ignore')).toEqual({
      rules: [],
      reason: '',
      column: 1,
    });
    expect(parseSuppressionComment('# handoff: ignored words')).toBeUndefined();
    expect(parseSuppressionComment('x = "# not handoff"')).toBeUndefined();
  });

  it('silence the named rule on the same line and the line below, and report the unused', () => {
    const findings = [finding(3), finding(4), finding(9), finding(10, 'other-rule')];
    const unused = applySuppressions(findings, [
      suppression(3, ['hardcoded-paths']),
      suppression(10, ['hardcoded-paths']),
      suppression(20, []),
    ]);
    expect(findings.map((f) => Boolean(f.suppressed))).toEqual([true, true, false, false]);
    expect(findings[0].suppressed).toEqual({ kind: 'inline', reason: 'why' });
    expect(unused.map((s) => s.line)).toEqual([10, 20]);
  });
});
