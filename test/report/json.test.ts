import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_FORMAT_VERSION, formatJson } from '../../src/report/json.js';
import { ROOT, finding, result } from './build.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const parse = (...args: Parameters<typeof result>): any => JSON.parse(formatJson(result(...args)));

const FINDING_KEYS = [
  'ruleId',
  'severity',
  'message',
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'cell',
  'help',
  'helpUri',
  'fingerprint',
  'related',
  'data',
].sort();

describe('formatJson', () => {
  it('has the documented top-level keys, always present', () => {
    const report = parse();
    expect(Object.keys(report).sort()).toEqual(
      [
        'version',
        'tool',
        'passed',
        'verdict',
        'failOn',
        'scope',
        'configSource',
        'counts',
        'filesScanned',
        'durationMs',
        'findings',
        'filtered',
        'rules',
        'skipped',
        'notices',
      ].sort(),
    );
    expect(report.version).toBe(JSON_FORMAT_VERSION);
    expect(report.tool).toEqual({ name: 'handoff-gate', version: '0.1.0' });
    expect(report.passed).toBe(true);
    expect(report.verdict).toBe('passed: no findings');
  });

  it('writes every finding key, null when absent, with root-relative paths', () => {
    const report = parse({
      findings: [
        finding({
          file: `${ROOT}/nb/explore.ipynb`,
          line: 45,
          column: 9,
          endLine: 45,
          endColumn: 30,
          cell: { index: 7, line: 3 },
          related: [`${ROOT}/src/util.py`],
          fingerprint: 'f00',
        }),
        finding({ file: 'src/a.py', line: 2, column: undefined, helpUri: undefined }),
      ],
    });
    const [nb, py] = report.findings;
    expect(Object.keys(nb).sort()).toEqual(FINDING_KEYS);
    expect(Object.keys(py).sort()).toEqual(FINDING_KEYS);
    expect(nb).toMatchObject({
      file: 'nb/explore.ipynb',
      line: 45,
      column: 9,
      endLine: 45,
      endColumn: 30,
      cell: { index: 7, line: 3 },
      related: ['src/util.py'],
      fingerprint: 'f00',
      data: null,
    });
    expect(py).toMatchObject({
      column: null,
      endLine: null,
      endColumn: null,
      cell: null,
      helpUri: null,
      related: [],
    });
  });

  it('uses null for the file of a repository-level finding', () => {
    const report = parse({ findings: [finding({ ruleId: 'internal-error', file: '' })] });
    expect(report.findings[0].file).toBeNull();
  });

  it('says why each filtered finding was not reported', () => {
    const report = parse({
      filtered: [
        finding({ suppressed: { kind: 'inline', reason: 'scratch' } }),
        finding({ suppressed: { kind: 'baseline' } }),
        finding(),
      ],
    });
    expect(report.filtered.map((f: any) => f.filter)).toEqual([
      { kind: 'inline', reason: 'scratch' },
      { kind: 'baseline', reason: null },
      { kind: 'out-of-scope', reason: null },
    ]);
    expect(report.counts).toEqual({
      error: 0,
      warning: 0,
      note: 0,
      suppressed: 1,
      baselined: 1,
      outOfScope: 1,
    });
  });

  it('lists rules with their docs link, and skipped files with size or null', () => {
    const report = parse({
      findings: [finding({ ruleId: 'pinned-dependencies' })],
      skipped: [
        { path: 'a.bin', reason: 'binary' },
        { path: 'b.csv', reason: 'too-large', size: 99 },
      ],
    });
    expect(report.rules).toEqual([
      {
        id: 'pinned-dependencies',
        title: 'Title of pinned-dependencies',
        severity: 'error',
        defaultSeverity: 'error',
        helpUri: expect.stringMatching(/docs\/rules\/pinned-dependencies\.md$/),
      },
    ]);
    expect(report.skipped).toEqual([
      { path: 'a.bin', reason: 'binary', size: null },
      { path: 'b.csv', reason: 'too-large', size: 99 },
    ]);
  });

  it('serialises rule data even when it is not plain JSON', () => {
    const data: Record<string, unknown> = {
      chain: ['a.py', 'b.py'],
      big: 10n,
      nan: Number.NaN,
      fn: () => 1,
    };
    data.self = data;
    const report = parse({ findings: [finding({ data })] });
    expect(report.findings[0].data).toEqual({
      chain: ['a.py', 'b.py'],
      big: '10',
      nan: null,
      self: null,
    });
  });

  it('matches the example keys in docs/json-format.md', () => {
    const doc = readFileSync(new URL('../../docs/json-format.md', import.meta.url), 'utf8');
    const example = JSON.parse(/## Example\n\n```json\n([\s\S]*?)\n```/.exec(doc)![1]);
    const report = parse({
      findings: [finding()],
      filtered: [finding({ suppressed: { kind: 'inline' } })],
    });
    expect(Object.keys(example).sort()).toEqual(Object.keys(report).sort());
    expect(Object.keys(example.findings[0]).sort()).toEqual(Object.keys(report.findings[0]).sort());
    expect(Object.keys(example.filtered[0]).sort()).toEqual(Object.keys(report.filtered[0]).sort());
    expect(Object.keys(example.rules[0]).sort()).toEqual(Object.keys(report.rules[0]).sort());
    expect(Object.keys(example.counts).sort()).toEqual(Object.keys(report.counts).sort());
  });
});

describe('explanations', () => {
  it('appear only when the run was asked to explain', () => {
    expect(JSON.parse(formatJson(result()))).not.toHaveProperty('explanations');
    const explained = JSON.parse(
      formatJson(
        result({ explanations: { 'train-predict-separation': ['serving app.py: route'] } }),
      ),
    );
    expect(explained.explanations).toEqual({
      'train-predict-separation': ['serving app.py: route'],
    });
  });
});
