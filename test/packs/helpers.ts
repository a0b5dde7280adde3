// Small packs and repositories written into temporary folders for the pack tests.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { harnessConfig } from '../../src/engine/harness.js';
import type { Finding } from '../../src/engine/types.js';
import { testPack, type PackTestResult } from '../../src/packs/harness.js';
import { loadPackFile } from '../../src/packs/load.js';
import type { LoadedPack } from '../../src/packs/types.js';
import { run } from '../../src/run.js';
import { tempFolder, writeTree } from '../support/tree.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A temporary folder holding `files`, removed after the test. */
export function folder(files: Record<string, string | number> = {}): string {
  const temp = tempFolder('hg-packs');
  cleanups.push(temp.remove);
  writeTree(temp.path, files);
  return temp.path;
}

/** A pack file's text: the `t` pack with these rules (YAML list items, indented by two). */
export function packYaml(rules: string, header = ''): string {
  return `name: t\nversion: 1.0.0\nengine: '*'\n${header}rules:\n${rules}`;
}

/** A one-rule pack: `t/r` with this `match` (YAML, indented under `match:`) and extra keys. */
export function oneRule(match: string, extra = ''): string {
  return packYaml(
    `  - id: r\n    title: T\n    docs: { what: w, why: y, fix: f }\n${extra}    match:\n${match
      .split('\n')
      .map((line) => (line ? `      ${line}` : line))
      .join('\n')}\n`,
  );
}

export async function loadPack(dir: string, name = 'pack.yml'): Promise<LoadedPack> {
  return loadPackFile(join(dir, name), {
    source: `./${name}`,
    display: name,
    path: join(dir, name),
  });
}

/** Run a pack over a repository: the findings as `file:line:column message` (column when set). */
export async function findings(pack: string, files: Record<string, string>): Promise<string[]> {
  const dir = folder({ ...files, 'pack.yml': pack });
  const loaded = await loadPack(dir);
  const result = await run({
    root: dir,
    ruleSet: loaded.rules,
    config: harnessConfig(loaded.rules, {}),
  });
  return result.findings.map(show);
}

export function show(finding: Finding): string {
  const column = finding.column === undefined ? '' : `:${finding.column}`;
  return `${finding.file}:${finding.line}${column} ${finding.message}`;
}

/** A pack with annotated fixtures, tested by the harness `test-rules` uses. */
export async function harness(
  pack: string,
  fixtures: Record<string, string>,
): Promise<PackTestResult> {
  const entries = Object.fromEntries(
    Object.entries(fixtures).map(([path, text]) => [`fixtures/${path}`, text]),
  );
  const dir = folder({ ...entries, 'pack.yml': pack });
  return testPack(await loadPack(dir));
}

/** A compact account of a harness result, for assertions that show what went wrong. */
export function summary(result: PackTestResult): string[] {
  return [
    ...result.rules.flatMap((rule) => [
      ...rule.missing.map((e) => `missing ${e.file}:${e.line} ${e.rule}`),
      ...rule.unexpected.map((f) => `unexpected ${show(f)}`),
    ]),
    ...result.engine.map((f) => `engine ${f.ruleId} ${show(f)}`),
    ...result.strays.map((e) => `stray ${e.file}:${e.line} ${e.rule}`),
  ];
}
