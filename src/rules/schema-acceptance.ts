// schema-acceptance: the data contract of each model holds — schemas are valid, examples
// validate, schema changes since the PR base do not break callers or consumers, and the model's
// outputs on the examples validate. MLflow MLmodel signatures are compared too.
import type { Rule, RuleContext } from '../engine/types.js';
import { checkMlmodel } from '../contracts/check-mlmodel.js';
import {
  checkModelSchemas,
  createSchemaRun,
  type SchemaCheckOptions,
} from '../contracts/check-schemas.js';
import {
  contractsOptionSchema,
  loadContracts,
  reportContractProblems,
} from '../contracts/discover.js';
import { cleanupBase } from '../contracts/schema-source.js';

export interface SchemaAcceptanceOptions {
  contracts?: unknown[];
  mlmodel?: boolean;
  strictUndeclaredProperties?: boolean;
  maxExamples?: number;
  maxErrorsPerFile?: number;
  maxPredictions?: number;
  maxExampleBytes?: number;
  runCommands?: boolean;
  allowPullRequestTarget?: boolean;
}

const MLMODEL = /(^|\/)MLmodel$/;

async function check(ctx: RuleContext<SchemaAcceptanceOptions>): Promise<void> {
  const o = ctx.options;
  const context = ctx as RuleContext;
  const loaded = loadContracts(context, o.contracts);
  reportContractProblems(context, loaded);
  const options: SchemaCheckOptions = {
    strictUndeclaredProperties: o.strictUndeclaredProperties === true,
    maxExamples: o.maxExamples ?? 1000,
    maxErrorsPerFile: o.maxErrorsPerFile ?? 20,
    maxPredictions: o.maxPredictions ?? 50,
    maxExampleBytes: o.maxExampleBytes ?? 64 * 1024 * 1024,
    runCommands: o.runCommands !== false,
    allowPullRequestTarget: o.allowPullRequestTarget === true,
    eventName: process.env.GITHUB_EVENT_NAME,
  };
  // One run for all models: a finding they share is reported once, naming each of them.
  const run = createSchemaRun();
  try {
    for (const model of loaded.models) await checkModelSchemas(context, model, options, run);
  } finally {
    run.findings.flush(context);
    await cleanupBase(context);
  }
  const mlmodels = new Set(loaded.models.flatMap((m) => (m.mlmodel ? [m.mlmodel.path] : [])));
  if (o.mlmodel !== false)
    for (const { path } of ctx.files) if (MLMODEL.test(path)) mlmodels.add(path);
  for (const file of mlmodels) await checkMlmodel(context, file);
}

const schemaAcceptance: Rule<SchemaAcceptanceOptions> = {
  meta: {
    id: 'schema-acceptance',
    title: 'Examples, model outputs and schema changes honour the declared data contract',
    defaultSeverity: 'error',
    recommended: true,
    docs: {
      what:
        'For each model in a contract (`handoff.contract.yml`, `*.contract.yml`, or the config’s ' +
        '`contracts:`): checks that the input and output JSON Schemas are valid (draft 2020-12, 2019-09, ' +
        '07, 06 or 04, chosen by `$schema`); validates every example (JSON, JSONL, CSV typed by the schema, ' +
        'Parquet) against the input schema and reports each error on the line of the offending value; ' +
        'compares each schema with its version at the PR base and reports breaking changes in the right ' +
        'direction — for inputs, anything that rejects data the base accepted (a new required property, a ' +
        'removed property when additional properties are closed, a narrowed type, a removed enum value, a ' +
        'tighter bound, length or pattern, an added format); for outputs, anything that lets the model ' +
        'return data the base’s consumers reject. Non-breaking changes are listed as notes. When the ' +
        'contract gives a prediction command, runs it on each example (no shell, a scrubbed environment ' +
        'without tokens, a timeout, an output cap; never under `pull_request_target` unless allowed) and ' +
        'validates each output against the output schema. MLflow `MLmodel` signatures are compared between ' +
        'base and head the same way, with or without a contract. The contract format is described in ' +
        'docs/contracts.md.',
      why:
        'The schema is the promise a model makes to the services that call it and the jobs that read its ' +
        'predictions. An example that does not validate means the documentation lies; a narrowed input or a ' +
        'widened output breaks production callers the moment the PR is deployed, long after review; a model ' +
        'that crashes on its own examples should never reach handoff.',
      example:
        '# schemas/input.json at the PR base:  {"properties": {"age": {"type": "number"}}}\n' +
        '# schemas/input.json in the PR:\n' +
        '{\n' +
        '  "type": "object",\n' +
        '  "required": ["age", "region"],\n' +
        '  "properties": {\n' +
        '    "age": {"type": "integer", "minimum": 18},\n' +
        '    "region": {"enum": ["eu", "us"]}\n' +
        '  }\n' +
        '}',
      exampleLang: 'json',
      instead:
        'Keep accepting what the base accepted (new input properties optional, bounds no tighter) and keep ' +
        'outputs within what consumers expect — or version the interface and update its callers in the same ' +
        'change. Fix examples that no longer validate.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        contracts: contractsOptionSchema(),
        mlmodel: {
          type: 'boolean',
          description:
            'Compare the signature of every MLflow `MLmodel` file with its base version, not only those a contract names.',
          default: true,
        },
        strictUndeclaredProperties: {
          type: 'boolean',
          description:
            'Treat declaring or removing an optional property while additional properties are allowed as breaking (it changes what an undeclared value may be). Off: such changes are listed as non-breaking.',
          default: false,
        },
        maxExamples: {
          type: 'integer',
          minimum: 1,
          description: 'Records checked per example file (lines of JSONL, rows of CSV or Parquet).',
          default: 1000,
        },
        maxErrorsPerFile: {
          type: 'integer',
          minimum: 1,
          description:
            'Schema errors reported per example file; the rest are counted in one finding.',
          default: 20,
        },
        maxPredictions: {
          type: 'integer',
          minimum: 0,
          description: 'Examples run through the prediction command per model.',
          default: 50,
        },
        maxExampleBytes: {
          type: 'integer',
          minimum: 1,
          description: 'Largest Parquet example file read, in bytes.',
          default: 67108864,
        },
        runCommands: {
          type: 'boolean',
          description:
            'Run contract commands (schema exports, predictions). Off: only files are checked.',
          default: true,
        },
        allowPullRequestTarget: {
          type: 'boolean',
          description:
            'Run contract commands when the workflow event is `pull_request_target` (PR code next to the base repository’s secrets). Only the config at the PR base can turn this on.',
          default: false,
        },
      },
    },
    defaultOptions: {
      contracts: [],
      mlmodel: true,
      strictUndeclaredProperties: false,
      maxExamples: 1000,
      maxErrorsPerFile: 20,
      maxPredictions: 50,
      maxExampleBytes: 67108864,
      runCommands: true,
      allowPullRequestTarget: false,
    },
  },
  check,
};

export default schemaAcceptance;
