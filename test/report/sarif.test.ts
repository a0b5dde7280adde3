import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { FINGERPRINT_KEY, SRCROOT, formatSarif } from '../../src/report/sarif.js';
import { ROOT, finding, result } from './build.js';

// Both are CommonJS: under NodeNext the default import is module.exports, which carries `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const schema = JSON.parse(
  readFileSync(new URL('../fixtures/report/sarif/sarif-2.1.0.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/* eslint-disable @typescript-eslint/no-explicit-any */
function sarifOf(...args: Parameters<typeof result>): any {
  const text = formatSarif(result(...args));
  const log = JSON.parse(text);
  const valid = validate(log);
  if (!valid) throw new Error(`SARIF does not validate: ${ajv.errorsText(validate.errors)}`);
  return log;
}

describe('formatSarif', () => {
  it('the schema rejects what it should (the validator is not vacuous)', () => {
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {}, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it('describes the tool and each rule with its four docs parts', () => {
    const log = sarifOf({ findings: [finding({ ruleId: 'pinned-dependencies' })] });
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'handoff-gate', version: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const [rule] = driver.rules;
    expect(rule).toMatchObject({
      id: 'pinned-dependencies',
      name: 'PinnedDependencies',
      shortDescription: { text: 'Title of pinned-dependencies' },
      fullDescription: { text: 'What pinned-dependencies does.' },
      defaultConfiguration: { level: 'error' },
    });
    for (const part of [
      'What pinned-dependencies does.',
      'Why pinned-dependencies matters.',
      'Do the right thing for pinned-dependencies.',
    ]) {
      expect(rule.help.text).toContain(part);
      expect(rule.help.markdown).toContain(part);
    }
    expect(rule.help.markdown).toContain("```python\nopen('/home/alice/data.csv')\n```");
    expect(rule.helpUri).toMatch(/docs\/rules\/pinned-dependencies\.md$/);
  });

  it('locates results relative to %SRCROOT% with the full region and fingerprint', () => {
    const log = sarifOf({
      findings: [
        finding({
          file: `${ROOT}/src/my data#1.py`,
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 40,
          severity: 'warning',
          fingerprint: 'abc123',
        }),
      ],
    });
    const run = log.runs[0];
    expect(run.originalUriBaseIds[SRCROOT].uri).toBe('file:///work/repo/');
    const [res] = run.results;
    expect(res.ruleId).toBe('hardcoded-paths');
    expect(run.tool.driver.rules[res.ruleIndex].id).toBe('hardcoded-paths');
    expect(res.level).toBe('warning');
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/my%20data%231.py', uriBaseId: SRCROOT },
      region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 40 },
    });
    expect(res.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'abc123' });
  });

  it('names the notebook cell in the message and in properties', () => {
    const log = sarifOf({
      findings: [
        finding({ file: 'nb/a.ipynb', line: 45, message: 'bad path', cell: { index: 7, line: 3 } }),
      ],
    });
    const [res] = log.runs[0].results;
    expect(res.message.text).toBe('bad path (cell 7, line 3)');
    expect(res.properties.cell).toEqual({ index: 7, line: 3 });
    expect(res.locations[0].physicalLocation.region.startLine).toBe(45);
  });

  it('keeps filtered findings as suppressed or out-of-scope results', () => {
    const log = sarifOf({
      findings: [finding()],
      filtered: [
        finding({ suppressed: { kind: 'inline', reason: 'scratch space' } }),
        finding({ suppressed: { kind: 'baseline' } }),
        finding({}),
      ],
    });
    const results = log.runs[0].results;
    expect(results).toHaveLength(4);
    expect(results[0].suppressions).toBeUndefined();
    expect(results[1].suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'scratch space' },
    ]);
    expect(results[2].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(results[2].suppressions[0].justification).toMatch(/baseline/);
    expect(results[3].suppressions).toBeUndefined();
    expect(results[3].properties.outOfScope).toBe(true);
  });

  it('describes engine rules that did not "run" and keeps ruleIndex consistent', () => {
    const log = sarifOf({
      findings: [
        finding({ ruleId: 'hardcoded-paths' }),
        finding({ ruleId: 'parse-error', severity: 'warning' }),
        finding({ ruleId: 'my-pack/custom', severity: 'note' }),
      ],
    });
    const { rules } = log.runs[0].tool.driver;
    for (const res of log.runs[0].results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    const parse = rules.find((r: any) => r.id === 'parse-error');
    expect(parse.shortDescription.text).toBe('File could not be parsed');
    expect(rules.find((r: any) => r.id === 'my-pack/custom').name).toBe('MyPackCustom');
  });

  it('never emits an unlocated result: repo-level findings are anchored or become notifications', () => {
    const log = sarifOf({
      findings: [
        finding({
          ruleId: 'train-predict-separation',
          file: '',
          data: { chain: ['serve/app.py', 'train/fit.py'] },
        }),
        finding({ ruleId: 'internal-error', file: '', message: "rule 'x' failed" }),
      ],
      skipped: [{ path: 'data/big.csv', reason: 'too-large', size: 50 * 1024 * 1024 }],
      notices: ['the PR changes the policy'],
    });
    const run = log.runs[0];
    expect(run.results).toHaveLength(1);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('serve/app.py');
    expect(run.results[0].properties.chain).toEqual(['serve/app.py', 'train/fit.py']);
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes.map((n: any) => n.message.text)).toEqual([
      "rule 'x' failed",
      'Skipped data/big.csv (too large, 50 MiB): not checked.',
      'the PR changes the policy',
    ]);
    expect(notes[0].level).toBe('error');
  });

  it('records the verdict and counts in run properties', () => {
    const log = sarifOf({ findings: [finding()], failOn: 'warning' });
    expect(log.runs[0].properties).toMatchObject({
      passed: false,
      failOn: 'warning',
      scope: 'all',
      counts: { error: 1, warning: 0 },
    });
  });

  it('drops impossible positions instead of writing an invalid region', () => {
    const log = sarifOf({
      findings: [finding({ line: 0, column: -3, endLine: 0, endColumn: Number.NaN })],
    });
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('validates for arbitrary findings (property)', () => {
    const arbFinding: fc.Arbitrary<Finding> = fc.record({
      ruleId: fc.constantFrom('hardcoded-paths', 'parse-error', 'x/y'),
      severity: fc.constantFrom('error' as const, 'warning' as const, 'note' as const),
      message: fc.string(),
      file: fc.oneof(
        fc.constant(''),
        fc.string({ minLength: 1 }).map((s) => `d/${s}.py`),
      ),
      line: fc.integer({ min: -2, max: 10_000 }),
      column: fc.option(fc.integer({ min: -2, max: 500 }), { nil: undefined }),
      endLine: fc.option(fc.integer({ min: -2, max: 10_000 }), { nil: undefined }),
      endColumn: fc.option(fc.integer({ min: -2, max: 500 }), { nil: undefined }),
      cell: fc.option(fc.record({ index: fc.nat(), line: fc.nat() }), { nil: undefined }),
      help: fc.string(),
      fingerprint: fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }),
      related: fc.option(fc.array(fc.string()), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(arbFinding, { maxLength: 8 }),
        fc.array(arbFinding, { maxLength: 4 }),
        (findings, filtered) => {
          const log = sarifOf({
            findings,
            filtered: filtered.map((f, i) => ({
              ...f,
              suppressed: i % 2 ? { kind: 'inline' } : undefined,
            })),
          });
          for (const res of log.runs[0].results) {
            expect(res.locations[0].physicalLocation.artifactLocation.uri).not.toBe('');
            expect(log.runs[0].tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
