// schema-acceptance for one model: its schemas compile, its examples validate against the input
// schema (each error on the offending value's line), its schema changes since the PR base do
// not break callers (input) or consumers (output), and its prediction command's outputs
// validate against the output schema. Models that share a schema file, an example or a
// prediction command share the work and the findings: each is checked or run once per run.
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { RuleContext } from '../engine/types.js';
import { matchFiles } from './discover.js';
import {
  exampleFormat,
  readCsvExamples,
  readJsonExample,
  readJsonlExamples,
  readParquetExamples,
  type ExampleFile,
} from './examples.js';
import { GroupedFindings, type PendingFinding } from './grouped-findings.js';
import { compileSchema, type CompiledSchema } from './json-schema.js';
import { runPredictions, type CommandRunner, type PredictionInput } from './predict.js';
import { runCommand, type CommandResult } from './process.js';
import { mayRunCommands, type RunPolicyOptions } from './run-policy.js';
import {
  diffSchemas,
  isBreaking,
  stableStringify,
  type Direction,
  type SchemaChange,
} from './schema-diff.js';
import { hasExternalRefs, inlineExternalRefs } from './schema-refs.js';
import {
  headRefLoader,
  loadBaseSchema,
  loadHeadSchema,
  parseSchemaText,
  type LoadedSchema,
} from './schema-source.js';
import type { ModelContract } from './types.js';

export interface SchemaCheckOptions extends RunPolicyOptions {
  strictUndeclaredProperties: boolean;
  maxExamples: number;
  maxErrorsPerFile: number;
  maxPredictions: number;
  maxExampleBytes: number;
}

interface Side {
  loaded: LoadedSchema;
  /** The schema's identity (where its `$ref`s resolve, and its content): equal keys, equal checks. */
  key: string;
  compiled?: CompiledSchema;
}

/** What checking one example file against one input schema found; the same for every model. */
interface CheckedExample {
  findings: PendingFinding[];
  /** Records the schema accepts, to run through the model. */
  accepted: PredictionInput[];
}

/** State shared by the models of one rule run. */
export interface SchemaRun {
  findings: GroupedFindings;
  /** Example files already checked, by file and input schema key. */
  examples: Map<string, Promise<CheckedExample>>;
  /** Runs a prediction command, once per distinct command and input. */
  runCommand: CommandRunner;
}

/** Remembers each run by everything that can change its outcome: command, directory, stdin, env. */
function onceEachRunner(): CommandRunner {
  const runs = new Map<string, Promise<CommandResult>>();
  return (argv, options) => {
    const env = Object.entries(options.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([
      argv,
      options.cwd,
      options.input ?? null,
      options.timeoutMs,
      options.maxOutput,
      env,
    ]);
    let result = runs.get(key);
    if (!result) {
      result = runCommand(argv, options);
      runs.set(key, result);
    }
    return result;
  };
}

export function createSchemaRun(): SchemaRun {
  return { findings: new GroupedFindings(), examples: new Map(), runCommand: onceEachRunner() };
}

const SUMMARY_SHOWN = 6;

type Reporter = ReturnType<GroupedFindings['reporterFor']>;

/** Check one model; findings go to `run.findings`, which the caller flushes after all models. */
export async function checkModelSchemas(
  ctx: RuleContext,
  model: ModelContract,
  options: SchemaCheckOptions,
  run: SchemaRun,
): Promise<void> {
  const report = run.findings.reporterFor(model);
  const decision = await mayRunCommands(ctx, model, options);
  const needsRun =
    model.predict || model.input?.kind === 'command' || model.output?.kind === 'command';
  if (needsRun && !decision.run) {
    report(
      model.predict?.at ?? model.at,
      `commands of this contract were not run: ${decision.reason}`,
      { severity: 'note' },
    );
  }
  const sides: Partial<Record<Direction, Side>> = {};
  for (const direction of ['input', 'output'] as const) {
    const decl = model[direction];
    if (!decl) continue;
    const head = await loadHeadSchema(ctx, decl, model, decision.run);
    if ('problem' in head) {
      report(head.problem, `${direction} schema: ${head.problem.message}`);
      continue;
    }
    if ('skipped' in head) continue;
    const key = `${head.loaded.refBase}:${createHash('sha256').update(stableStringify(head.loaded.schema)).digest('hex')}`;
    const side: Side = { loaded: head.loaded, key };
    sides[direction] = side;
    // Compiled once per run: models sharing a schema file share its validator.
    const compiled = ctx.shared(`contracts:compiled:${key}`, () =>
      compileSchema(head.loaded.schema, head.loaded.refBase, headRefLoader(ctx)),
    );
    if ('problems' in compiled) {
      for (const problem of compiled.problems) {
        const at =
          problem.file === head.loaded.refBase && head.loaded.origin !== 'command'
            ? head.loaded.locate(problem.pointer)
            : { file: problem.file, line: 1, column: 1 };
        report(at, `${direction} schema: ${problem.message}`);
      }
    } else side.compiled = compiled.compiled;
    const base = await loadBaseSchema(ctx, decl, model, direction, decision.run);
    if (base !== undefined)
      await reportChanges(
        ctx,
        report,
        direction,
        base,
        head.loaded,
        options.strictUndeclaredProperties,
      );
  }

  const inputs = await checkExamples(ctx, model, sides.input, options, run);
  if (model.predict && decision.run) {
    if (inputs.length === 0) {
      report(
        model.predict.at,
        'a prediction command is declared but there are no examples to run it on',
      );
      return;
    }
    const result = await runPredictions(
      ctx.root,
      model.predict,
      inputs,
      sides.output?.compiled,
      options.maxPredictions,
      run.runCommand,
    );
    for (const failure of result.failures) {
      report({ file: failure.file, ...failure.at }, failure.message, {
        related: sides.output ? [sides.output.loaded.file] : [],
        fix: 'Run the command locally with the example on stdin (`cmd < example.json`) and fix the crash or the output shape.',
      });
    }
    if (result.notRun > 0) {
      report(
        model.predict.at,
        `${result.notRun} example${result.notRun > 1 ? 's were' : ' was'} not run through the prediction command (cap \`maxPredictions\`, or a failure that would repeat)`,
        { severity: 'note' },
      );
    }
  }
}

async function readExampleFile(
  ctx: RuleContext,
  file: string,
  schema: unknown,
  options: SchemaCheckOptions,
): Promise<ExampleFile | string> {
  const format = exampleFormat(file);
  if (!format) return 'unknown example format (use .json, .jsonl, .csv, .tsv or .parquet)';
  if (format === 'parquet') {
    const bytes = await readBinary(ctx.root, file, options.maxExampleBytes);
    return typeof bytes === 'string'
      ? bytes
      : readParquetExamples(file, bytes, options.maxExamples);
  }
  const text = ctx.sources.text(file);
  if (text === undefined)
    return 'the file is unreadable (binary, too large or outside the workspace)';
  if (format === 'json') return readJsonExample(file, text);
  if (format === 'jsonl') return readJsonlExamples(file, text, options.maxExamples);
  return readCsvExamples(file, text, schema, options.maxExamples);
}

/** Binary files are not served by the sources: read them directly, inside the root and capped. */
async function readBinary(
  root: string,
  file: string,
  maxBytes: number,
): Promise<Uint8Array | string> {
  const absolute = resolve(root, file);
  if (!absolute.startsWith(resolve(root) + sep)) return 'the file is outside the repository';
  try {
    const info = await lstat(absolute);
    if (info.isSymbolicLink()) return 'the file is a symbolic link; examples must be regular files';
    if (info.size > maxBytes)
      return `the file is larger than ${maxBytes} bytes (option maxExampleBytes)`;
    return new Uint8Array(await readFile(absolute));
  } catch (error) {
    return `the file cannot be read: ${(error as Error).message}`;
  }
}

async function checkExamples(
  ctx: RuleContext,
  model: ModelContract,
  input: Side | undefined,
  options: SchemaCheckOptions,
  run: SchemaRun,
): Promise<PredictionInput[]> {
  const report = run.findings.reporterFor(model);
  const inputs: PredictionInput[] = [];
  if (model.examples.length && !model.input) {
    report(
      model.examples[0].at,
      'examples are declared but the contract has no input schema to check them against',
      { severity: 'warning' },
    );
  }
  for (const pattern of model.examples) {
    const files = matchFiles(ctx, pattern.pattern);
    if (files.length === 0) {
      report(pattern.at, `examples \`${pattern.pattern}\` match no file in the repository`);
      continue;
    }
    for (const file of files) {
      // Each example file is read and validated once per input schema, whichever models share it.
      const key = JSON.stringify([file, input?.key ?? null]);
      let checked = run.examples.get(key);
      if (!checked) {
        checked = checkExampleFile(ctx, file, input, options);
        run.examples.set(key, checked);
      }
      const { findings, accepted } = await checked;
      for (const finding of findings) run.findings.add(model, finding);
      inputs.push(...accepted);
    }
  }
  return inputs;
}

async function checkExampleFile(
  ctx: RuleContext,
  file: string,
  input: Side | undefined,
  options: SchemaCheckOptions,
): Promise<CheckedExample> {
  const checked: CheckedExample = { findings: [], accepted: [] };
  const report = (finding: PendingFinding) => checked.findings.push(finding);
  const read = await readExampleFile(ctx, file, input?.loaded.schema, options);
  if (typeof read === 'string') {
    report({ at: { file, line: 1, column: 1 }, message: `example \`${file}\`: ${read}` });
    return checked;
  }
  for (const problem of read.problems)
    report({
      at: { file, line: problem.line, column: problem.column },
      message: `example \`${file}\`: ${problem.message}`,
    });
  const related = input ? [input.loaded.file] : [];
  let errors = 0;
  let hidden = 0;
  for (const record of read.records) {
    // Only examples the input schema accepts are worth running through the model.
    const problems = input?.compiled ? input.compiled.validate(record.value) : [];
    if (problems.length === 0) checked.accepted.push({ file, record });
    for (const error of problems) {
      if (errors >= options.maxErrorsPerFile) {
        hidden++;
        continue;
      }
      errors++;
      const at = record.locate(error.path, error.atKey);
      report({
        at: { file, line: at.line, column: at.column },
        message: `example \`${record.name}\` does not match the input schema: ${error.message}${at.detail ? ` (${at.detail})` : ''}`,
        related,
        fix: 'Fix the example, or change the input schema in the same PR if the data is right (that change is checked for callers).',
      });
    }
  }
  if (hidden)
    report({
      at: { file, line: 1, column: 1 },
      message: `example \`${file}\`: ${hidden} more schema error${hidden > 1 ? 's' : ''} not shown (option maxErrorsPerFile)`,
      related,
    });
  if (read.skipped)
    report({
      at: { file, line: 1, column: 1 },
      message: `example \`${file}\`: only the first ${options.maxExamples} records were checked (${read.skipped} skipped; option maxExamples)`,
      severity: 'note',
    });
  return checked;
}

function consequence(direction: Direction, change: SchemaChange): string {
  if (direction === 'input') {
    return change.effect === 'changes'
      ? 'data the base accepted may now be rejected'
      : 'data the base accepted is now rejected, so existing callers break';
  }
  return 'the model may now return data the base’s consumers reject';
}

/** Both versions with `$ref`s to other files inlined, each from its own revision. */
async function comparable(
  ctx: RuleContext,
  base: unknown,
  head: LoadedSchema,
): Promise<[unknown, unknown]> {
  if (!hasExternalRefs(base) && !hasExternalRefs(head.schema)) return [base, head.schema];
  const fromHead = headRefLoader(ctx);
  const fromBase = async (path: string) => {
    const text = await ctx.base(path);
    const parsed = text === undefined ? undefined : parseSchemaText(path, text);
    return parsed && 'value' in parsed ? parsed.value : undefined;
  };
  return Promise.all([
    inlineExternalRefs(base, head.refBase, fromBase),
    inlineExternalRefs(head.schema, head.refBase, async (path) => fromHead(path)),
  ]);
}

export async function reportChanges(
  ctx: RuleContext,
  report: Reporter,
  direction: Direction,
  baseSchema: unknown,
  head: LoadedSchema,
  strictUndeclared: boolean,
): Promise<void> {
  const [base, headSchema] = await comparable(ctx, baseSchema, head);
  const changes = diffSchemas(base, headSchema);
  const breaking = changes.filter((c) => isBreaking(c, direction, strictUndeclared));
  const compatible = changes.filter((c) => !isBreaking(c, direction, strictUndeclared));
  for (const change of breaking) {
    report(
      head.locate(change.headPointer),
      `breaking ${direction} schema change at \`${change.path}\`: ${change.detail} — ${consequence(direction, change)}`,
      {
        data: { change },
        fix:
          direction === 'input'
            ? 'Keep accepting what the base accepted (make the new property optional, keep the old values), or version the model interface and tell its callers.'
            : 'Keep the output within what the base promised (keep fields required, do not add types or values), or version the model interface and tell its consumers.',
      },
    );
  }
  if (compatible.length) {
    const shown = compatible.slice(0, SUMMARY_SHOWN).map((c) => `${c.detail} at \`${c.path}\``);
    const more =
      compatible.length > SUMMARY_SHOWN ? `; and ${compatible.length - SUMMARY_SHOWN} more` : '';
    report(
      head.locate(compatible[0].headPointer),
      `${compatible.length} non-breaking ${direction} schema change${compatible.length > 1 ? 's' : ''}: ${shown.join('; ')}${more}`,
      {
        severity: 'note',
        data: { changes: compatible },
      },
    );
  }
}
