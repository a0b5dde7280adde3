import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.js';
import { mdCode, mdFence, mdMessage } from '../../src/report/markdown-text.js';
import { mermaidChain } from '../../src/report/mermaid.js';
import { finding, many, result } from './build.js';

const LINK_BASE = 'https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/';

function tableRows(md: string): string[] {
  return md.split('\n').filter((line) => /^\| (❌|⚠️|ℹ️) /.test(line));
}

describe('formatMarkdown', () => {
  it('leads with the verdict and counts', () => {
    const md = formatMarkdown(
      result({
        findings: [finding(), finding({ severity: 'warning' })],
        skipped: [{ path: 'x.bin', reason: 'binary' }],
      }),
    );
    const [headline] = md.split('\n');
    expect(headline).toBe('### ❌ handoff-gate failed: 1 error, 1 warning, 0 notes');
    expect(md).toContain('**failed: 1 error at or above fail-on error**');
    expect(md).toContain('12 files checked');
    expect(md).toContain('1 file skipped');
  });

  it('says passed with no findings, and lists what was filtered', () => {
    const md = formatMarkdown(
      result({
        filtered: [
          finding({ suppressed: { kind: 'inline' } }),
          finding({ suppressed: { kind: 'baseline' } }),
        ],
      }),
    );
    expect(md.split('\n')[0]).toBe('### ✅ handoff-gate passed: no findings');
    expect(md).toContain('Not reported: 1 suppressed inline, 1 baselined.');
    expect(tableRows(md)).toHaveLength(0);
  });

  it('has a summary table per rule and a findings table per rule with the fix hint', () => {
    const md = formatMarkdown(
      result({
        findings: [
          finding({
            ruleId: 'pinned-dependencies',
            severity: 'warning',
            file: 'requirements.txt',
            line: 2,
          }),
          finding({ ruleId: 'hardcoded-paths', file: 'src/load.py', line: 3 }),
          finding({
            ruleId: 'hardcoded-paths',
            file: 'src/train.py',
            line: 9,
            help: 'use DATA_DIR',
          }),
        ],
      }),
    );
    expect(md).toMatch(
      /\| \[`hardcoded-paths`\]\([^)]*hardcoded-paths\.md\) \| Title of hardcoded-paths \| 2 \| 0 \| 0 \|/,
    );
    expect(md).toMatch(/\| \[`pinned-dependencies`\]\([^)]*\) \| [^|]+ \| 0 \| 1 \| 0 \|/);
    // Rules with errors come before rules with only warnings.
    expect(md.indexOf('#### [`hardcoded-paths`]')).toBeLessThan(
      md.indexOf('#### [`pinned-dependencies`]'),
    );
    expect(md).toContain('**How to fix:** Do the right thing for hardcoded-paths.');
    const rows = tableRows(md);
    expect(rows[0]).toBe('| ❌ error | `src/load.py:3` | problem ' + rows[0].split('problem ')[1]);
    // A row repeats only a fix that differs from the rule's.
    expect(rows[1]).toContain('<br>**Fix:** use DATA\\_DIR');
    expect(rows[0]).not.toContain('**Fix:**');
  });

  it('links locations to the line when the repository URL is known, notebooks in plain view', () => {
    const md = formatMarkdown(
      result({
        findings: [
          finding({ file: 'src/my file.py', line: 3, endLine: 5 }),
          finding({ file: 'nb/explore.ipynb', line: 45, cell: { index: 7, line: 3 } }),
        ],
      }),
      { linkBase: LINK_BASE },
    );
    expect(md).toContain(`[\`src/my file.py:3\`](${LINK_BASE}src/my%20file.py#L3-L5)`);
    expect(md).toContain(
      `[\`nb/explore.ipynb\` cell 7, line 3](${LINK_BASE}nb/explore.ipynb?plain=1#L45)`,
    );
  });

  it('cannot be broken by hostile messages: pipes, HTML, comments, mentions', () => {
    const md = formatMarkdown(
      result({
        findings: [
          finding({
            message: 'a | b <!-- hide --> <img src=x> @octocat `x|y` [link](http://e)\nnext',
          }),
        ],
      }),
    );
    const [row] = tableRows(md);
    // The row stays one row with exactly four cell separators.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    expect(row).not.toContain('<!--');
    expect(row).not.toContain('<img');
    expect(row).toContain('@\u200bocto');
    expect(row).toContain('`x\\|y`');
    // No link can form: its brackets are escaped.
    expect(row).toContain('\\[link\\](http://e)');
    expect(row).not.toMatch(/(?<!\\)\]\(/);
  });

  it('draws a Mermaid graph for a finding with a chain', () => {
    const md = formatMarkdown(
      result({
        findings: [
          finding({
            ruleId: 'train-predict-separation',
            file: 'serve/app.py',
            line: 2,
            data: { chain: ['serve/app.py', 'pkg/model.py', 'train/fit.py'] },
          }),
        ],
      }),
    );
    expect(md).toContain(
      '```mermaid\nflowchart LR\n  n0["serve/app.py"]\n  n0 --> n1["pkg/model.py"]\n  n1 --> n2["train/fit.py"]\n```',
    );
  });

  it('lists skipped files and notices', () => {
    const md = formatMarkdown(
      result({
        skipped: [
          { path: 'data/big.csv', reason: 'too-large', size: 3 * 1024 * 1024 },
          { path: 'img.png', reason: 'binary' },
        ],
        notices: ['This pull request changes .github/handoff.yml; the base version was used.'],
      }),
    );
    expect(md).toContain('<details><summary>Skipped 2 files (not checked)</summary>');
    expect(md).toContain('- `data/big.csv`: too large, 3.0 MiB');
    expect(md).toContain('- `img.png`: binary');
    expect(md).toContain('</details>');
    expect(md).toContain(
      '> [!NOTE]\n> This pull request changes .github/handoff.yml; the base version was used.',
    );
  });

  it('truncates whole rows to maxChars and says how many were left out and where', () => {
    const findings = [...many(300, 'error'), ...many(300, 'warning')];
    const full = formatMarkdown(result({ findings }));
    expect(tableRows(full)).toHaveLength(600);
    const md = formatMarkdown(result({ findings }), {
      maxChars: 20_000,
      detailsUrl: 'https://github.com/o/r/actions/runs/9',
    });
    expect(md.length).toBeLessThanOrEqual(20_000);
    const rows = tableRows(md);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(600);
    // Every kept row is complete and errors were kept before warnings.
    for (const row of rows) expect(row.endsWith(' |')).toBe(true);
    expect(rows[0]).toContain('error');
    expect(md).toContain(
      `${600 - rows.length} findings not shown: this report is limited to 20,000 characters.`,
    );
    expect(md).toContain('[the full results](https://github.com/o/r/actions/runs/9)');
    // The summary table still counts everything.
    expect(md).toMatch(/\| 300 \| 300 \| 0 \|/);
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('respects a byte limit for multi-byte text', () => {
    const findings = many(200, 'error', { message: 'ünïcödé 数据 '.repeat(20) });
    const md = formatMarkdown(result({ findings }), { maxBytes: 30_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(30_000);
    expect(md).toContain('limited to 30,000 bytes');
  });

  it('always fits maxChars, whatever the result (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 6_000 }),
        fc.string({ maxLength: 200 }),
        (count, maxChars, message) => {
          const md = formatMarkdown(
            result({
              findings: many(count, 'warning', {
                message,
                data: { chain: ['a.py', message || 'b'] },
              }),
              skipped: [{ path: 'big.bin', reason: 'binary' }],
            }),
            { maxChars },
          );
          expect(md.length).toBeLessThanOrEqual(maxChars);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('stays fast on a huge result', () => {
    const findings = many(20_000, 'warning');
    const md = formatMarkdown(result({ findings }), { maxChars: 65_536 });
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).toMatch(/\d+ findings not shown/);
  });
});

describe('markdown text helpers', () => {
  it('keeps code spans, escapes the rest', () => {
    expect(mdMessage('use `pandas==2.2.2` *now*')).toBe('use `pandas==2.2.2` \\*now\\*');
    expect(mdMessage('unbalanced ` tick')).toBe('unbalanced \\` tick');
  });

  it('wraps text with backticks in a longer code span', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
  });

  it('fences code that itself contains a fence', () => {
    expect(mdFence('```\ncode\n```', 'md')).toBe('````md\n```\ncode\n```\n````');
  });

  it('escapes Mermaid labels and folds long chains', () => {
    const graph = mermaidChain(['a"b.py', '<x>.py']);
    expect(graph).toContain('n0["a#34;b.py"]');
    expect(graph).toContain('n1["#60;x#62;.py"]');
    const long = mermaidChain(Array.from({ length: 30 }, (_, i) => `m${i}.py`));
    expect(long).toContain('… 19 more …');
    expect(long.split('\n').filter((l) => l.includes('["'))).toHaveLength(12);
  });
});
