// Running the built action on a pull request the way the runner does: INPUT_* variables (hyphens
// kept) from action.yml's defaults and the test's inputs, GITHUB_EVENT_PATH with a real payload
// shape, GITHUB_API_URL at the loopback GitHub, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files
// read back afterwards. The child runs asynchronously so the fake server in this process can
// answer it, and is killed if it runs too long.
import { builtDist } from '../../support/built-dist.js';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCommands, parseOutputFile, type Command } from '../../action/runner-files.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = join(ROOT, 'dist/index.js');
export const CLI = join(ROOT, 'dist/cli.js');
export const FIXTURE = join(ROOT, 'test/fixtures/pr/repo');
export const TOKEN = 'ghs_faketoken';

/** The bundle these tests run: a private copy of dist/, set by ensureBuilt(). */
export const built = { index: DIST, cli: CLI };

export function ensureBuilt(): void {
  const copy = builtDist();
  built.index = copy.index;
  built.cli = copy.cli;
}

/** The runner's name for an input: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

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

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  commands: Command[];
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

export interface RunSpec {
  workspace: string;
  eventName: string;
  payload: unknown;
  inputs?: Record<string, string>;
  apiUrl?: string;
  repository?: string;
  sha?: string;
  /** Run another entry point (src/index.ts through tsx, for example). */
  command?: string[];
}

const temps: string[] = [];

export function cleanUp(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export async function runAction(spec: RunSpec): Promise<ActionRun> {
  const dir = tempDir('hg-pr-run-');
  const runnerTemp = join(dir, 'runner-temp');
  mkdirSync(runnerTemp);
  const outputFile = join(dir, 'github-output');
  const summaryFile = join(dir, 'step-summary');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(spec.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: spec.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: spec.eventName,
    RUNNER_TEMP: runnerTemp,
    GITHUB_REPOSITORY: spec.repository ?? 'octo/models',
    GITHUB_SHA: spec.sha ?? '0'.repeat(39) + '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: spec.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    HANDOFF_GATE_RETRY_BASE_MS: '5',
    ...defaultInputs(),
    [inputVariable('github-token')]: TOKEN,
  };
  for (const [name, value] of Object.entries(spec.inputs ?? {})) env[inputVariable(name)] = value;
  const [program, ...args] = spec.command ?? [process.execPath, built.index];
  const child = spawn(program, args, { cwd: spec.workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    status,
    stdout,
    stderr,
    commands: parseCommands(stdout),
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp,
  };
}
