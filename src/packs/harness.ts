// `handoff-gate test-rules`: run a pack's rules on its annotated fixtures (the same harness the
// built-in rules are tested with) and compare. The fixtures folder is a small repository: globs
// in `files` are relative to it. A rule with `tests:` globs runs only on the fixture files they
// match, and only annotations in those files are expected of it.
import { existsSync, statSync } from 'node:fs';
import { harnessConfig, readExpectations, type Expectation } from '../engine/harness.js';
import { ENGINE_RULES } from '../engine/engine-rules.js';
import type { Finding, Rule } from '../engine/types.js';
import { run } from '../run.js';
import { compileGlobs } from '../workspace/globs.js';
import type { LoadedPack } from './types.js';

export interface RuleTestResult {
  ruleId: string;
  /** `expect` annotations for the rule. */
  expected: number;
  matched: number;
  /** Annotated lines the rule did not report. */
  missing: Expectation[];
  /** Findings of the rule on lines not annotated `expect` for it. */
  unexpected: Finding[];
}

export interface PackTestResult {
  fixtures: string;
  rules: RuleTestResult[];
  /** Findings of the engine (a fixture that does not parse, a rule that crashed) nobody expected. */
  engine: Finding[];
  /** Engine findings an annotation expects (`# expect: parse-error`) that were not reported. */
  engineMissing: Expectation[];
  /** Annotations naming a rule the pack does not have (a typo, or a rule that was renamed). */
  strays: Expectation[];
  /** Rules no annotation expects anything of: they are not tested. */
  untested: string[];
  passed: boolean;
}

export class FixturesError extends Error {
  override name = 'FixturesError';
}

const ENGINE_IDS = new Set([...ENGINE_RULES.map((meta) => meta.id), 'internal-error']);

export async function testPack(
  pack: LoadedPack,
  only?: readonly string[],
): Promise<PackTestResult> {
  const fixtures = pack.fixtures;
  if (!fixtures || !existsSync(fixtures) || !statSync(fixtures).isDirectory()) {
    throw new FixturesError(
      `pack '${pack.name}' has no fixtures folder${fixtures ? ` (looked for ${fixtures})` : ''}; put annotated files in a fixtures/ folder beside the pack file`,
    );
  }
  const rules = only?.length
    ? pack.rules.filter((rule) => only.includes(rule.meta.id))
    : pack.rules;
  const expectations = (await readExpectations(fixtures)).filter((e) => e.kind === 'expect');
  const scopes = new Map(
    rules.map((rule) => [rule.meta.id, scopeOf(pack.tests.get(rule.meta.id))]),
  );

  // Rules without `tests:` share one run over every fixture; each rule with `tests:` runs alone.
  const groups: { rules: Rule[]; paths: string[] }[] = [];
  const shared = rules.filter((rule) => !pack.tests.has(rule.meta.id));
  if (shared.length) groups.push({ rules: shared, paths: [] });
  for (const rule of rules) {
    const globs = pack.tests.get(rule.meta.id);
    if (globs) groups.push({ rules: [rule], paths: globs });
  }
  const findings = new Map<string, Finding>();
  for (const group of groups) {
    const config = { ...harnessConfig(group.rules, {}), paths: group.paths };
    const result = await run({ root: fixtures, ruleSet: group.rules, config });
    for (const finding of result.findings) {
      const key = `${finding.file}\0${finding.line}\0${finding.ruleId}`;
      if (!findings.has(key)) findings.set(key, finding);
    }
  }

  const reported = new Set(findings.keys());
  const key = (e: Expectation) => `${e.file}\0${e.line}\0${e.rule}`;
  const wanted = new Set(expectations.map(key));
  const results = rules.map((rule): RuleTestResult => {
    const id = rule.meta.id;
    const inScope = scopes.get(id)!;
    const expected = expectations.filter((e) => e.rule === id && inScope(e.file));
    const missing = expected.filter((e) => !reported.has(key(e)));
    const unexpected = [...findings.values()].filter(
      (f) => f.ruleId === id && !wanted.has(`${f.file}\0${f.line}\0${f.ruleId}`),
    );
    return {
      ruleId: id,
      expected: expected.length,
      matched: expected.length - missing.length,
      missing,
      unexpected,
    };
  });
  const ids = new Set(pack.rules.map((rule) => rule.meta.id));
  const engine = [...findings.values()].filter(
    (f) => !ids.has(f.ruleId) && !wanted.has(`${f.file}\0${f.line}\0${f.ruleId}`),
  );
  const strays = expectations.filter((e) => !ids.has(e.rule) && !ENGINE_IDS.has(e.rule));
  const missingEngine = expectations.filter((e) => ENGINE_IDS.has(e.rule) && !reported.has(key(e)));
  const untested = results.filter((r) => r.expected === 0).map((r) => r.ruleId);
  const passed =
    results.every((r) => r.missing.length === 0 && r.unexpected.length === 0) &&
    engine.length === 0 &&
    strays.length === 0 &&
    missingEngine.length === 0;
  return {
    fixtures,
    rules: results,
    engine,
    engineMissing: missingEngine,
    strays,
    untested,
    passed,
  };
}

function scopeOf(globs: string[] | undefined): (file: string) => boolean {
  if (!globs?.length) return () => true;
  return compileGlobs(globs);
}
