import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { ROOT, finding, result } from './build.js';

const plain = (r: Parameters<typeof formatText>[0]) => formatText(r, { color: false });

describe('formatText', () => {
  it('groups findings by file with line:col, severity, rule, message and the hint below', () => {
    const text = plain(
      result({
        findings: [
          finding({ file: 'src/train.py', line: 12, column: 4, message: 'second file' }),
          finding({
            file: 'src/load.py',
            line: 3,
            column: 18,
            severity: 'warning',
            message: 'first file',
            help: 'Read it from config',
          }),
          finding({
            file: 'src/load.py',
            line: 10,
            column: 1,
            ruleId: 'pinned-dependencies',
            message: 'later',
          }),
        ],
      }),
    );
    const lines = text.split('\n');
    const load = lines.indexOf('src/load.py');
    const train = lines.indexOf('src/train.py');
    expect(load).toBeGreaterThanOrEqual(0);
    expect(train).toBeGreaterThan(load);
    expect(lines[load + 1]).toBe('  3:18  warning  hardcoded-paths      first file');
    expect(lines[load + 2]).toBe(
      ' '.repeat(lines[load + 1].indexOf('first')) + '→ Read it from config',
    );
    expect(lines[load + 3]).toBe('  10:1  error    pinned-dependencies  later');
    expect(lines[train + 1]).toBe('  12:4  error    hardcoded-paths  second file');
  });

  it('places notebook findings by cell and line', () => {
    const text = plain(
      result({
        findings: [
          finding({
            file: 'nb/explore.ipynb',
            line: 45,
            cell: { index: 7, line: 3 },
            message: 'bad',
          }),
        ],
      }),
    );
    expect(text).toContain('  cell 7, line 3  error    hardcoded-paths  bad');
  });

  it('makes absolute paths under the root relative and lists repo-level findings', () => {
    const text = plain(
      result({
        findings: [
          finding({ file: `${ROOT}/src/a.py`, line: 1 }),
          finding({ ruleId: 'internal-error', file: '', line: 1, message: "rule 'x' failed" }),
        ],
      }),
    );
    expect(text.split('\n')[0]).toBe('(repository)');
    expect(text).toContain('\nsrc/a.py\n');
    expect(text).not.toContain(ROOT);
  });

  it('ends with counts, filtered counts, every skipped file, notices and the verdict', () => {
    const text = plain(
      result({
        findings: [finding(), finding({ severity: 'warning' })],
        filtered: [
          finding({ suppressed: { kind: 'inline' } }),
          finding({ suppressed: { kind: 'baseline' } }),
          finding(),
        ],
        skipped: [
          { path: 'data/big.csv', reason: 'too-large', size: 50 * 1024 * 1024 },
          { path: 'model.bin', reason: 'binary' },
        ],
        notices: ['the PR changes the policy'],
      }),
    );
    expect(text).toContain(
      '✖ 2 problems (1 error, 1 warning, 0 notes), 12 files checked in 345 ms',
    );
    expect(text).toContain('Not reported: 1 suppressed inline, 1 baselined, 1 outside the scope.');
    expect(text).toContain('Skipped 2 files (not checked):');
    expect(text).toMatch(/data\/big\.csv\s+too large, 50 MiB/);
    expect(text).toMatch(/model\.bin\s+binary/);
    expect(text).toContain('notice the PR changes the policy');
    expect(text.trimEnd().split('\n').at(-1)).toBe('failed: 1 error at or above fail-on error');
  });

  it('links each rule with findings to its docs once', () => {
    const text = plain(
      result({
        findings: [
          finding({ ruleId: 'hardcoded-paths' }),
          finding({ ruleId: 'hardcoded-paths' }),
          finding({ ruleId: 'pinned-dependencies' }),
        ],
      }),
    );
    expect(text).toContain(
      'Rule docs:\n  hardcoded-paths      https://example.test/rules/hardcoded-paths.md\n  pinned-dependencies  https://example.test/rules/pinned-dependencies.md\n',
    );
  });

  it('summarises a long skipped list instead of flooding, but counts every file', () => {
    const skipped = Array.from({ length: 70 }, (_, i) => ({
      path: `img/${i}.png`,
      reason: 'binary' as const,
    }));
    const text = plain(result({ skipped }));
    expect(text).toContain('Skipped 70 files (not checked):');
    expect(text).toContain('… and 20 more');
    expect(text.match(/img\/\d+\.png/g)).toHaveLength(50);
  });

  it('reports a clean pass', () => {
    const text = plain(result());
    expect(text).toContain('✔ No problems, 12 files checked in 345 ms');
    expect(text.trimEnd().endsWith('passed: no findings')).toBe(true);
  });

  it('colours only when asked', () => {
    const r = result({ findings: [finding()] });
    expect(formatText(r, { color: false })).not.toContain('\u001b[');
    expect(formatText(r, { color: true })).toContain('\u001b[31merror');
  });

  it('shows terminal escape sequences and bidi overrides from the repository instead of obeying them', () => {
    const text = plain(
      result({
        findings: [
          finding({ file: 'evil\u001b[2J.py', message: 'clear\u001b]0;pwned\u0007 \u202eabc' }),
        ],
      }),
    );
    const unsafe = [...text].filter((ch) => (ch < ' ' && ch !== '\n') || ch === '\u202e');
    expect(unsafe).toEqual([]);
    expect(text).toContain('evil\\u001b[2J.py');
    expect(text).toContain('\\u202eabc');
  });

  it('keeps multi-line messages aligned under the message column', () => {
    const text = plain(
      result({ findings: [finding({ line: 2, column: 1, message: 'first\nsecond', help: '' })] }),
    );
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.endsWith('first'));
    expect(lines[at + 1]).toBe(' '.repeat(lines[at].indexOf('first')) + 'second');
  });
});
