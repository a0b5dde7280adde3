// model-interface: model classes and entrypoints honour their declared interface (contract),
// and, with or without a contract, prediction entrypoints say what they take and return.
import type { Rule, RuleContext } from '../engine/types.js';
import { checkModelInterface, type ResolvedEntrypoint } from '../contracts/check-model.js';
import { checkConformance, type ConformanceTarget } from '../contracts/deep.js';
import {
  contractsOptionSchema,
  loadContracts,
  reportContractProblems,
} from '../contracts/discover.js';
import {
  DEFAULT_ENTRYPOINT_NAMES,
  describeEntrypoint,
  findUnannotatedEntrypoints,
  isTestPath,
} from '../contracts/entrypoint-scan.js';
import { findMethod, locate, moduleOf } from '../contracts/modules.js';
import { presetInterface } from '../contracts/presets.js';
import { resolveCallable, type DeclaredCallable } from '../contracts/signature.js';
import type { ModelContract } from '../contracts/types.js';
import { parsePython } from '../sources/python.js';

export interface ModelInterfaceOptions {
  contracts?: unknown[];
  entrypoints?: string[];
  unannotatedEntrypoints?: boolean;
  deep?: boolean;
  deepTimeout?: number;
}

const CODE_FILE = /\.(py|ipynb)$/;

async function check(ctx: RuleContext<ModelInterfaceOptions>): Promise<void> {
  const options = ctx.options;
  const loaded = loadContracts(ctx as RuleContext, options.contracts);
  reportContractProblems(ctx as RuleContext, loaded);

  const covered = new Set<string>();
  const deepTargets: {
    model: ModelContract;
    resolved: ResolvedEntrypoint;
    target: ConformanceTarget;
  }[] = [];
  for (const model of loaded.models) {
    if (!model.entrypoint) continue;
    let resolved: ResolvedEntrypoint | undefined;
    try {
      resolved = await checkModelInterface(ctx as RuleContext, model, parsePython);
    } catch (error) {
      // One model that cannot be checked must not stop the others.
      const reason = error instanceof Error ? error.message : String(error);
      ctx.report({
        ...model.at,
        message: `contract "${model.name}" could not be checked: ${reason}`,
      });
      continue;
    }
    if (!resolved) continue;
    covered.add(`${resolved.file}\0${model.entrypoint.symbol}`);
    if (options.deep && resolved.cls && resolved.file.endsWith('.py')) {
      const methods = await declaredMethods(model);
      if (methods.length) {
        deepTargets.push({
          model,
          resolved,
          target: {
            file: resolved.file,
            className: model.entrypoint.symbol,
            methods,
            imports: resolved.module.imports,
          },
        });
      }
    }
  }

  if (options.unannotatedEntrypoints !== false) await checkUnannotated(ctx, covered);
  if (options.deep && deepTargets.length) await runDeep(ctx, deepTargets);
  else if (options.deep && loaded.models.length) {
    // Nothing to hand to pyright is worth saying: deep mode was asked for.
    const first = loaded.models[0];
    ctx.report({
      ...first.at,
      severity: 'note',
      message:
        'deep mode: no contract declares methods of a class in a .py file, so pyright was not run',
    });
  }
}

async function declaredMethods(model: ModelContract): Promise<DeclaredCallable[]> {
  const methods = new Map<string, DeclaredCallable>();
  if (model.preset) {
    for (const m of presetInterface(model.preset, model.at).methods)
      if (m.required) methods.set(m.name, m);
  }
  for (const [name, decl] of model.interface?.methods ?? []) {
    const resolved = await resolveCallable(name, decl, parsePython);
    if ('callable' in resolved && decl.required) methods.set(name, resolved.callable);
  }
  return [...methods.values()];
}

async function checkUnannotated(
  ctx: RuleContext<ModelInterfaceOptions>,
  covered: Set<string>,
): Promise<void> {
  const names = ctx.options.entrypoints?.length
    ? ctx.options.entrypoints
    : DEFAULT_ENTRYPOINT_NAMES;
  // `def predict` finds `def predict_proba` too: search each shortest prefix once.
  const prefixes = names.filter(
    (name) => !names.some((other) => other !== name && name.startsWith(other)),
  );
  const needles = [...new Set(prefixes)].map((name) => Buffer.from(`def ${name}`));
  for (const { path } of ctx.files) {
    if (!CODE_FILE.test(path) || isTestPath(path)) continue;
    // A byte search is cheap; only files that define a candidate are decoded and parsed.
    const bytes = ctx.sources.bytes(path);
    if (!bytes || !needles.some((needle) => bytes.includes(needle))) continue;
    const module = await moduleOf(ctx as RuleContext, path);
    if (!module) continue;
    for (const entry of findUnannotatedEntrypoints(module, names)) {
      const symbol = entry.owner ? entry.owner.qualname : entry.fn.name;
      if (covered.has(`${path}\0${symbol}`)) continue;
      const missing = [
        ...entry.params.map((p) => `\`${p.name}\``),
        ...(entry.returns ? ['the return type'] : []),
      ];
      const what = entry.owner
        ? `model class \`${entry.owner.qualname}\``
        : 'prediction entrypoint';
      ctx.report({
        ...locate(entry.fn.at),
        severity: 'warning',
        message: `${what}: \`${describeEntrypoint(entry)}\` does not annotate ${listWords(missing, 'or')}, so its input and output types are not part of the handoff`,
        fix: `Annotate the parameters and the return type (for example \`def ${entry.fn.name}(${entry.owner ? 'self, ' : ''}X: pd.DataFrame) -> np.ndarray\`), or declare the interface in a contract.`,
      });
    }
  }
}

function listWords(words: string[], last: string): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

async function runDeep(
  ctx: RuleContext<ModelInterfaceOptions>,
  targets: { model: ModelContract; resolved: ResolvedEntrypoint; target: ConformanceTarget }[],
): Promise<void> {
  const timeoutMs = Math.round((ctx.options.deepTimeout ?? 120) * 1000);
  const result = await checkConformance(
    ctx.root,
    targets.map((t) => t.target),
    timeoutMs,
  );
  if ('unavailable' in result) {
    const first = targets[0].model;
    ctx.report({
      ...first.at,
      severity: 'note',
      message: `deep mode skipped: ${result.unavailable}; the static checks above still apply`,
    });
    return;
  }
  for (const problem of result.problems) {
    const { model, resolved } = targets[problem.target];
    // The static check already said what is wrong with this method; pyright would repeat it.
    if (problem.method && resolved.flagged.has(problem.method)) continue;
    const cls = resolved.cls!;
    let at = locate(cls.at);
    if (problem.method) {
      const lookup = await findMethod(
        ctx as RuleContext,
        cls,
        resolved.module,
        resolved.file,
        problem.method,
      );
      if (lookup.found && lookup.found.file === resolved.file) at = locate(lookup.found.fn.at);
    }
    ctx.report({
      ...at,
      severity: 'warning',
      message: `pyright: \`${cls.qualname}\` does not conform to the contract: ${problem.message} — contract "${model.name}" (${model.file || 'inline in the config'})`,
      related: model.file ? [model.file] : [],
    });
  }
}

const modelInterface: Rule<ModelInterfaceOptions> = {
  meta: {
    id: 'model-interface',
    title: 'Model classes and prediction entrypoints honour their declared interface',
    defaultSeverity: 'error',
    recommended: true,
    docs: {
      what:
        'With a contract (`handoff.contract.yml`, `*.contract.yml`, or the config’s `contracts:`), checks ' +
        'each model’s entrypoint statically from the parse tree: the class or function exists; every ' +
        'declared method exists (on the class or a base class in the repository) with the declared ' +
        'parameters — names, order, kinds (positional-only, keyword-only, `*args`, `**kwargs`) and ' +
        'defaults — and annotations that match after normalisation (`pd.DataFrame` = `pandas.DataFrame` = ' +
        '`DataFrame` imported from pandas, `Optional[X]` = `X | None`, `List` = `list`, quoted forward ' +
        'references); the return annotation matches; every public method is annotated. Presets cover ' +
        'scikit-learn estimators (`fit(X, y)`, `predict(X)`, optional `predict_proba(X)`) and MLflow ' +
        '`PythonModel.predict(self, context, model_input, params=None)`. Without a contract, it reports ' +
        '`predict`-style methods of model classes and module-level `predict` functions that lack parameter ' +
        'or return annotations (as warnings), skipping web route handlers, HTTP clients and views, test ' +
        'files and test doubles. ' +
        'With `deep: true` it also runs pyright on a generated Protocol-conformance check. The contract ' +
        'format is described in docs/contracts.md.',
      why:
        'The interface is the handoff: the engineer wiring the model into a service, a batch job or ' +
        'MLflow needs to know what goes in and what comes out. An unannotated `predict(self, features)` ' +
        'forces them to read the training notebook to find out, and a silently renamed parameter or a ' +
        'changed return type breaks every caller at run time instead of in review.',
      example:
        '# handoff.contract.yml\n' +
        'models:\n' +
        '  - entrypoint: src/model.py:ChurnModel\n' +
        '    interface:\n' +
        '      methods:\n' +
        '        predict: "(self, X: pd.DataFrame) -> np.ndarray"\n' +
        '\n' +
        '# src/model.py\n' +
        'class ChurnModel:\n' +
        '    def predict(self, features):  # renamed, unannotated, no return type\n' +
        '        return self.clf.predict(features)',
      exampleLang: 'yaml',
      instead:
        'Make the code match the contract (or update the contract in the same PR, so reviewers see the ' +
        'interface change): `def predict(self, X: pd.DataFrame) -> np.ndarray:`.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        contracts: contractsOptionSchema(),
        entrypoints: {
          type: 'array',
          description:
            'Method and function names treated as prediction entrypoints by the check without a contract.',
          items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          default: DEFAULT_ENTRYPOINT_NAMES,
        },
        unannotatedEntrypoints: {
          type: 'boolean',
          description:
            'Report prediction entrypoints without parameter or return annotations (outside contracts).',
          default: true,
        },
        deep: {
          type: 'boolean',
          description:
            'Also run pyright on a generated Protocol-conformance file (needs the pyright npm package).',
          default: false,
        },
        deepTimeout: {
          type: 'number',
          description: 'Seconds pyright may run in deep mode.',
          exclusiveMinimum: 0,
          maximum: 1800,
          default: 120,
        },
      },
    },
    defaultOptions: {
      contracts: [],
      entrypoints: DEFAULT_ENTRYPOINT_NAMES,
      unannotatedEntrypoints: true,
      deep: false,
      deepTimeout: 120,
    },
  },
  check,
};

export default modelInterface;
