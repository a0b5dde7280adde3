// Run the model on the examples with the contract's prediction command, and check what it
// prints against the output schema. Per-example mode: one run per example, the example as JSON
// on stdin, one JSON value on stdout. Batch mode: one run, a JSON array in, a JSON array out.
import { join } from 'node:path';
import type { ExampleRecord, Place } from './examples.js';
import type { CompiledSchema } from './json-schema.js';
import {
  describeOutcome,
  runCommand,
  stderrSummary,
  type CommandOptions,
  type CommandResult,
} from './process.js';
import type { PredictDecl } from './types.js';

export interface PredictionInput {
  file: string;
  record: ExampleRecord;
}

export interface PredictionFailure {
  file: string;
  at: Place;
  message: string;
}

/** Runs one command; the schema check passes one that runs a repeated (command, input) once. */
export type CommandRunner = (argv: string[], options: CommandOptions) => Promise<CommandResult>;

export interface PredictionRun {
  failures: PredictionFailure[];
  ran: number;
  /** Examples not run: over the cap, or after a failure that would repeat (timeout, cannot start). */
  notRun: number;
}

function outputPreview(stdout: string): string {
  const text = stdout.trim();
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}...` : JSON.stringify(text);
}

function failureText(result: CommandResult, predict: PredictDecl, name: string): string {
  return `prediction command ${describeOutcome(result, predict.timeoutMs, predict.maxOutput)} on example \`${name}\`; stderr: ${stderrSummary(result.stderrTail)}`;
}

function failed(result: CommandResult): boolean {
  return Boolean(
    result.spawnError ||
    result.timedOut ||
    result.outputExceeded ||
    result.signal ||
    result.exitCode !== 0,
  );
}

/** A failure that would happen again on every example: stop instead of repeating it. */
function repeats(result: CommandResult): boolean {
  return Boolean(result.spawnError || result.timedOut);
}

function parseOutput(stdout: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(stdout) as unknown };
  } catch {
    return undefined;
  }
}

function checkOutput(
  input: PredictionInput,
  value: unknown,
  output: CompiledSchema | undefined,
  failures: PredictionFailure[],
): void {
  if (!output) return;
  for (const error of output.validate(value).slice(0, 5)) {
    failures.push({
      file: input.file,
      at: input.record.at,
      message: `output for example \`${input.record.name}\` does not match the output schema: ${error.message}`,
    });
  }
}

export async function runPredictions(
  root: string,
  predict: PredictDecl,
  inputs: PredictionInput[],
  output: CompiledSchema | undefined,
  maxRuns: number,
  execute: CommandRunner = runCommand,
): Promise<PredictionRun> {
  const cwd = join(root, predict.cwd);
  const run: PredictionRun = { failures: [], ran: 0, notRun: Math.max(0, inputs.length - maxRuns) };
  const selected = inputs.slice(0, maxRuns);
  if (predict.mode === 'batch') {
    if (selected.length === 0) return run;
    const result = await execute(predict.argv, {
      cwd,
      input: `${JSON.stringify(selected.map((i) => i.record.value))}\n`,
      timeoutMs: predict.timeoutMs,
      maxOutput: predict.maxOutput,
      env: { ...predict.env, HANDOFF_EXAMPLE: 'batch' },
    });
    run.ran = selected.length;
    const first = selected[0];
    if (failed(result)) {
      run.failures.push({
        file: first.file,
        at: first.record.at,
        message: failureText(result, predict, `batch of ${selected.length}`),
      });
      return run;
    }
    const parsed = parseOutput(result.stdout);
    if (!parsed || !Array.isArray(parsed.value)) {
      run.failures.push({
        file: first.file,
        at: first.record.at,
        message: `prediction command (batch) did not print a JSON array: ${outputPreview(result.stdout)}`,
      });
      return run;
    }
    if (parsed.value.length !== selected.length) {
      run.failures.push({
        file: first.file,
        at: first.record.at,
        message: `prediction command (batch) printed ${parsed.value.length} outputs for ${selected.length} examples`,
      });
    }
    parsed.value
      .slice(0, selected.length)
      .forEach((value, i) => checkOutput(selected[i], value, output, run.failures));
    return run;
  }
  for (const [index, input] of selected.entries()) {
    const result = await execute(predict.argv, {
      cwd,
      input: `${JSON.stringify(input.record.value)}\n`,
      timeoutMs: predict.timeoutMs,
      maxOutput: predict.maxOutput,
      env: { ...predict.env, HANDOFF_EXAMPLE: input.record.name },
    });
    run.ran++;
    if (failed(result)) {
      run.failures.push({
        file: input.file,
        at: input.record.at,
        message: failureText(result, predict, input.record.name),
      });
      if (repeats(result)) {
        run.notRun += selected.length - index - 1;
        break;
      }
      continue;
    }
    const parsed = parseOutput(result.stdout);
    if (!parsed) {
      run.failures.push({
        file: input.file,
        at: input.record.at,
        message: `prediction command printed output that is not JSON for example \`${input.record.name}\`: ${outputPreview(result.stdout)}`,
      });
      continue;
    }
    checkOutput(input, parsed.value, output, run.failures);
  }
  return run;
}
