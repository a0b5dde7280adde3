import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempTree } from '../support/tree.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

function repo(files: Record<string, string>): string {
  return tempTree('handoff-cli', files);
}

afterEach(() => vi.restoreAllMocks());

describe('handoff-gate CLI', () => {
  it('exits 1 when the gate fails and 0 with --fail-on never', async () => {
    const root = repo({ 'a.py': 'P = "/home/alice/x.csv"\n' });
    const io = capture();
    expect(await main(['check', root, '--fail-on', 'warning', '--no-color'])).toBe(1);
    expect(io.out()).toContain('hardcoded-paths');
    expect(await main(['check', root, '--fail-on', 'never'])).toBe(0);
  });

  it('exits 2 with a located message for a broken config', async () => {
    const root = repo({ 'handoff.yml': 'fail-on: warn\n' });
    const io = capture();
    expect(await main(['check', root])).toBe(2);
    expect(io.err()).toMatch(/handoff\.yml:1:\d+: .*fail-on/);
  });

  it('exits 2 for usage errors: unknown command, option, format or rule', async () => {
    const root = repo({ 'a.py': 'x = 1\n' });
    const io = capture();
    expect(await main(['scan', root])).toBe(2);
    expect(await main(['check', root, '--bogus'])).toBe(2);
    expect(await main(['check', root, '--format', 'xml'])).toBe(2);
    expect(await main(['check', root, '--rules', 'hardcoded-path'])).toBe(2);
    expect(io.err()).toContain("--format must be one of text, json, sarif, markdown (got 'xml')");
    expect(io.err()).toContain('unknown rule id: hardcoded-path');
  });

  it('writes the chosen format to --output and accepts switches before the command', async () => {
    const root = repo({ 'a.py': 'P = "/raid/team/data.csv"\n' });
    const output = join(root, 'report.sarif');
    capture();
    await main(['check', root, '--format', 'sarif', '--output', output, '--fail-on', 'never']);
    expect(JSON.parse(readFileSync(output, 'utf8')).runs[0].results).toEqual([]);
    await main([
      '--strict',
      'check',
      root,
      '--format',
      'sarif',
      '--output',
      output,
      '--fail-on',
      'never',
    ]);
    const strict = JSON.parse(readFileSync(output, 'utf8'));
    expect(strict.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'hardcoded-paths',
    ]);
  });
});
