// train-predict-separation: serving code must not train, nor load training code or
// training-only libraries, directly or through the repository's own modules.
import { trainingChainsFrom, type TrainingChain } from '../analysis/chains.js';
import {
  describeLocation,
  runningNotebookImports,
  type NotebookImport,
} from '../analysis/notebook-imports.js';
import { trainingPathsFrom, type Step, type TrainingPath } from '../analysis/reach.js';
import {
  DEFAULT_PREDICT_PATTERNS,
  DEFAULT_TEST_PATTERNS,
  DEFAULT_TRAIN_PATTERNS,
  rolesFor,
  type RoleAssignment,
  type RolePatterns,
} from '../analysis/roles.js';
import {
  DEFAULT_TRAINING_METHODS,
  DEFAULT_TRAINING_ONLY_NAMES,
  trainingOnlyMatcher,
  trainingOnlyWhy,
} from '../analysis/training-api.js';
import { trainingLibraryUses, type TrainingLibraryUse } from '../analysis/training-imports.js';
import { explainSeparationRoles, formatRoleExplanation } from '../analysis/explain.js';
import type { Location, Report, Rule, RuleContext } from '../engine/types.js';

export interface SeparationOptions {
  predict: string[];
  train: string[];
  tests: string[];
  inferRoles: boolean;
  trainingOnly: string[];
  trainingMethods: string[];
  notebookImports: boolean;
}

export const RULE_ID = 'train-predict-separation';

const patternList = (description: string, defaults: readonly string[]) => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description,
  default: [...defaults],
});

export const trainPredictSeparation: Rule<SeparationOptions> = {
  meta: {
    id: RULE_ID,
    title: 'Serving code must not train or load training code',
    defaultSeverity: 'error',
    recommended: true,
    docs: {
      what: "Finds the modules that serve predictions (by path, such as `predict*.py`, `serve*`, `inference/`, `api/`, or by content: a Flask/FastAPI route, a BentoML service, an MLflow `PythonModel`, an AzureML/SageMaker/Lambda scoring entry point) and the modules that train (`train*.py`, `training/`, `tune*`, experiments). It then reports, each at the line that causes it: a serving module that imports a training module, directly or through the repository's own modules (with the whole import chain); a serving module that uses a training-only library (`sklearn.model_selection`, `optuna`, `torch.optim`, trainers, `wandb`, MLflow run tracking, ...); serving code that calls a training method (`.fit`, `.fit_transform`, `.partial_fit`, `trainer.train()`, `optimizer.step()`, `loss.backward()`), in the module or in any repository function it calls, or runs a training script (`os.system('python main.py')`); and a notebook imported by production code that runs code on import. Only functions that are actually called count: importing `load_object` from a helper that also defines a training function is fine.",
      why: 'Prediction must be able to run without the training code: a server that imports the training script pulls in its dependencies, its top-level side effects and its bugs, and one that fits on a request returns a model nobody validated, slowly and differently on every call. Keeping the two apart is what lets the model be retrained without redeploying the server, and served without the training environment.',
      example: [
        '# app.py',
        'from flask import Flask',
        'import train                       # serving imports the training module',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/predict')",
        'def predict():',
        '    model = train.trainmodel()     # ...and retrains on every request',
        '    return model.predict(features())',
      ].join('\n'),
      exampleLang: 'python',
      instead:
        'Train offline and save the fitted model (and any fitted preprocessing) as an artifact; in serving code only load it (`joblib.load`, `mlflow.pyfunc.load_model`) and call `predict`/`transform`. Move helpers both sides need into a module that imports neither training code nor training-only libraries.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        predict: patternList(
          'Path patterns (gitignore style, matched case-insensitively) of modules that serve predictions. Notebooks get this role only from a pattern that names `.ipynb` files.',
          DEFAULT_PREDICT_PATTERNS,
        ),
        train: patternList(
          'Path patterns of training modules. A path matching both lists is a training module.',
          DEFAULT_TRAIN_PATTERNS,
        ),
        tests: patternList(
          'Path patterns of tests: never treated as serving or training code.',
          DEFAULT_TEST_PATTERNS,
        ),
        inferRoles: {
          type: 'boolean',
          default: true,
          description:
            'Also treat as serving a module whose content shows it serves: a web route, app, resource or Django view (Flask, FastAPI, flask-restful, Django, ...), a BentoML service, an MLflow PythonModel, a Ray Serve deployment, a Gradio app, AzureML `init()`/`run()`, SageMaker `model_fn`, an AWS Lambda handler.',
        },
        trainingOnly: {
          type: 'array',
          items: {
            type: 'string',
            pattern: '^[A-Za-z_*][A-Za-z0-9_*]*(\\.[A-Za-z_*][A-Za-z0-9_*]*)*$',
          },
          description:
            'Dotted names of libraries, submodules or functions only training needs. A name covers everything below it; `*` stands for one name or part of one (`mlflow.log_*`, `mlflow.*.autolog`).',
          default: [...DEFAULT_TRAINING_ONLY_NAMES],
        },
        trainingMethods: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          description:
            "Method names whose call trains a model. `train` counts with an argument or a trainer receiver (a bare `model.train()` only switches PyTorch to training mode); `learn` needs an argument; add `step` to count every `.step()` call, not only an optimizer's.",
          default: [...DEFAULT_TRAINING_METHODS],
        },
        notebookImports: {
          type: 'boolean',
          default: true,
          description:
            'Report notebooks imported by production code (import_ipynb, nbimporter, `ipynb.fs.full`) that run code on import.',
        },
      },
    },
    defaultOptions: {
      predict: [...DEFAULT_PREDICT_PATTERNS],
      train: [...DEFAULT_TRAIN_PATTERNS],
      tests: [...DEFAULT_TEST_PATTERNS],
      inferRoles: true,
      trainingOnly: [...DEFAULT_TRAINING_ONLY_NAMES],
      trainingMethods: [...DEFAULT_TRAINING_METHODS],
      notebookImports: true,
    },
  },

  async check(ctx) {
    const options = withDefaults(ctx.options);
    const roles = rolesFor(ctx, rolePatterns(options));
    const reports = new ReportSet(ctx);
    const matches = trainingOnlyMatcher(options.trainingOnly);
    const methods = new Set(options.trainingMethods);
    const mine = new Set(ctx.files.map((f) => f.path));

    for (const assignment of [...roles.values()]
      .filter((r) => r.role === 'predict' && mine.has(r.file))
      .sort(byFile)) {
      for (const chain of trainingChainsFrom(ctx, assignment.file, roles))
        reports.add(chainReport(assignment, chain, roles));
      for (const use of trainingLibraryUses(ctx, assignment.file, matches, assignment.entries)) {
        reports.add(libraryReport(assignment, use));
      }
      const reach = { trainingMethods: methods, entries: assignment.entries };
      for (const path of await trainingPathsFrom(ctx, assignment.file, reach)) {
        reports.add(trainingCallReport(assignment, path));
      }
    }
    if (options.notebookImports) {
      for (const file of [...mine].sort()) {
        if (!file.endsWith('.py')) continue;
        const role = roles.get(file)?.role;
        if (role === 'test' || role === 'notebook') continue;
        for (const found of runningNotebookImports(ctx, file)) reports.add(notebookReport(found));
      }
    }
    reports.flush();
  },
  explain: (ctx) => explainRoles(ctx as unknown as RuleContext),
};

export function withDefaults(options: Partial<SeparationOptions> | undefined): SeparationOptions {
  const defaults = trainPredictSeparation.meta.defaultOptions as unknown as SeparationOptions;
  return { ...defaults, ...(options ?? {}) };
}

export function rolePatterns(options: SeparationOptions): RolePatterns {
  return {
    predict: options.predict,
    train: options.train,
    tests: options.tests,
    inferRoles: options.inferRoles,
  };
}

function byFile(a: RoleAssignment, b: RoleAssignment): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function serving(assignment: RoleAssignment): string {
  return `\`${assignment.file}\` serves predictions (it ${assignment.reason.replace(/^path /, 'has a path that ')})`;
}

function chainReport(
  assignment: RoleAssignment,
  chain: TrainingChain,
  roles: ReadonlyMap<string, RoleAssignment>,
): Report {
  const trainer = chain.files[chain.files.length - 1];
  const why = roles.get(trainer)?.reason.replace(/^path /, 'its path ') ?? '';
  const arrow = chain.files.join(' → ');
  return {
    ...at(chain.first.record.location),
    message: `${serving(assignment)} but loads the training module \`${trainer}\`: ${arrow}. \`${trainer}\` is training code (${why}); importing it runs its imports and top-level code in the server.`,
    related: chain.files.slice(1),
    data: { kind: 'imports-training-module', chain: chain.files },
  };
}

function libraryReport(assignment: RoleAssignment, use: TrainingLibraryUse): Report {
  const how = use.via === 'import' ? `imports \`${use.name}\`` : `uses \`${use.name}\``;
  const more = use.more > 0 ? ` (and ${use.more} more use${use.more === 1 ? '' : 's'})` : '';
  return {
    ...at(use.location),
    message: `${serving(assignment)} but ${how}${more}: \`${use.entry}\` is only needed to train (${trainingOnlyWhy(use.entry)}).`,
    data: { kind: 'training-only-library', entry: use.entry, chain: [assignment.file] },
  };
}

function trainingCallReport(assignment: RoleAssignment, path: TrainingPath): Report {
  const last = path.steps[path.steps.length - 1];
  const route = path.steps
    .map((step) => describeStep(step, assignment.file, step === last))
    .join(' → ');
  const direct = path.steps.length === 1;
  const message = direct
    ? `${serving(assignment)} but trains a model here: \`${last.text}\`. Serving code must only load fitted models and fitted preprocessing.`
    : `${serving(assignment)} but this reaches training code: ${route}. Serving code must only load fitted models and fitted preprocessing.`;
  return {
    ...at(path.start.location),
    message,
    related: path.files.slice(1),
    data: {
      kind: 'trains-in-serving',
      chain: path.files,
      steps: path.steps.map((s) => ({ file: s.file, line: s.location.line, text: s.text })),
    },
  };
}

/** `` `call()` (file:line) ``; a by-name dispatch says which repo method it was matched to. */
function describeStep(step: Step, servingFile: string, last: boolean): string {
  const where = step.file === servingFile && !last ? [] : [`${step.file}:${step.location.line}`];
  if (step.dispatchedTo) where.push(`taken as \`${step.dispatchedTo}\``);
  return `\`${step.text}\`${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

function notebookReport(found: NotebookImport): Report {
  const first = found.code[0];
  const more =
    found.total > 1
      ? ` (and ${found.total - 1} more top-level statement${found.total === 2 ? '' : 's'})`
      : '';
  return {
    ...at(found.edge.record.location),
    message: `\`${found.notebook}\` is imported here as a module, but importing it runs the notebook: ${describeLocation(first.location)} runs \`${first.snippet}\`${more}. Code that production imports must be functions (or move it into a .py module).`,
    related: [found.notebook],
    data: { kind: 'notebook-runs-on-import', chain: [found.edge.from, found.notebook] },
  };
}

function at(location: Location): Location {
  const { file, line, column, endLine, endColumn, cell } = location;
  const out: Location = { file, line };
  if (column !== undefined) out.column = column;
  if (endLine !== undefined) out.endLine = endLine;
  if (endColumn !== undefined) out.endColumn = endColumn;
  if (cell) out.cell = cell;
  return out;
}

/** One finding per line: several problems on one import line read better as one message. */
class ReportSet {
  private readonly byLine = new Map<string, Report>();

  constructor(private readonly ctx: RuleContext<SeparationOptions>) {}

  add(report: Report): void {
    const key = `${report.file}:${report.line}`;
    const existing = this.byLine.get(key);
    if (!existing) {
      this.byLine.set(key, report);
      return;
    }
    if (!existing.message.includes(report.message)) existing.message += ` Also: ${report.message}`;
    const related = new Set([...(existing.related ?? []), ...(report.related ?? [])]);
    if (related.size > 0) existing.related = [...related];
  }

  flush(): void {
    for (const report of this.byLine.values()) this.ctx.report(report);
  }
}

/** `--explain` lines: each serving and training module with the reason for its role. */
export async function explainRoles(ctx: RuleContext): Promise<string[]> {
  const options = withDefaults(ctx.options as Partial<SeparationOptions>);
  return formatRoleExplanation(explainSeparationRoles(ctx, rolePatterns(options)));
}

export default trainPredictSeparation;
