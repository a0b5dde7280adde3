// The action's main() with a stand-in pipeline, against real runner files in a temp directory.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/action/channels.js';
import { builtinChannels } from '../../src/action/builtin-channels.js';
import { main } from '../../src/action/main.js';
import type { RunResult } from '../../src/engine/result.js';
import type { RunOptions } from '../../src/run.js';
import { finding, many, result } from '../report/build.js';
import { parseCommands, parseOutputFile } from './runner-files.js';

let dir: string;
let workspace: string;
let outputFile: string;
let summaryFile: string;
let runnerTemp: string;
let stdout: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hg-main-'));
  workspace = join(dir, 'workspace');
  runnerTemp = join(dir, 'temp');
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  outputFile = join(dir, 'output');
  summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  vi.stubEnv('GITHUB_WORKSPACE', workspace);
  vi.stubEnv('RUNNER_TEMP', runnerTemp);
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
  vi.stubEnv('GITHUB_REPOSITORY', 'octo/repo');
  vi.stubEnv('GITHUB_SHA', 'c'.repeat(40));
  vi.stubEnv('GITHUB_RUN_ID', '77');
  vi.stubEnv('GITHUB_EVENT_PATH', '');
  vi.stubEnv('INPUT_SCOPE', 'all');
  vi.stubEnv('INPUT_STRICT', 'false');
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function pipeline(value: RunResult | Error) {
  return vi.fn(async (options: RunOptions): Promise<RunResult> => {
    if (value instanceof Error) throw value;
    return { ...value, root: options.root };
  });
}

const outputs = () => parseOutputFile(readFileSync(outputFile, 'utf8'));
const commands = () => parseCommands(stdout.join(''));
const exitCode = () => process.exitCode;

describe('main', () => {
  it('passes: runs in the workspace, writes SARIF to RUNNER_TEMP, sets outputs and the summary', async () => {
    const run = pipeline(
      result({ findings: [finding({ severity: 'warning', file: 'src/a.py', line: 4 })] }),
    );
    await main({ run });

    expect(run).toHaveBeenCalledWith({
      root: workspace,
      configFile: undefined,
      paths: undefined,
      failOn: undefined,
      scope: 'all',
      strict: undefined,
    });
    expect(exitCode()).toBeUndefined();
    const sarifPath = join(runnerTemp, 'handoff-gate.sarif');
    expect(outputs()).toEqual({
      findings: '1',
      errors: '0',
      warnings: '1',
      passed: 'true',
      'sarif-file': sarifPath,
      'json-file': '',
    });
    expect(JSON.parse(readFileSync(sarifPath, 'utf8')).runs[0].results).toHaveLength(1);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('### ✅ handoff-gate passed: 0 errors, 1 warning, 0 notes');
    expect(summary).toContain(`(https://github.com/octo/repo/blob/${'c'.repeat(40)}/src/a.py#L4)`);
    expect(commands().filter((c) => c.command === 'warning')).toHaveLength(1);
    expect(commands().some((c) => c.command === 'error')).toBe(false);
  });

  it('fails the step with a one-line reason, after the annotations', async () => {
    const run = pipeline(
      result({
        findings: [
          finding({ file: 'src/load.py', line: 3, column: 18 }),
          finding({ file: 'src/z.py' }),
        ],
      }),
    );
    await main({ run });

    expect(exitCode()).toBe(1);
    const errors = commands().filter((c) => c.command === 'error');
    expect(errors[0].props).toMatchObject({ file: 'src/load.py', line: '3', col: '18' });
    expect(errors.at(-1)).toEqual({
      command: 'error',
      props: {},
      message: 'handoff-gate failed: 2 errors at or above fail-on error',
    });
    expect(outputs()).toMatchObject({ findings: '2', errors: '2', passed: 'false' });
  });

  it('passes fail-on, paths, config and strict through to the pipeline', async () => {
    writeFileSync(join(workspace, 'policy.yml'), 'fail-on: error\n');
    vi.stubEnv('INPUT_FAIL-ON', 'warning');
    vi.stubEnv('INPUT_PATHS', 'src/**\nnotebooks/**');
    vi.stubEnv('INPUT_CONFIG', 'policy.yml');
    vi.stubEnv('INPUT_STRICT', 'true');
    vi.stubEnv('INPUT_SCOPE', 'changed-lines');
    const run = pipeline(result({ failOn: 'warning' }));
    await main({ run });
    expect(run).toHaveBeenCalledWith({
      root: workspace,
      configFile: 'policy.yml',
      paths: ['src/**', 'notebooks/**'],
      failOn: 'warning',
      scope: 'changed-lines',
      strict: true,
    });
  });

  it('writes SARIF and JSON where asked, relative to the workspace', async () => {
    vi.stubEnv('INPUT_SARIF-FILE', 'reports/out.sarif');
    vi.stubEnv('INPUT_JSON-FILE', 'reports/out.json');
    await main({ run: pipeline(result({ findings: [finding()] })) });
    const sarif = join(workspace, 'reports/out.sarif');
    const json = join(workspace, 'reports/out.json');
    expect(outputs()).toMatchObject({ 'sarif-file': sarif, 'json-file': json });
    expect(JSON.parse(readFileSync(json, 'utf8')).counts.error).toBe(1);
    expect(existsSync(sarif)).toBe(true);
  });

  it('rejects a bad input before running, with the expected values', async () => {
    vi.stubEnv('INPUT_FAIL-ON', 'warn');
    const run = pipeline(result());
    await main({ run });
    expect(run).not.toHaveBeenCalled();
    expect(exitCode()).toBe(1);
    const errors = commands().filter((c) => c.command === 'error');
    expect(errors[0].message).toBe('fail-on must be one of error, warning, never (got "warn")');
    expect(errors.at(-1)!.message).toBe(
      'handoff-gate: invalid input: fail-on must be one of error, warning, never (got "warn")',
    );
    expect(outputs().passed).toBe('false');
  });

  it('rejects a config input that does not exist', async () => {
    vi.stubEnv('INPUT_CONFIG', '.github/missing.yml');
    const run = pipeline(result());
    await main({ run });
    expect(run).not.toHaveBeenCalled();
    expect(exitCode()).toBe(1);
    expect(commands().at(-1)!.message).toContain(
      'config: .github/missing.yml does not exist in the workspace',
    );
  });

  it('turns a ConfigError into one located error per problem', async () => {
    const error = Object.assign(new Error('invalid config'), {
      name: 'ConfigError',
      problems: [
        {
          file: join(workspace, '.github/handoff.yml'),
          line: 3,
          column: 1,
          key: 'fail-on',
          message: 'fail-on: map keys must be unique',
        },
        {
          file: '.github/handoff.yml',
          line: 7,
          column: 5,
          key: 'rules.x',
          message: 'unknown rule "x"',
        },
      ],
    });
    await main({ run: pipeline(error) });
    expect(exitCode()).toBe(1);
    const errors = commands().filter((c) => c.command === 'error');
    expect(
      errors.slice(0, 2).map((c) => [c.props.file, c.props.line, c.props.col, c.message]),
    ).toEqual([
      ['.github/handoff.yml', '3', '1', 'fail-on: map keys must be unique'],
      ['.github/handoff.yml', '7', '5', 'unknown rule "x"'],
    ]);
    expect(stdout.join('')).toContain('::error file=.github/handoff.yml,line=3,col=1,');
    expect(errors.at(-1)!.message).toBe(
      'handoff-gate: the configuration is invalid (2 problems, shown above)',
    );
  });

  it('never passes silently when the pipeline crashes', async () => {
    await main({ run: pipeline(new TypeError('boom\nat somewhere')) });
    expect(exitCode()).toBe(1);
    expect(commands().at(-1)!.message).toBe('handoff-gate failed to run: boom');
    expect(readFileSync(summaryFile, 'utf8')).toContain('### ❌ handoff-gate: could not run');
    expect(outputs().passed).toBe('false');
  });

  it('fails soft when a channel fails: a warning, the rest still run, the verdict stands', async () => {
    const broken: Channel = {
      name: 'check-run',
      async write() {
        throw new Error('Resource not accessible by integration (403)');
      },
    };
    await main({ run: pipeline(result()), channels: [broken, ...builtinChannels()] });
    expect(exitCode()).toBeUndefined();
    const warning = commands().find((c) => c.command === 'warning');
    expect(warning?.message).toContain(
      'could not write the check-run report: Resource not accessible by integration (403)',
    );
    expect(outputs().passed).toBe('true');
    expect(readFileSync(summaryFile, 'utf8')).toContain('handoff-gate passed');
  });

  it('logs the text report with workflow commands switched off around repository text', async () => {
    const run = pipeline(result({ findings: [finding({ message: 'x\n::warning::injected' })] }));
    await main({ run });
    const log = stdout.join('');
    expect(log).toContain('::stop-commands::');
    expect(log).toContain('::warning::injected');
    // Only the escaped annotation carries the text; the log copy is inert.
    expect(commands().filter((c) => c.message === 'injected')).toHaveLength(0);
  });

  it('caps the job summary at 1 MiB on a huge result', async () => {
    await main({
      run: pipeline(result({ findings: many(30_000, 'warning', { message: 'm'.repeat(60) }) })),
    });
    const summary = readFileSync(summaryFile);
    expect(summary.length).toBeLessThanOrEqual(1024 * 1024);
    expect(summary.toString('utf8')).toMatch(/\d+ findings not shown/);
    const shown = commands().filter((c) => c.command === 'warning');
    expect(shown).toHaveLength(10);
    expect(commands().some((c) => c.message.includes('29990 more warnings not shown'))).toBe(true);
  });
});
