// End to end: the built dist/index.js run as the GitHub runner runs it (INPUT_* variables with
// hyphens kept, GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP) on a temp copy
// of a small fixture repository, checking what the runner would read back.
import { builtDist } from '../support/built-dist.js';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseCommands, parseOutputFile, type Command } from '../action/runner-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/e2e/repo');
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** 1-based line of the first line containing `needle` in a fixture file. */
function lineOf(file: string, needle: string): number {
  const index = readFileSync(join(FIXTURE, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}
const PY_LINE = lineOf('src/load.py', '/home/alice/data.csv');
const NB_LINE = lineOf('notebooks/explore.ipynb', '/home/alice/data.csv');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

let DIST = '';
beforeAll(() => {
  DIST = builtDist().index;
}, 600_000);

/** What the runner sets for inputs the workflow leaves out: action.yml's defaults. */
function defaultInputs(): Record<string, string> {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined) env[inputVariable(name)] = String(input.default);
  }
  return env;
}

/** The runner's name for an input: upper-cased, spaces to underscores, hyphens kept. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  commands: Command[];
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  runnerTemp: string;
}

function runAction(inputs: Record<string, string>, setup?: (workspace: string) => void): ActionRun {
  const dir = mkdtempSync(join(tmpdir(), 'hg-e2e-'));
  tempDirs.push(dir);
  const workspace = join(dir, 'workspace');
  const runnerTemp = join(dir, 'runner-temp');
  cpSync(FIXTURE, workspace, { recursive: true });
  mkdirSync(runnerTemp);
  setup?.(workspace);
  const outputFile = join(dir, 'github-output');
  const summaryFile = join(dir, 'step-summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    ...defaultInputs(),
  };
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  const child = spawnSync(process.execPath, [DIST], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    commands: parseCommands(child.stdout),
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
    runnerTemp,
  };
}

const annotations = (run: ActionRun, command: string) =>
  run.commands.filter((c) => c.command === command && c.props.file !== undefined);

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

describe('dist/index.js as a workflow step', () => {
  it('fail-on error with warnings: passes, annotates both places, writes SARIF, summary and outputs', () => {
    const run = runAction({ config: '.github/handoff.yml', 'fail-on': 'error' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const sarifPath = join(run.runnerTemp, 'handoff-gate.sarif');
    expect(run.outputs).toEqual({
      findings: '2',
      errors: '0',
      warnings: '2',
      passed: 'true',
      'sarif-file': sarifPath,
      'json-file': '',
    });

    const warnings = annotations(run, 'warning');
    expect(warnings.map((w) => [w.props.file, w.props.line])).toEqual([
      ['notebooks/explore.ipynb', String(NB_LINE)],
      ['src/load.py', String(PY_LINE)],
    ]);
    expect(warnings[0].message.split('\n')[0]).toMatch(/\(cell 2, line 1\)$/);
    expect(warnings.every((w) => w.props.title === 'hardcoded-paths (handoff-gate)')).toBe(true);
    expect(annotations(run, 'error')).toEqual([]);

    expect(run.summary).toContain('### ✅ handoff-gate passed: 0 errors, 2 warnings, 0 notes');
    expect(run.summary).toContain(
      `https://github.com/octo/models/blob/${SHA}/src/load.py#L${PY_LINE}`,
    );
    expect(run.summary).toContain(`notebooks/explore.ipynb?plain=1#L${NB_LINE}`);
    expect(run.summary).toContain('cell 2, line 1');

    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'test/fixtures/report/sarif/sarif-2.1.0.json'), 'utf8'),
    );
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(schema, sarif)).toBe(true);
    const located = sarif.runs[0].results.map(
      (r: {
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        }[];
      }) => [
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region.startLine,
      ],
    );
    expect(located).toEqual([
      ['notebooks/explore.ipynb', NB_LINE],
      ['src/load.py', PY_LINE],
    ]);
  });

  it('fail-on warning with warnings: fails the step with the reason', () => {
    const run = runAction({ config: '.github/handoff.yml', 'fail-on': 'warning' });
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.commands.at(-1)).toEqual({
      command: 'error',
      props: {},
      message: 'handoff-gate failed: 2 warnings at or above fail-on warning',
    });
    expect(run.summary).toContain('### ❌ handoff-gate failed');
  });

  it('fail-on never: passes whatever is found', () => {
    const run = runAction({ config: '.github/handoff.yml', 'fail-on': 'never' });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ findings: '2', passed: 'true' });
  });

  it('errors: ::error lines on the exact lines, JSON file on request, exit 1', () => {
    const run = runAction(
      { config: '.github/handoff.yml', 'fail-on': 'error', 'json-file': 'reports/handoff.json' },
      (ws) =>
        writeFileSync(
          join(ws, '.github/handoff.yml'),
          'extends: []\nrules:\n  hardcoded-paths: error\n',
        ),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error file=src/load.py,line=${PY_LINE},`);
    expect(run.stdout).toContain(`::error file=notebooks/explore.ipynb,line=${NB_LINE},`);
    expect(run.outputs).toMatchObject({
      findings: '2',
      errors: '2',
      warnings: '0',
      passed: 'false',
    });
    const jsonPath = join(run.workspace, 'reports/handoff.json');
    expect(run.outputs['json-file']).toBe(jsonPath);
    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(report.findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([
      ['notebooks/explore.ipynb', NB_LINE],
      ['src/load.py', PY_LINE],
    ]);
    expect(report.findings[0].cell).toEqual({ index: 2, line: 1 });
    expect(run.commands.at(-1)!.message).toBe(
      'handoff-gate failed: 2 errors at or above fail-on error',
    );
  });

  it('a broken config: one located ::error per problem and a failed step', () => {
    const run = runAction({ config: '.github/handoff.yml', 'fail-on': 'error' }, (ws) =>
      writeFileSync(
        join(ws, '.github/handoff.yml'),
        '# policy\nfail-on: error\nfail-on: warning\n',
      ),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error file=.github/handoff.yml,line=3');
    const located = run.commands.filter(
      (c) => c.command === 'error' && c.props.file === '.github/handoff.yml',
    );
    expect(located.length).toBeGreaterThanOrEqual(1);
    expect(located[0].props.line).toBe('3');
    expect(run.commands.at(-1)!.message).toMatch(/^handoff-gate: the configuration is invalid/);
    expect(run.outputs.passed).toBe('false');
  });

  it('a bad input value: a clear error naming the allowed values, and no scan', () => {
    const run = runAction({ 'fail-on': 'warn' });
    expect(run.status).toBe(1);
    expect(run.commands.at(-1)!.message).toBe(
      'handoff-gate: invalid input: fail-on must be one of error, warning, never (got "warn")',
    );
    expect(existsSync(join(run.runnerTemp, 'handoff-gate.sarif'))).toBe(false);
  });
});
