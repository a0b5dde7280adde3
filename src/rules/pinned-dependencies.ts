// pinned-dependencies: every dependency a DS repository installs must resolve to exactly one
// version — in requirements files, pyproject/Poetry/Pipfile (or their locks), setup.py/cfg, conda
// environments, Dockerfiles, shell scripts, notebooks, PEP 723 headers and workflow `uses:`.
import picomatch from 'picomatch';
import type { Rule, RuleContext, Severity } from '../engine/types.js';
import {
  collectManifests,
  normalizeName,
  type Declaration,
  type DeclarationSource,
} from '../manifests/index.js';

export type PinMode = 'exact' | 'lock' | 'hashes';

/** Option names for turning whole kinds of sources on or off. */
export type SourceSwitch =
  | 'requirements'
  | 'pyproject'
  | 'pipfile'
  | 'setup'
  | 'conda'
  | 'dockerfile'
  | 'shell'
  | 'notebook'
  | 'pep723'
  | 'workflow';

export interface PinnedDependenciesOptions {
  mode?: PinMode;
  strict?: boolean;
  allow?: string[];
  sources?: Partial<Record<SourceSwitch, boolean>>;
  actionsSeverity?: Severity;
}

const SWITCH_OF: Record<DeclarationSource, SourceSwitch | undefined> = {
  requirements: 'requirements',
  pyproject: 'pyproject',
  poetry: 'pyproject',
  pipfile: 'pipfile',
  'setup.py': 'setup',
  'setup.cfg': 'setup',
  conda: 'conda',
  'conda-pip': 'conda',
  dockerfile: 'dockerfile',
  shell: 'shell',
  notebook: 'notebook',
  pep723: 'pep723',
  workflow: 'workflow',
  lock: undefined,
};

const SOURCE_SWITCHES: SourceSwitch[] = [
  'requirements',
  'pyproject',
  'pipfile',
  'setup',
  'conda',
  'dockerfile',
  'shell',
  'notebook',
  'pep723',
  'workflow',
];

const SOURCE_DESCRIPTIONS: Record<SourceSwitch, string> = {
  requirements: 'requirements*.txt and pip-tools .in files (with -r/-c includes)',
  pyproject: 'pyproject.toml: PEP 621, PEP 735 dependency groups, uv/PDM dev dependencies, Poetry',
  pipfile: 'Pipfile',
  setup: 'setup.py install_requires/extras_require (static lists only) and setup.cfg',
  conda: 'conda environment files, including their pip: section',
  dockerfile: 'Dockerfile FROM images and RUN pip/conda/pipenv installs',
  shell: 'pip/conda/pipenv installs in shell scripts',
  notebook: '%pip, !pip, %conda installs in notebooks and Databricks # MAGIC %pip lines',
  pep723: 'PEP 723 # /// script metadata blocks',
  workflow: 'GitHub Actions uses: references',
};

export const pinnedDependencies: Rule<PinnedDependenciesOptions> = {
  meta: {
    id: 'pinned-dependencies',
    title: 'Dependencies resolve to exactly one version',
    defaultSeverity: 'error',
    recommended: true,
    docs: {
      what: 'Reports every dependency that does not resolve to exactly one version: bare names, ranges (`>=`, `~=`, `^`, `<`), wildcards, conda fuzzy `=1.2`, VCS branches, base images without a tag or on `:latest`, and workflow actions not pinned to a commit SHA. It reads requirements files (following `-r`/`-c`), pyproject.toml (PEP 621, PEP 735, Poetry, uv, PDM), Pipfile, setup.py/setup.cfg, conda environment files, Dockerfiles, shell scripts, notebook `%pip`/`!pip` installs, PEP 723 script headers and workflow `uses:`. A lock file beside the manifest (uv.lock, poetry.lock, pdm.lock, pylock.toml, Pipfile.lock, or the `.txt` compiled from a pip-tools `.in`) pins what it lists; a lock that misses a declared package is reported as stale.',
      why: 'A model trained against pandas 2.1 and served with whatever pandas is newest on deploy day is a different system. Unpinned dependencies make "works on my machine" fail in production, silently change numerical results, and make a training run impossible to reproduce after handoff.',
      example:
        'pandas\nscikit-learn>=1.3\ntorch~=2.1.0\ngit+https://github.com/huggingface/transformers.git',
      exampleLang: 'text',
      instead:
        'Pin the versions you tested (`pandas==2.2.2`, `conda: numpy==1.26.4`), commit the lock file your tool writes (`uv lock`, `poetry lock`, `pipenv lock`, `pip-compile`), pin VCS installs to a full commit SHA, base images to a digest, and actions to a commit SHA.',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: {
          enum: ['exact', 'lock', 'hashes'],
          default: 'exact',
          description:
            '`exact`: every dependency is pinned exactly, or by a lock file beside its manifest. `lock`: as `exact`, and every pyproject.toml / Pipfile with dependencies also needs a lock file (exact pins do not pin transitive dependencies). `hashes`: as `lock`, and a dependency counts as pinned only with an artifact hash: `--hash` in requirements files, a lock file, a conda build string, an image digest, an action SHA.',
        },
        strict: {
          type: 'boolean',
          default: false,
          description:
            'Also report pins that are exact in name but can still move: a base image tag without a digest, a VCS tag or abbreviated commit, conda `=X.Y.Z` without a build, and installs run from Python code (`os.system`, `subprocess`). On with `--strict` or the strict pack.',
        },
        allow: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description:
            'Names never reported: distribution names (compared after PEP 503 normalisation), image names or action names; `*` globs allowed (for example `pip`, `setuptools`, `actions/*`).',
        },
        sources: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'Turn kinds of files off (all are on by default).',
          properties: Object.fromEntries(
            SOURCE_SWITCHES.map((name) => [
              name,
              { type: 'boolean', default: true, description: SOURCE_DESCRIPTIONS[name] },
            ]),
          ),
        },
        actionsSeverity: {
          enum: ['error', 'warning', 'note'],
          default: 'warning',
          description:
            'Severity of workflow `uses:` not pinned to a commit SHA (Scorecard also treats these as a warning).',
        },
      },
    },
    defaultOptions: {
      mode: 'exact',
      strict: false,
      allow: [],
      sources: {},
      actionsSeverity: 'warning',
    },
  },

  async check(ctx: RuleContext<PinnedDependenciesOptions>) {
    const options = ctx.options;
    const mode: PinMode = options.mode ?? 'exact';
    const strict = ctx.strict || options.strict === true;
    const allowed = allowMatcher(options.allow ?? []);
    const enabled = (source: DeclarationSource): boolean => {
      const key = SWITCH_OF[source];
      return key === undefined || options.sources?.[key] !== false;
    };
    const inScope = new Set(ctx.files.map((file) => file.path));
    const index = await collectManifests(ctx);

    for (const declaration of index.declarations) {
      if (!inScope.has(declaration.file) || !enabled(declaration.source) || allowed(declaration))
        continue;
      if (declaration.runtime && !strict) continue;
      const problem = judge(declaration, mode, strict);
      if (!problem) continue;
      ctx.report({
        file: declaration.file,
        line: declaration.line,
        ...(declaration.column !== undefined ? { column: declaration.column } : {}),
        ...(declaration.cell ? { cell: declaration.cell } : {}),
        message: message(declaration, problem),
        fix: fixFor(declaration, problem),
        snippet: `${declaration.source}:${declaration.name}${declaration.specifier}`,
        ...(declaration.ecosystem === 'github-action'
          ? { severity: options.actionsSeverity ?? 'warning' }
          : {}),
        data: {
          name: declaration.name,
          specifier: declaration.specifier,
          source: declaration.source,
          ecosystem: declaration.ecosystem,
        },
      });
    }

    for (const problem of index.includeProblems) {
      if (!inScope.has(problem.file)) continue;
      ctx.report({
        file: problem.file,
        line: problem.line,
        ...(problem.column !== undefined ? { column: problem.column } : {}),
        message: problem.message,
        fix: 'point the include at a file in the repository (paths are relative to the including file), or remove it',
        severity: 'warning',
        snippet: `include:${problem.message}`,
      });
    }

    if (mode === 'lock' || mode === 'hashes') {
      for (const manifest of index.lockable) {
        if (manifest.lock || !inScope.has(manifest.file) || !enabled(manifest.kind)) continue;
        const locks =
          manifest.kind === 'pipfile'
            ? 'Pipfile.lock'
            : 'uv.lock, poetry.lock, pdm.lock or pylock.toml';
        ctx.report({
          file: manifest.file,
          line: manifest.line,
          message: `${manifest.file} declares ${manifest.dependencies} ${manifest.dependencies === 1 ? 'dependency' : 'dependencies'} but no lock file (${locks}) beside it pins the resolved set, including transitive dependencies.`,
          fix:
            manifest.kind === 'pipfile'
              ? 'run `pipenv lock` and commit Pipfile.lock'
              : 'run `uv lock` (or `poetry lock` / `pdm lock`) and commit the lock file',
          snippet: `${manifest.kind}:missing-lock`,
        });
      }
    }
  },
};

type Problem = { kind: 'unpinned'; why: string } | { kind: 'no-hash' };

/** What is wrong with a declaration under the mode, or undefined when it is fine. */
export function judge(
  declaration: Declaration,
  mode: PinMode,
  strict: boolean,
): Problem | undefined {
  if (!declaration.pinned) {
    if (declaration.strictOnly && !strict) return undefined;
    return { kind: 'unpinned', why: declaration.why ?? 'not pinned to one version' };
  }
  if (mode === 'hashes' && !declaration.hashed && !declaration.lockedBy) return { kind: 'no-hash' };
  return undefined;
}

function message(declaration: Declaration, problem: Problem): string {
  const what = describe(declaration);
  const where = declaration.cell
    ? ` (cell ${declaration.cell.index}, line ${declaration.cell.line})`
    : '';
  if (problem.kind === 'no-hash') {
    return `${what} is pinned but carries no hash, and no lock file covers it${where}.`;
  }
  if (declaration.staleLock) {
    return `${what} is missing from ${declaration.staleLock}: the lock is stale, so installs from it will not include it${where}.`;
  }
  return `${what} is not pinned: ${problem.why}${where}.`;
}

function describe(declaration: Declaration): string {
  switch (declaration.ecosystem) {
    case 'docker':
      return `Image ${declaration.name}${declaration.specifier}`;
    case 'github-action':
      return `Action ${declaration.name}${declaration.specifier}`;
    case 'conda':
      return `Conda package ${declaration.name}${declaration.specifier ? ` ${declaration.specifier}` : ''}`;
    default: {
      const spec = /:\/\/|^(git|hg|svn|bzr)\+/.test(declaration.specifier)
        ? ` @ ${declaration.specifier}`
        : declaration.specifier;
      return `${declaration.command ? 'Installed package' : 'Dependency'} ${declaration.name}${spec}`;
    }
  }
}

function fixFor(declaration: Declaration, problem: Problem): string {
  if (problem.kind === 'no-hash') {
    return declaration.ecosystem === 'pypi'
      ? 'add --hash=sha256:… for each artifact (`pip-compile --generate-hashes` writes them) or install from a lock file'
      : 'pin the artifact digest';
  }
  return declaration.suggestion ?? 'pin the exact version you tested';
}

function allowMatcher(patterns: string[]): (declaration: Declaration) => boolean {
  if (patterns.length === 0) return () => false;
  const exact = new Set(patterns.filter((p) => !p.includes('*')).map((p) => normalizeName(p)));
  const globs = patterns.filter((p) => p.includes('*')).map((p) => picomatch(p.toLowerCase()));
  return (declaration) => {
    const name = declaration.name.toLowerCase();
    return (
      exact.has(normalizeName(declaration.name)) ||
      globs.some((glob) => glob(name) || glob(declaration.normalizedName))
    );
  };
}

export default pinnedDependencies;
