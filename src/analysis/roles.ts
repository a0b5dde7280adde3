// Which files serve predictions and which train, each with the reason it was given (for
// `--explain`). Paths decide first (tests, then training, then serving patterns); a file no
// pattern names may still be a serving module by what it contains: a web app's routes, a BentoML
// service, an MLflow PythonModel, an AzureML/SageMaker/Lambda scoring entry point.
import type { Location, RuleContext } from '../engine/types.js';
import picomatch from 'picomatch';
import { compileGlobs, expandPattern } from '../workspace/globs.js';
import { isCodeFile, outlineFor } from './imports.js';
import type { Outline } from './outline.js';

export type Role = 'predict' | 'train' | 'test' | 'notebook' | 'none';

export interface RoleAssignment {
  file: string;
  role: Role;
  /** Why, in words (`path matches \`train*.py\``, `defines a Flask route @app.route('/predict')`). */
  reason: string;
  /** Where the content evidence is, when the role came from content. */
  evidence?: Location;
  /**
   * For a module that only partly serves (an MLflow PythonModel class, a scoring script's
   * `init`/`run`): the top-level classes and functions that serve. Absent: the whole module serves.
   */
  entries?: string[];
}

export interface RolePatterns {
  predict: readonly string[];
  train: readonly string[];
  tests: readonly string[];
  /** Infer serving modules from their content (routes, scoring entry points). */
  inferRoles: boolean;
}

export const DEFAULT_PREDICT_PATTERNS = [
  'predict*.py',
  '*_predict*.py',
  '*-predict*.py',
  'serve*.py',
  '*_serve.py',
  'serving/',
  'serve/',
  'inference/',
  'inference*.py',
  '*_inference.py',
  'infer.py',
  'score.py',
  'score_*.py',
  '*_score.py',
  'scoring/',
  'scoring*.py',
  'api/',
  'lambda_function.py',
];

export const DEFAULT_TRAIN_PATTERNS = [
  'train*.py',
  '*_train*.py',
  '*-train*.py',
  'retrain*.py',
  '*_retrain*.py',
  '*trainer*.py',
  'training/',
  'train/',
  'fit*.py',
  '*_fit.py',
  'tune*.py',
  '*_tune*.py',
  '*_tuning*.py',
  'tuning/',
  'hpo*.py',
  'sweep*.py',
  'experiments/',
];

export const DEFAULT_TEST_PATTERNS = [
  'tests/',
  'test/',
  '*_tests/',
  '*-tests/',
  '*_test/',
  '*-test/',
  'test.py',
  'test_*.py',
  'test-*.py',
  '*_test.py',
  'conftest.py',
];

/** Cheap text filter before outlining a file for content evidence. */
const EVIDENCE_HINT =
  /route|@[\w.]+\.(?:get|post|put|patch|delete|websocket)\b|Flask|FastAPI|APIRouter|Blueprint|django|rest_framework|bentoml|PythonModel|def init\b|def run\b|model_fn|lambda_handler|BaseHandler|kserve|serve\.deployment|BasePredictor|TritonPythonModel|gradio/;
const ROUTE_DECORATOR = /(?:^|\.)(?:route|get|post|put|patch|delete|websocket|api_route)$/;
const WEB_FRAMEWORK =
  /^(?:flask|flask_restful|flask_restx|fastapi|quart|sanic|starlette|litestar|aiohttp|bottle|falcon|django|rest_framework)(?:\.|$)/;
const MODEL_LOADING =
  /(?:^|\.)(?:load|load_model|get_model_path|load_learner|from_pretrained|loads|load_object|read_pickle)$/;
const TRAINING_CALL =
  /\.(?:fit|fit_transform|partial_fit|fit_predict|fit_generator|train_on_batch)$/;

/** A pattern list compiled once: which pattern (if any) names a path, matched case-insensitively. */
type PatternMatcher = (path: string) => string | undefined;

interface Matchers {
  predict: PatternMatcher;
  train: PatternMatcher;
  tests: PatternMatcher;
  predictNamesNotebooks: boolean;
}

function patternMatcher(list: readonly string[]): PatternMatcher {
  // Without negations a list is one regular expression (picomatch per glob is slow over every
  // file of a large repository); lists with `!` keep the last-match-wins semantics of globs.ts.
  const any = list.some((p) => p.trim().startsWith('!')) ? compileGlobs(list) : unionMatcher(list);
  const each = list.map((pattern) => ({ pattern, test: compileGlobs([pattern]) }));
  const caseSensitive = list.some((p) => p !== p.toLowerCase());
  return (path) => {
    const lower = path.toLowerCase();
    if (!any(lower) && !(caseSensitive && any(path))) return undefined;
    return each.find((p) => p.test(lower) || p.test(path))?.pattern ?? list[0];
  };
}

function unionMatcher(list: readonly string[]): (path: string) => boolean {
  const sources: string[] = [];
  for (const pattern of list) {
    for (const glob of expandPattern(pattern)?.fileGlobs ?? [])
      sources.push(picomatch.makeRe(glob, { dot: true }).source);
  }
  if (sources.length === 0) return () => false;
  const union = new RegExp(sources.map((source) => `(?:${source})`).join('|'));
  return (path) => union.test(path.replace(/^(\.\/)+/, ''));
}

function matchers(patterns: RolePatterns): Matchers {
  return {
    predict: patternMatcher(patterns.predict),
    train: patternMatcher(patterns.train),
    tests: patternMatcher(patterns.tests),
    predictNamesNotebooks: patterns.predict.some((p) => p.includes('.ipynb')),
  };
}

/** Role of every Python file and notebook of the repository, computed once per run and option set. */
export function rolesFor(
  ctx: RuleContext<unknown>,
  patterns: RolePatterns,
): Map<string, RoleAssignment> {
  const key = `analysis:roles:${JSON.stringify(patterns)}`;
  return ctx.shared(key, () => {
    const m = matchers(patterns);
    const roles = new Map<string, RoleAssignment>();
    for (const { path } of ctx.allFiles) {
      if (isCodeFile(path)) roles.set(path, assignRole(ctx, path, patterns, m));
    }
    return roles;
  });
}

function assignRole(
  ctx: RuleContext<unknown>,
  file: string,
  patterns: RolePatterns,
  m: Matchers,
): RoleAssignment {
  const test = m.tests(file);
  if (test) return { file, role: 'test', reason: `path matches the test pattern \`${test}\`` };
  const train = m.train(file);
  if (train)
    return { file, role: 'train', reason: `path matches the training pattern \`${train}\`` };
  const notebook = file.endsWith('.ipynb') || isDatabricksSource(ctx, file);
  const predict = m.predict(file);
  if (predict && (!notebook || m.predictNamesNotebooks)) {
    return { file, role: 'predict', reason: `path matches the serving pattern \`${predict}\`` };
  }
  if (notebook)
    return {
      file,
      role: 'notebook',
      reason: 'a notebook: checked when production code imports it',
    };
  if (patterns.inferRoles) {
    const text = ctx.sources.text(file);
    if (text !== undefined && EVIDENCE_HINT.test(text)) {
      const outline = outlineFor(ctx, file);
      const evidence = outline ? servingEvidence(outline) : undefined;
      if (evidence) {
        const assignment: RoleAssignment = {
          file,
          role: 'predict',
          reason: evidence.reason,
          evidence: evidence.location,
        };
        if (evidence.entries) assignment.entries = evidence.entries;
        return assignment;
      }
    }
  }
  return {
    file,
    role: 'none',
    reason: 'no role pattern matches and nothing in it serves predictions',
  };
}

function isDatabricksSource(ctx: RuleContext<unknown>, file: string): boolean {
  if (!file.endsWith('.py')) return false;
  const text = ctx.sources.text(file);
  return text !== undefined && text.trimStart().startsWith('# Databricks notebook source');
}

export interface ServingEvidence {
  reason: string;
  location: Location;
  /** The serving classes or functions, when only part of the module serves. */
  entries?: string[];
}

/** Whether a module's content shows it serves predictions, and why. */
export function servingEvidence(outline: Outline): ServingEvidence | undefined {
  const imported = new Set(outline.imports.filter((r) => !r.typeOnly).map((r) => r.module));
  const importsMatching = (re: RegExp) => [...imported].some((m) => re.test(m));
  const reference = (name: string) => outline.references.get(name);
  const fn = (name: string) => outline.functions.find((f) => f.name === name);

  const web = importsMatching(WEB_FRAMEWORK);
  // A route decorator counts with a web framework import, or with a URL path (`from app import app`).
  const route = outline.decorators.find(
    (d) => ROUTE_DECORATOR.test(d.name) && (web || d.strings[0]?.startsWith('/')),
  );
  if (route) {
    const path = route.strings[0] !== undefined ? `('${route.strings[0]}')` : '';
    return { reason: `defines a web route \`@${route.name}${path}\``, location: route.location };
  }
  if (web) {
    if (importsMatching(/^(django|rest_framework)(\.|$)/)) {
      const view =
        outline.functions.find((f) => f.params[0] === 'request') ??
        outline.classes.find((c) => c.bases.some((b) => /(View|ViewSet)$/.test(b)));
      if (view)
        return { reason: `is a Django view module (\`${view.name}\`)`, location: view.location };
    }
    const resource = outline.classes.find((c) =>
      c.bases.some((b) => /(^|\.)(Resource|MethodView|HTTPEndpoint)$/.test(b)),
    );
    if (resource)
      return {
        reason: `defines a web resource \`class ${resource.name}\``,
        location: resource.location,
      };
    for (const app of [
      'Flask',
      'flask.Flask',
      'FastAPI',
      'fastapi.FastAPI',
      'Quart',
      'Sanic',
      'Starlette',
    ]) {
      const use = reference(app);
      if (use?.called)
        return { reason: `creates a web app with \`${app}()\``, location: use.location };
    }
  }
  if (importsMatching(/^bentoml(\.|$)/)) {
    const decorator = outline.decorators.find((d) => /(^|\.)(service|api)$/.test(d.name));
    if (decorator)
      return {
        reason: `is a BentoML service (\`@${decorator.name}\`)`,
        location: decorator.location,
      };
    const service = reference('bentoml.Service');
    if (service?.called)
      return {
        reason: 'is a BentoML service (`bentoml.Service(...)`)',
        location: service.location,
      };
  }
  // A PythonModel often lives beside the code that trains and logs it: only the class serves.
  const pythonModels = outline.classes.filter((c) =>
    c.bases.some((b) => /(^|\.)PythonModel$/.test(b)),
  );
  if (pythonModels.length > 0 && importsMatching(/^mlflow(\.|$)/)) {
    const [cls] = pythonModels;
    const base = cls.bases.find((b) => /(^|\.)PythonModel$/.test(b));
    return {
      reason: `defines an MLflow model \`class ${cls.name}(${base})\``,
      location: cls.location,
      entries: pythonModels.map((c) => c.name),
    };
  }
  for (const cls of outline.classes) {
    const handler = cls.bases.find(
      (b) => /(^|\.)(BaseHandler|BasePredictor)$/.test(b) || b === 'kserve.Model',
    );
    if (handler && importsMatching(/^(ts|cog|kserve)(\.|$)/)) {
      return {
        reason: `defines a serving handler \`class ${cls.name}(${handler})\``,
        location: cls.location,
      };
    }
    if (cls.name === 'TritonPythonModel')
      return { reason: 'defines a Triton `TritonPythonModel`', location: cls.location };
  }
  const deployment = outline.decorators.find((d) => /(^|\.)serve\.deployment$/.test(d.name));
  if (deployment)
    return {
      reason: `is a Ray Serve deployment (\`@${deployment.name}\`)`,
      location: deployment.location,
    };
  // AzureML's contract: `init()` with no parameters, `run(data)` with one.
  const init = fn('init');
  const run = fn('run');
  const azureShape = init?.params.length === 0 && run?.params.length === 1;
  if (init && run && azureShape && loadsModel(outline) && !trainsItself(outline)) {
    return {
      reason: 'is a scoring script: `init()` loads a model and `run()` scores requests',
      location: init.location,
      entries: ['init', 'run'],
    };
  }
  const modelFn = fn('model_fn');
  const handlers = ['model_fn', 'input_fn', 'predict_fn', 'output_fn', 'transform_fn'].filter(
    (name) => fn(name),
  );
  if (modelFn && handlers.length > 1) {
    // SageMaker script mode keeps these handlers in the training script: only they serve.
    return {
      reason: 'is a SageMaker inference handler (`model_fn` / `predict_fn`)',
      location: modelFn.location,
      entries: handlers,
    };
  }
  const lambda = fn('lambda_handler');
  if (lambda)
    return { reason: 'is an AWS Lambda handler (`lambda_handler`)', location: lambda.location };
  if (importsMatching(/^gradio(\.|$)/)) {
    for (const [name, use] of outline.references) {
      if (use.called && /\.(Interface|Blocks|ChatInterface)$/.test(name)) {
        return { reason: `is a Gradio app (\`${name}(...)\`)`, location: use.location };
      }
    }
  }
  return undefined;
}

function loadsModel(outline: Outline): boolean {
  for (const [name, use] of outline.references)
    if (use.called && MODEL_LOADING.test(name)) return true;
  return false;
}

/** A file with scoring-style entry points that fits models itself is a batch job, not a server. */
function trainsItself(outline: Outline): boolean {
  for (const [name, use] of outline.references)
    if (use.called && TRAINING_CALL.test(name)) return true;
  return outline.imports.some(
    (r) => /^azureml\.train(\.|$)/.test(r.module) || r.names.includes('AutoMLConfig'),
  );
}

/** Whether code in `scope` (`Class.method`, `func`, '' for module level) is part of the serving entries. */
export function servesFrom(
  entries: readonly string[] | undefined,
  scope: string,
  mainGuard = false,
): boolean {
  if (!entries) return true;
  if (mainGuard || scope === '__main__') return false;
  return scope === '' || entries.includes(scope.split('.')[0]);
}
