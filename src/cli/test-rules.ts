// `handoff-gate test-rules <pack>`: run a pack's rules on its annotated fixtures and report every
// annotated line that was not reported and every finding nobody annotated. Exit 0 when all
// rules pass, 1 when one does not, 2 when the pack or its fixtures cannot be used.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Expectation } from '../engine/harness.js';
import type { Finding } from '../engine/types.js';
import { FixturesError, testPack, type PackTestResult } from '../packs/harness.js';
import { openPack } from '../packs/open.js';
import { UsageError } from './usage.js';

export const TEST_RULES_USAGE = `  handoff-gate test-rules <pack> [--rule id,id] [--format text|json]
                                         run a rule pack on its annotated fixtures`;

export async function testRulesCommand(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { rule: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (positionals.length !== 1)
    throw new UsageError('test-rules needs one pack: a pack file or a folder holding one');
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json (got '${values.format}')`);
  }
  const pack = await openPack(positionals[0]);
  const only = values.rule
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = only?.filter((id) => !pack.rules.some((rule) => rule.meta.id === id)) ?? [];
  if (unknown.length) throw new UsageError(`pack '${pack.name}' has no rule ${unknown.join(', ')}`);
  let result: PackTestResult;
  try {
    result = await testPack(pack, only);
  } catch (error) {
    if (!(error instanceof FixturesError)) throw error;
    err.write(`handoff-gate: ${error.message}\n`);
    return 2;
  }
  out.write(
    values.format === 'json'
      ? `${JSON.stringify(jsonReport(pack.name, result), null, 2)}\n`
      : textReport(pack.name, result),
  );
  return result.passed ? 0 : 1;
}

function where(fixtures: string, file: string, line: number, column?: number): string {
  const path = relative(process.cwd(), `${fixtures}/${file}`) || file;
  return `${path}:${line}${column ? `:${column}` : ''}`;
}

function textReport(name: string, result: PackTestResult): string {
  const lines: string[] = [];
  const expectationAt = (e: Expectation) => where(result.fixtures, e.file, e.line);
  const findingAt = (f: Finding) => where(result.fixtures, f.file, f.line, f.column);
  for (const rule of result.rules) {
    const failed = rule.missing.length + rule.unexpected.length > 0;
    const untested = rule.expected === 0 ? ' (no fixture expects a finding: untested)' : '';
    lines.push(
      `${failed ? 'FAIL' : 'ok  '} ${rule.ruleId}: ${rule.matched}/${rule.expected} expected findings${untested}`,
    );
    for (const missing of rule.missing)
      lines.push(`       missing     ${expectationAt(missing)}: expected ${missing.rule} here`);
    for (const finding of rule.unexpected)
      lines.push(`       unexpected  ${findingAt(finding)}: ${finding.message}`);
  }
  for (const finding of result.engine)
    lines.push(`FAIL ${finding.ruleId} at ${findingAt(finding)}: ${finding.message}`);
  for (const e of result.engineMissing)
    lines.push(`FAIL ${expectationAt(e)}: expected ${e.rule} here`);
  for (const stray of result.strays) {
    lines.push(
      `FAIL ${expectationAt(stray)}: annotation names '${stray.rule}', which is not a rule of pack '${name}'`,
    );
  }
  const failing = result.rules.filter((r) => r.missing.length + r.unexpected.length > 0).length;
  lines.push(
    '',
    result.passed
      ? `${name}: all ${result.rules.length} rules pass on their fixtures`
      : `${name}: ${failing} of ${result.rules.length} rules fail${result.engine.length + result.strays.length + result.engineMissing.length ? ', and the fixtures have problems' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function jsonReport(name: string, result: PackTestResult) {
  return {
    pack: name,
    passed: result.passed,
    fixtures: result.fixtures,
    rules: result.rules.map((rule) => ({
      id: rule.ruleId,
      expected: rule.expected,
      matched: rule.matched,
      missing: rule.missing.map(({ file, line }) => ({ file, line })),
      unexpected: rule.unexpected.map(({ file, line, column, message }) => ({
        file,
        line,
        column,
        message,
      })),
    })),
    engine: result.engine.map(({ ruleId, file, line, message }) => ({
      rule: ruleId,
      file,
      line,
      message,
    })),
    strays: result.strays.map(({ file, line, rule }) => ({ file, line, rule })),
    untested: result.untested,
  };
}
