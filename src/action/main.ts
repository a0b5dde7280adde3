// The GitHub Action: read the inputs, run the pipeline on the workspace, deliver the reports
// through the channels, set the outputs and fail the step when the gate fails. Every failure
// path ends in a failed step with a one-line reason; none can pass silently.
import { appendFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { BaselineError } from '../engine/baseline.js';
import type { RunResult } from '../engine/result.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { readGitHubEvent, type GitHubEvent } from '../github/event.js';
import { prepareRun, type Prepared } from '../github/prepare.js';
import { createPackResolver } from '../packs/resolve.js';
import { verdictLine } from '../report/common.js';
import { mdMessage } from '../report/markdown-text.js';
import { workflowCommand } from '../report/workflow-command.js';
import { allRuleMetas, type RunOptions } from '../run.js';
import { runChannels, type Channel, type ChannelLog } from './channels.js';
import { configErrorCommands, configProblemText, isConfigError } from './config-error.js';
import { actionChannels, type GitHubReporting } from './github-channels.js';
import { readRunContext, workspacePath, type RunContext } from './github-env.js';
import { readGitHubInputs, type GitHubInputs } from './github-inputs.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { publishReport } from './publish-mode.js';

export interface MainDeps {
  /** The pipeline (src/run.ts), passed in so the action can be tested without it. */
  run: (options: RunOptions) => Promise<RunResult>;
  /** Report channels, in order; the built-in ones by default. */
  channels?: Channel[];
}

const log: ChannelLog = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
};

export async function main(deps: MainDeps): Promise<void> {
  let workspace = process.cwd();
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const github = readGitHubInputs((name) => core.getInput(name));
    const context = readRunContext(process.env, process.cwd(), tmpdir());
    workspace = context.workspace;
    const event = readGitHubEvent(process.env);
    for (const problem of event.problems) core.debug(problem);
    const client = githubClient(github, event);

    if (github.mode === 'publish') {
      const published = await publishReport({ inputs, github, context, event, client, log });
      setResultOutputs(published.result, published.outputs);
      core.info(`handoff-gate published a report that ${verdictLine(published.result)}`);
      return;
    }
    checkWorkspace(context, inputs);

    const prepared = await prepareRun({
      root: context.workspace,
      event,
      client,
      scope: github.scope,
      policySource: github.policySource,
      configFile: inputs.config,
      baseline: github.baseline,
      rules: allRuleMetas(),
      cli: { failOn: inputs.failOn, strict: inputs.strict || undefined },
      packResolver: () => createPackResolver({ root: context.workspace }),
      log,
    });
    const result = await deps.run({ ...runOptions(inputs, context), ...preparedOptions(prepared) });
    result.notices.push(...prepared.notices);
    const pr = event.pullRequest;
    const reporting: GitHubReporting = {
      client,
      repo: event.repo,
      headSha: pr?.headSha ?? event.sha,
      pullNumber: pr?.number,
      fromFork: pr?.fromFork ?? false,
      checkRun: github.checkRun,
      comment: github.comment,
      annotatedInCheckRun: false,
    };
    const { outputs } = await runChannels(
      deps.channels ?? actionChannels(reporting),
      { result, inputs, run: context },
      log,
    );
    setResultOutputs(result, outputs);

    const verdict = `handoff-gate ${verdictLine(result)}`;
    if (result.passed) core.info(verdict);
    else core.setFailed(verdict);
  } catch (error) {
    fail(error, workspace);
  }
}

/** Retry backoff unit for the GitHub API; tests shrink it (1 to 1000 ms, 1000 by default). */
const RETRY_BASE_ENV = 'HANDOFF_GATE_RETRY_BASE_MS';

function githubClient(inputs: GitHubInputs, event: GitHubEvent): GitHubClient | undefined {
  if (!inputs.githubToken) return undefined;
  const base = Number(process.env[RETRY_BASE_ENV]);
  return createGitHubClient({
    token: inputs.githubToken,
    baseUrl: event.apiUrl,
    ...(Number.isInteger(base) && base >= 1 && base <= 1000 ? { retryBaseMs: base } : {}),
    log: (message) => core.info(message),
  });
}

/** What the pull request adds to the pipeline's options (only what it knows). */
function preparedOptions(prepared: Prepared): Partial<RunOptions> {
  return {
    scope: prepared.scope,
    ...(prepared.changed ? { changed: prepared.changed } : {}),
    ...(prepared.baseRef ? { baseRef: prepared.baseRef } : {}),
    ...(prepared.config ? { config: prepared.config } : {}),
    ...(prepared.baseline ? { baseline: prepared.baseline } : {}),
  };
}

function setResultOutputs(result: RunResult, outputs: Record<string, string>): void {
  setOutputs({
    findings: String(result.counts.error + result.counts.warning + result.counts.note),
    errors: String(result.counts.error),
    warnings: String(result.counts.warning),
    passed: String(result.passed),
    'sarif-file': outputs['sarif-file'] ?? '',
    'json-file': outputs['json-file'] ?? '',
    ...outputs,
  });
}

export function runOptions(inputs: ActionInputs, context: RunContext): RunOptions {
  return {
    root: context.workspace,
    configFile: inputs.config,
    paths: inputs.paths,
    failOn: inputs.failOn,
    scope: inputs.scope,
    // Only an explicit true overrides the config; false leaves its `strict` in force.
    strict: inputs.strict || undefined,
  };
}

/** Problems the pipeline would report less clearly: no workspace, or a config path that is not there. */
function checkWorkspace(context: RunContext, inputs: ActionInputs): void {
  if (!isDirectory(context.workspace)) {
    throw new InputError([
      `the workspace ${context.workspace} is not a directory (is GITHUB_WORKSPACE set, and did actions/checkout run?)`,
    ]);
  }
  if (inputs.config && !isFile(workspacePath(context.workspace, inputs.config))) {
    throw new InputError([
      `config: ${inputs.config} does not exist in the workspace (${context.workspace})`,
    ]);
  }
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) {
    try {
      core.setOutput(name, value);
    } catch (error) {
      core.warning(
        `handoff-gate could not set output ${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function fail(error: unknown, workspace: string): void {
  try {
    core.setOutput('passed', 'false');
  } catch {
    // Outputs are a convenience; the failed status below is what matters.
  }
  if (error instanceof InputError) {
    for (const problem of error.problems)
      core.error(problem, { title: 'handoff-gate: invalid input' });
    core.setFailed(
      error.problems.length === 1
        ? `handoff-gate: invalid input: ${error.problems[0]}`
        : `handoff-gate: ${error.problems.length} invalid inputs (shown above)`,
    );
    return;
  }
  if (error instanceof BaselineError) {
    const commands = error.problems.map((problem) =>
      workflowCommand('error', problem.message, {
        file: problem.file,
        line: problem.line,
        col: problem.column,
        title: 'handoff-gate: invalid baseline',
      }),
    );
    process.stdout.write(commands.join('\n') + '\n');
    failureSummary(
      'invalid baseline',
      error.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
    );
    core.setFailed(
      `handoff-gate: the baseline is invalid (${commands.length} problem${commands.length === 1 ? '' : 's'}, shown above)`,
    );
    return;
  }
  if (isConfigError(error)) {
    const commands = configErrorCommands(error, workspace);
    process.stdout.write(commands.join('\n') + '\n');
    failureSummary(
      'invalid configuration',
      error.problems.map((problem) => configProblemText(problem, workspace)),
    );
    core.setFailed(
      `handoff-gate: the configuration is invalid (${commands.length} problem${commands.length === 1 ? '' : 's'}, shown above)`,
    );
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) core.debug(error.stack);
  failureSummary('could not run', [message]);
  core.setFailed(`handoff-gate failed to run: ${message.split('\n')[0]}`);
}

/**
 * Without a result there is no report, but the run's summary page should still say why the
 * step failed. Best effort: the annotations and the failed status already carry it.
 */
function failureSummary(what: string, problems: string[]): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const lines = [
    `### ❌ handoff-gate: ${what}`,
    '',
    ...problems.slice(0, 100).map((p) => `- ${mdMessage(p)}`),
  ];
  if (problems.length > 100) lines.push(`- … and ${problems.length - 100} more (see the log)`);
  try {
    appendFileSync(file, lines.join('\n') + '\n', 'utf8');
  } catch (error) {
    core.debug(`no job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
