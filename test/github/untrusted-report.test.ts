// The fork's artifact is untrusted: a real report round-trips, anything hostile is refused with
// a clear message, and claimed counts or verdicts are recomputed from the findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_REPORT_BYTES,
  UntrustedReportError,
  parseUntrustedReport,
  readPullNumberFile,
  readUntrustedReport,
} from '../../src/github/untrusted-report.js';
import { formatJson, toJsonReport } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { finding, result } from '../report/build.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-untrusted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = '/work/repo';

function report(mutate: (data: Record<string, unknown>) => void = () => {}): string {
  const data = toJsonReport(
    result({
      findings: [
        finding({ file: 'src/a.py', line: 3, column: 2, cell: undefined }),
        finding({ severity: 'warning', file: 'nb.ipynb', line: 9, cell: { index: 2, line: 1 } }),
      ],
      notices: ['policy from base'],
    }),
  ) as unknown as Record<string, unknown>;
  mutate(data);
  return JSON.stringify(data);
}

function refusal(text: string): string {
  try {
    parseUntrustedReport(text, ROOT);
  } catch (error) {
    if (error instanceof UntrustedReportError) return error.message;
    throw error;
  }
  throw new Error('expected the report to be refused');
}

describe('parseUntrustedReport', () => {
  it('rebuilds a real report: findings, counts, verdict, notices', () => {
    const rebuilt = parseUntrustedReport(formatJson(result({ findings: [finding()] })), ROOT);
    expect(rebuilt.findings).toHaveLength(1);
    expect(rebuilt.counts.error).toBe(1);
    expect(rebuilt.passed).toBe(false);
    const full = parseUntrustedReport(report(), ROOT);
    expect(full.findings[1]).toMatchObject({ file: 'nb.ipynb', cell: { index: 2, line: 1 } });
    expect(full.notices).toEqual(['policy from base']);
    expect(full.rules).toEqual([]);
    expect(full.root).toBe(ROOT);
  });

  it('recomputes counts and the verdict rather than trusting them', () => {
    const forged = parseUntrustedReport(
      report((data) => {
        data.passed = true;
        data.counts = { error: 0, warning: 0, note: 0, suppressed: 0, baselined: 0, outOfScope: 0 };
      }),
      ROOT,
    );
    expect(forged.counts).toMatchObject({ error: 1, warning: 1 });
    expect(forged.passed).toBe(false);
  });

  it('refuses paths out of the repository, scripts in links, and oversized text', () => {
    const withFinding = (patch: Record<string, unknown>) =>
      report((data) => {
        (data.findings as Record<string, unknown>[])[0] = {
          ...(data.findings as Record<string, unknown>[])[0],
          ...patch,
        };
      });
    expect(refusal(withFinding({ file: '../../etc/passwd' }))).toMatch(/\/findings\/0\/file/);
    expect(refusal(withFinding({ file: '/etc/passwd' }))).toMatch(/\/findings\/0\/file/);
    expect(refusal(withFinding({ file: 'a\nb.py' }))).toMatch(/\/findings\/0\/file/);
    expect(refusal(withFinding({ helpUri: 'javascript:alert(1)' }))).toMatch(/helpUri/);
    expect(refusal(withFinding({ message: 'x'.repeat(10_001) }))).toMatch(/message/);
    expect(refusal(withFinding({ line: 0 }))).toMatch(/line/);
    expect(refusal(withFinding({ ruleId: '<img src=x>' }))).toMatch(/ruleId/);
    expect(refusal(report((data) => (data.version = 2)))).toMatch(/\/version/);
    expect(refusal(report((data) => (data.tool = { name: 'other', version: '1' })))).toMatch(
      /\/tool\/name/,
    );
    expect(refusal('not json')).toMatch(/^the report is not JSON/);
    expect(refusal('[]')).toMatch(/must be object/);
  });

  it('escapes what it renders: markdown from a hostile message cannot inject', () => {
    const hostile = parseUntrustedReport(
      report((data) => {
        (data.findings as Record<string, unknown>[])[0].message =
          '<script>alert(1)</script> @team [click](https://evil.test) <!-- handoff-gate:sticky -->';
      }),
      ROOT,
    );
    const body = formatMarkdown(hostile, {});
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('[click](');
    expect(body).not.toContain('<!-- handoff-gate:sticky -->');
    expect(body).toContain('@\u200bteam');
  });

  it('caps the file size and reads the pull request number strictly', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(MAX_REPORT_BYTES + 1, 0x20));
    await expect(readUntrustedReport(big, ROOT)).rejects.toThrow(/the limit is/);
    await expect(readUntrustedReport(join(dir, 'missing.json'), ROOT)).rejects.toThrow(
      /did the artifact download/,
    );
    writeFileSync(join(dir, 'pr-number'), '42\n');
    expect(await readPullNumberFile(join(dir, 'pr-number'))).toBe(42);
    expect(await readPullNumberFile(join(dir, 'none'))).toBeUndefined();
    writeFileSync(join(dir, 'bad'), '42; rm -rf /');
    await expect(readPullNumberFile(join(dir, 'bad'))).rejects.toThrow(/does not hold/);
    writeFileSync(join(dir, 'huge'), '1'.repeat(100));
    await expect(readPullNumberFile(join(dir, 'huge'))).rejects.toThrow(/not a small file/);
  });
});
