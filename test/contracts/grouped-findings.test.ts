import { describe, expect, it } from 'vitest';
import { contractsLabel, GroupedFindings } from '../../src/contracts/grouped-findings.js';
import type { RuleContext } from '../../src/engine/types.js';
import type { ModelContract } from '../../src/contracts/types.js';
import type { Report } from '../../src/engine/types.js';

function model(file: string, index: number, name: string): ModelContract {
  return { file, index, name, examples: [], at: { file, line: index + 2, column: 5 } };
}

function collector(): { ctx: RuleContext; reports: Report[] } {
  const reports: Report[] = [];
  return { ctx: { report: (r: Report) => reports.push(r) } as unknown as RuleContext, reports };
}

const AT = { file: 'examples/a.json', line: 3, column: 7 };

describe('contractsLabel', () => {
  it('names one contract, several in one file, and several files', () => {
    expect(contractsLabel([model('x.yml', 0, 'a')])).toBe('contract "a" (x.yml)');
    expect(contractsLabel([model('x.yml', 0, 'a'), model('x.yml', 1, 'b')])).toBe(
      'contracts "a", "b" (x.yml)',
    );
    expect(
      contractsLabel([model('x.yml', 0, 'a'), model('', 0, 'inline'), model('x.yml', 1, 'b')]),
    ).toBe('contracts "a", "b" (x.yml), "inline" (inline in the config)');
  });
});

describe('GroupedFindings', () => {
  it('merges the same finding from several models and keeps different ones apart', () => {
    const findings = new GroupedFindings();
    const a = model('x.yml', 0, 'a');
    const b = model('y.yml', 0, 'b');
    findings.add(a, { at: AT, message: 'bad', related: ['in.json'], fix: 'fix it' });
    findings.add(b, { at: AT, message: 'bad', related: ['in.json'] });
    findings.add(a, { at: AT, message: 'bad' });
    findings.add(b, { at: AT, message: 'bad', severity: 'note' });
    findings.add(b, { at: { ...AT, column: 8 }, message: 'bad' });
    const { ctx, reports } = collector();
    findings.flush(ctx);
    expect(reports).toEqual([
      {
        ...AT,
        message: 'bad — contracts "a" (x.yml), "b" (y.yml)',
        related: ['x.yml', 'in.json', 'y.yml'],
        fix: 'fix it',
      },
      { ...AT, message: 'bad — contract "b" (y.yml)', related: ['y.yml'], severity: 'note' },
      { ...AT, column: 8, message: 'bad — contract "b" (y.yml)', related: ['y.yml'] },
    ]);
  });

  it('leaves out the finding’s own file from related and reports nothing twice', () => {
    const findings = new GroupedFindings();
    const report = findings.reporterFor(model('x.yml', 0, 'a'));
    report({ file: 'x.yml', line: 4, column: 1 }, 'in the contract itself');
    const { ctx, reports } = collector();
    findings.flush(ctx);
    findings.flush(ctx);
    expect(reports).toEqual([
      {
        file: 'x.yml',
        line: 4,
        column: 1,
        message: 'in the contract itself — contract "a" (x.yml)',
        related: [],
      },
    ]);
  });
});
