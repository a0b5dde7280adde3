// undeclared-dependencies: third-party modules the code imports that no manifest declares.
import { importsOf, isCodeFile } from '../analysis/imports.js';
import type { Rule, RuleContext } from '../engine/types.js';
import { collectDeclarations } from '../manifests/index.js';
import { DeclarationScopes, hasRemoteInclude } from '../python-env/declared.js';
import { DistributionTable, type EnvironmentKind } from '../python-env/distributions.js';
import { FirstPartyIndex } from '../python-env/first-party.js';
import {
  detectPythonTarget,
  parsePythonVersions,
  type PythonTarget,
} from '../python-env/python-version.js';
import {
  describeMissing,
  findUndeclared,
  type Missing,
  type UndeclaredInput,
} from '../python-env/undeclared.js';

export interface UndeclaredDependenciesOptions {
  modules: Record<string, string | string[]>;
  ignore: string[];
  firstParty: string[];
  reportGuarded: boolean;
  pythonVersion: string;
}

const DEFAULT_OPTIONS: UndeclaredDependenciesOptions = {
  modules: {},
  ignore: [],
  firstParty: [],
  reportGuarded: false,
  pythonVersion: 'auto',
};

/** Options as validated by the schema, with defaults for anything absent. */
export function readOptions(raw: Record<string, unknown>): UndeclaredDependenciesOptions {
  const o = { ...DEFAULT_OPTIONS, ...raw } as UndeclaredDependenciesOptions;
  return {
    modules: o.modules && typeof o.modules === 'object' ? o.modules : {},
    ignore: Array.isArray(o.ignore) ? o.ignore : [],
    firstParty: Array.isArray(o.firstParty) ? o.firstParty : [],
    reportGuarded: o.reportGuarded === true,
    pythonVersion: typeof o.pythonVersion === 'string' ? o.pythonVersion : 'auto',
  };
}

/**
 * Files under a cookiecutter/copier template folder (`{{ cookiecutter.repo_name }}/...`) are not
 * code of this repository: their dependencies are those of the project the template generates.
 */
function isTemplatePath(path: string): boolean {
  return /\{\{|\{%/.test(path);
}

function environmentOf(ctx: RuleContext, file: string): EnvironmentKind[] {
  const kinds: EnvironmentKind[] = [];
  if (file.endsWith('.ipynb')) kinds.push('notebook');
  if (file === 'setup.py' || file.endsWith('/setup.py')) kinds.push('setup');
  if (file.endsWith('.py') && ctx.sources.text(file)?.startsWith('# Databricks notebook source'))
    kinds.push('databricks');
  return kinds;
}

function pythonTarget(ctx: RuleContext, option: string): PythonTarget | undefined {
  if (option && option !== 'auto') {
    const minors = parsePythonVersions(option);
    return minors ? { minors, source: 'the pythonVersion option' } : undefined;
  }
  return detectPythonTarget(ctx);
}

function firstPartyIndex(ctx: RuleContext, extraNames: readonly string[]): FirstPartyIndex {
  return new FirstPartyIndex({
    files: ctx.allFiles.map((f) => f.path),
    text: (file) => ctx.sources.text(file),
    toml: (file) => ctx.sources.toml(file),
    code: (file) => {
      const doc = ctx.sources.code(file);
      if (!doc) return undefined;
      const cdTargets = doc.units.flatMap((u) =>
        u.magics
          .filter((m) => m.kind === 'line' && /^cd\s/.test(m.command))
          .map((m) => m.command.slice(3)),
      );
      return { text: doc.units.map((u) => u.text).join('\n'), cdTargets };
    },
    extraNames,
  });
}

async function check(ctx: RuleContext): Promise<void> {
  const options = readOptions(ctx.options);
  const codeFiles = ctx.files
    .map((f) => f.path)
    .filter((path) => isCodeFile(path) && !isTemplatePath(path));
  if (codeFiles.length === 0) return;
  const scopes = new DeclarationScopes(await collectDeclarations(ctx));
  scopes.markOpaque((manifest) => hasRemoteInclude(ctx.sources.text(manifest) ?? ''));
  const input: UndeclaredInput = {
    scopes,
    table: new DistributionTable(options.modules),
    firstParty: firstPartyIndex(ctx, options.firstParty),
    target: pythonTarget(ctx, options.pythonVersion),
    ignore: options.ignore,
    reportGuarded: options.reportGuarded,
  };
  const missing: Missing[] = [];
  for (const file of codeFiles) {
    const records = await importsOf(ctx, file);
    missing.push(...findUndeclared(file, records, environmentOf(ctx, file), input));
  }
  report(ctx, missing, input.scopes);
}

/**
 * With manifests: one finding per missing distribution per file. With none at all: one per
 * distribution for the whole repository, at its first import, listing the other importers, since
 * the fix is one new manifest and per-file copies would repeat it once per notebook.
 */
function report(ctx: RuleContext, missing: Missing[], scopes: DeclarationScopes): void {
  const importers = new Map<string, Missing[]>();
  for (const m of missing) {
    const list = importers.get(m.resolution.distributions[0]) ?? [];
    list.push(m);
    importers.set(m.resolution.distributions[0], list);
  }
  const perRepository = !scopes.hasManifest;
  // How many files miss each distribution: counted once per distribution, not once per finding.
  const importerCounts = new Map<string, number>();
  for (const [dist, list] of importers)
    importerCounts.set(dist, new Set(list.map((x) => x.file)).size);
  for (const m of missing) {
    const all = importers.get(m.resolution.distributions[0])!;
    if (perRepository && all[0] !== m) continue;
    const count = importerCounts.get(m.resolution.distributions[0])!;
    const { message: text, fix } = describeMissing(m, scopes, count);
    const related = perRepository ? [...new Set(all.slice(1).map((x) => x.file))] : undefined;
    ctx.report({
      ...m.record.location,
      file: m.file,
      message: text,
      fix,
      related,
      data: {
        module: m.resolution.importName,
        distributions: m.resolution.distributions,
        manifest: scopes.nearestManifest(m.file)?.file,
      },
    });
  }
}

export const undeclaredDependencies: Rule = {
  meta: {
    id: 'undeclared-dependencies',
    title: 'Imported packages are declared in a manifest',
    defaultSeverity: 'error',
    recommended: true,
    docs: {
      what: [
        'Reports each third-party module that Python files and notebook code cells import but that no dependency manifest declares: requirements files, pyproject.toml (PEP 621, Poetry, dependency groups), Pipfile, setup.py/setup.cfg, conda environment files (conda names such as `pytorch` count for `torch`), installs in Dockerfiles, shell scripts and CI workflows, and `%pip install` in the notebook itself. One finding per distribution per file, at its first import.',
        'Import names are mapped to distributions by a table of several hundred packages (`sklearn` is scikit-learn, `cv2` is any of the OpenCV wheels, `google.cloud.storage` is google-cloud-storage, `azureml.core` is azureml-core or azureml-sdk); unknown names are taken as their own distribution. Declaring the import name instead of the distribution (`sklearn` in requirements.txt) is reported too.',
        "Not reported: the standard library of the targeted Python versions (all of 3.8-3.14 when the repository does not say), the project's own modules (root and `src/` layouts, packages with `__init__.py`, sibling modules of the importing file, `sys.path` additions, `%cd`, packages named in setup.py/pyproject, protoc `_pb2` output), relative imports, imports under `if TYPE_CHECKING:`, imports guarded by `try/except ImportError` (unless `reportGuarded`), what the runtime provides (IPython in notebooks, `google.colab`, Kaggle helpers, the Databricks Runtime in Databricks notebooks, setuptools in setup.py), and cookiecutter template folders (`{{ cookiecutter.x }}/`). Code governed by a manifest that includes requirements from a URL (`-r https://...`) is not judged: what it declares cannot be known.",
        'Monorepos: a file is governed by the manifests in its own folder and the folders above it, with their environment sub-folders (`docker/`, `conda/`, `env/`, `requirements/`, `binder/`, `.devcontainer/`, ...): the environment is built from the manifest beside the code, so a package declared only for a sibling project does not count. A file with no manifest above it is governed by every manifest of the repository. Every dependency group counts, development groups included, so tests may import test-only packages.',
        'A repository with no manifest at all gets one finding per distribution, at its first import, counting the other files that import it: the fix is one new manifest, and a finding per notebook would repeat it dozens of times.',
      ].join('\n\n'),
      why: 'Code that imports a package nobody declared runs only on the laptop where it was installed by hand. The engineer who takes the project over rebuilds the environment from the manifests and gets `ModuleNotFoundError` at the first run, or worse, in production, on the one code path that imports it lazily.',
      example: [
        '# requirements.txt',
        '#   pandas==2.2.2',
        '',
        'import pandas as pd',
        'from sklearn.linear_model import LogisticRegression  # scikit-learn is not declared',
      ].join('\n'),
      exampleLang: 'python',
      instead:
        'Declare every distribution the code imports, pinned, in the manifest the environment is built from (`scikit-learn==1.5.1` in requirements.txt). For a module the table maps wrongly, or a private package, set `modules: { import_name: distribution }`; for modules that are provided by the platform, list them in `ignore`.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        modules: {
          type: 'object',
          description:
            'Extra import-name to distribution mappings, added to (and overriding) the built-in table: `{ "mylib": "my-company-lib" }`. A list means any of them satisfies the import. Keys may be dotted prefixes (`google.cloud.storage`).',
          additionalProperties: {
            oneOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
            ],
          },
          default: {},
        },
        ignore: {
          type: 'array',
          description:
            'Modules never reported: a name covers its submodules (`tensorflow` covers `tensorflow.keras`), `*` is a wildcard (`mycorp_*`).',
          items: { type: 'string', minLength: 1 },
          default: [],
        },
        firstParty: {
          type: 'array',
          description:
            "Top-level module names that are the project's own code even where the layout does not show it (code generated at build time, a package installed from a sibling repository checkout).",
          items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          default: [],
        },
        reportGuarded: {
          type: 'boolean',
          description:
            'Also report imports inside `try/except ImportError` (optional dependencies). Off by default: such code is written to run without the package.',
          default: false,
        },
        pythonVersion: {
          type: 'string',
          description:
            'Python versions the project runs on, for the standard-library check (`3.11`, `>=3.9`, `^3.10`). `auto` reads `.python-version`, `runtime.txt`, `requires-python`, setup.py or the conda environment at the root; when none says, a module of the standard library of any Python 3.8-3.14 counts as standard.',
          default: 'auto',
        },
      },
    },
    defaultOptions: { ...DEFAULT_OPTIONS },
  },
  check,
};

export default undeclaredDependencies;
