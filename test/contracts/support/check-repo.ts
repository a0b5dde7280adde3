// Run rules on a fixture repository against its base revision and compare the findings with
// the repository's `# expect:` annotations and `.expect` sidecars (as the fixture harness does,
// plus a base revision, which the harness does not take).
import { harnessConfig, readExpectations, type Expectation } from '../../../src/engine/harness.js';
import type { Finding, Rule } from '../../../src/engine/types.js';
import { run } from '../../../src/run.js';

export interface RepoCheck {
  findings: Finding[];
  missing: Expectation[];
  unexpected: Finding[];
  matched: number;
}

export async function checkRepo(
  root: string,
  rules: Rule[],
  baseRef: string | undefined,
  options: Record<string, Record<string, unknown>> = {},
): Promise<RepoCheck> {
  const config = harnessConfig(rules, { options });
  const result = await run({ root, ruleSet: rules, config, ...(baseRef ? { baseRef } : {}) });
  const expected = (await readExpectations(root)).filter((e) => e.kind === 'expect');
  const key = (file: string, line: number, rule: string) => `${file}\0${line}\0${rule}`;
  const reported = new Set(result.findings.map((f) => key(f.file, f.line, f.ruleId)));
  const wanted = new Set(expected.map((e) => key(e.file, e.line, e.rule)));
  const missing = expected.filter((e) => !reported.has(key(e.file, e.line, e.rule)));
  return {
    findings: result.findings,
    missing,
    unexpected: result.findings.filter((f) => !wanted.has(key(f.file, f.line, f.ruleId))),
    matched: expected.length - missing.length,
  };
}

/** `file:line message` lines, for readable assertion failures. */
export function describeFindings(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} [${f.severity}] ${f.message}`);
}
