// The baseline file: written sorted and reviewable, read back as fingerprints, every problem
// located; and the filters count baselined findings instead of reporting them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BaselineError,
  createBaseline,
  formatBaseline,
  parseBaseline,
  parseBaselineText,
  readBaseline,
} from '../../src/engine/baseline.js';
import { applyFilters } from '../../src/engine/filters.js';
import { finding, result } from '../report/build.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FP = (n: number) => n.toString(16).padStart(32, '0');

function problems(text: string): string[] {
  try {
    parseBaseline(text, 'b.json');
  } catch (error) {
    if (error instanceof BaselineError) {
      return error.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    }
    throw error;
  }
  throw new Error('expected a BaselineError');
}

describe('createBaseline / formatBaseline', () => {
  it('writes one sorted entry per reported finding, and reads back the same fingerprints', () => {
    const findings = [
      finding({ file: 'z.py', ruleId: 'hardcoded-paths', fingerprint: FP(3), message: 'm3' }),
      finding({ file: 'a.py', ruleId: 'pinned-dependencies', fingerprint: FP(2), message: 'm2' }),
      finding({ file: 'a.py', ruleId: 'hardcoded-paths', fingerprint: FP(1), message: 'm1' }),
    ];
    const file = createBaseline(result({ findings }));
    expect(file.version).toBe(1);
    expect(file.tool).toEqual({ name: 'handoff-gate', version: '0.1.0' });
    expect(file.entries.map((e) => e.fingerprint)).toEqual([FP(1), FP(2), FP(3)]);
    expect(file.entries[0]).toEqual({
      fingerprint: FP(1),
      ruleId: 'hardcoded-paths',
      file: 'a.py',
      message: 'm1',
    });
    const text = formatBaseline(file);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseBaseline(text, 'b.json').fingerprints).toEqual(new Set([FP(1), FP(2), FP(3)]));
  });
});

describe('parseBaseline', () => {
  it('accepts unknown keys and entries with only a fingerprint', () => {
    const baseline = parseBaseline(
      JSON.stringify({
        version: 1,
        generatedBy: 'x',
        entries: [{ fingerprint: FP(9), note: 'y' }],
      }),
      'b.json',
    );
    expect(baseline.entries).toEqual([{ fingerprint: FP(9), ruleId: '', file: '', message: '' }]);
  });

  it('locates every problem at once', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "entries": [',
      '    { "fingerprint": "NOT-HEX" },',
      '    { "ruleId": "x" },',
      '    "just a string",',
      `    { "fingerprint": "${FP(1)}", "file": 3 }`,
      '  ]',
      '}',
    ].join('\n');
    expect(problems(text)).toEqual([
      '4:22 entries[0]: "NOT-HEX" is not a fingerprint (lower-case hex, as `handoff-gate baseline` writes)',
      '5:5 entries[1]: missing "fingerprint"',
      '6:5 entries[2]: expected an object with "fingerprint", "ruleId", "file" and "message"',
      '7:66 entries[3]: "file" must be a string',
    ]);
  });

  it('explains a wrong top level, a newer version and malformed JSON', () => {
    expect(problems('[]')).toEqual([
      '1:1 a baseline is a JSON object with "version" and "entries"',
    ]);
    expect(problems('{"entries": []}')).toEqual([
      '1:1 missing "version" (this tool writes version 1)',
    ]);
    expect(problems('{"version": 2, "entries": {}}')).toEqual([
      '1:13 baseline version 2 is newer than this handoff-gate reads (1); upgrade handoff-gate',
      '1:27 "entries" must be a list',
    ]);
    expect(problems('{"version": 1,\n  "entries": [}')[0]).toMatch(/^2:15 invalid JSON/);
  });

  it('refuses binary and missing files with a clear message', async () => {
    expect(() => parseBaselineText('{\0}', 'b.json')).toThrow(
      'b.json:1:1: baseline is binary, not JSON',
    );
    await expect(readBaseline(join(dir, 'missing.json'), 'missing.json')).rejects.toThrow(
      'missing.json:1:1: baseline file not found',
    );
    writeFileSync(join(dir, 'ok.json'), `{"version":1,"entries":[{"fingerprint":"${FP(4)}"}]}`);
    expect((await readBaseline(join(dir, 'ok.json'))).fingerprints.has(FP(4))).toBe(true);
  });
});

describe('baseline in the filters', () => {
  it('counts accepted findings as baselined, before the scope', () => {
    const kept = finding({ fingerprint: FP(1), file: 'a.py', line: 1 });
    const accepted = finding({ fingerprint: FP(2), file: 'a.py', line: 2 });
    const { reported, counts, filtered } = applyFilters({
      findings: [kept, accepted],
      scope: 'all',
      baseline: new Set([FP(2)]),
    });
    expect(reported).toEqual([kept]);
    expect(counts).toMatchObject({ error: 1, baselined: 1 });
    expect(filtered[0].suppressed).toEqual({ kind: 'baseline' });
  });
});
