// schema-acceptance for one model: its schemas compile, its examples validate against the input
// schema (each error on the offending value's line), its schema changes since the PR base do
// not break callers (input) or consumers (output), and its prediction command's outputs
// validate against the output schema.
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { RuleContext, Severity } from '../engine/types.js';
import { matchFiles } from './discover.js';
import {
  exampleFormat,
  readCsvExamples,
  readJsonExample,
  readJsonlExamples,
  readParquetExamples,
  type ExampleFile,
} from './examples.js';
import { compileSchema, type CompiledSchema } from './json-schema.js';
import { runPredictions, type PredictionInput } from './predict.js';
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
  type Place,
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
  compiled?: CompiledSchema;
}

const SUMMARY_SHOWN = 6;

function reporter(ctx: RuleContext, model: ModelContract) {
  return (
    at: Place,
    message: string,
    extra: {
      severity?: Severity;
      related?: string[];
      data?: Record<string, unknown>;
      fix?: string;
    } = {},
  ) =>
    ctx.report({
      file: at.file,
      line: at.line,
      column: at.column,
      message: `${message} — contract "${model.name}" (${model.file || 'inline in the config'})`,
      related: [...new Set([model.file, ...(extra.related ?? [])])].filter(
        (f) => f && f !== at.file,
      ),
      ...(extra.severity ? { severity: extra.severity } : {}),
      ...(extra.data ? { data: extra.data } : {}),
      ...(extra.fix ? { fix: extra.fix } : {}),
    });
}

export async function checkModelSchemas(
  ctx: RuleContext,
  model: ModelContract,
  options: SchemaCheckOptions,
): Promise<void> {
  const report = reporter(ctx, model);
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
    const side: Side = { loaded: head.loaded };
    sides[direction] = side;
    // Compiled once per run: models sharing a schema file share its validator.
    const key = `contracts:compiled:${head.loaded.refBase}:${createHash('sha256').update(stableStringify(head.loaded.schema)).digest('hex')}`;
    const compiled = ctx.shared(key, () =>
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
        model,
        direction,
        base,
        head.loaded,
        options.strictUndeclaredProperties,
      );
  }

  const inputs = await checkExamples(ctx, model, sides.input, options);
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
): Promise<PredictionInput[]> {
  const report = reporter(ctx, model);
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
      const read = await readExampleFile(ctx, file, input?.loaded.schema, options);
      if (typeof read === 'string') {
        report({ file, line: 1, column: 1 }, `example \`${file}\`: ${read}`);
        continue;
      }
      for (const problem of read.problems)
        report(
          { file, line: problem.line, column: problem.column },
          `example \`${file}\`: ${problem.message}`,
        );
      let errors = 0;
      let hidden = 0;
      for (const record of read.records) {
        // Only examples the input schema accepts are worth running through the model.
        const problems = input?.compiled ? input.compiled.validate(record.value) : [];
        if (problems.length === 0) inputs.push({ file, record });
        for (const error of problems) {
          if (errors >= options.maxErrorsPerFile) {
            hidden++;
            continue;
          }
          errors++;
          const at = record.locate(error.path, error.atKey);
          report(
            { file, line: at.line, column: at.column },
            `example \`${record.name}\` does not match the input schema: ${error.message}${at.detail ? ` (${at.detail})` : ''}`,
            {
              related: input ? [input.loaded.file] : [],
              fix: 'Fix the example, or change the input schema in the same PR if the data is right (that change is checked for callers).',
            },
          );
        }
      }
      if (hidden)
        report(
          { file, line: 1, column: 1 },
          `example \`${file}\`: ${hidden} more schema error${hidden > 1 ? 's' : ''} not shown (option maxErrorsPerFile)`,
          { related: input ? [input.loaded.file] : [] },
        );
      if (read.skipped)
        report(
          { file, line: 1, column: 1 },
          `example \`${file}\`: only the first ${options.maxExamples} records were checked (${read.skipped} skipped; option maxExamples)`,
          { severity: 'note' },
        );
    }
  }
  return inputs;
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
  model: ModelContract,
  direction: Direction,
  baseSchema: unknown,
  head: LoadedSchema,
  strictUndeclared: boolean,
): Promise<void> {
  const report = reporter(ctx, model);
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
