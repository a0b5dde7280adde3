// Which YAML and JSON files are configuration a pipeline reads (Kedro catalogs, params.yaml,
// dvc.yaml, MLproject, job specs, app configs) and which are not: CI workflows, package and
// tool manifests, lock files, notebooks, JSON Schemas, and data or run output that happens to
// be stored as JSON or YAML.

/** How to read a config file: every value, or only the host side of docker compose volumes. */
export type ConfigKind = 'config' | 'compose';

// Anything inside these directories is CI, editor, tool state, run output, test data or data.
const SKIPPED_DIRS = new Set([
  '.github',
  '.gitlab',
  '.circleci',
  '.buildkite',
  '.devcontainer',
  '.vscode',
  '.idea',
  '.dvc',
  '.git',
  'node_modules',
  '.ipynb_checkpoints',
  'mlruns',
  'mlartifacts',
  'wandb',
  'lightning_logs',
  'tb_logs',
  'runs',
  'outputs',
  'multirun',
  '.hydra',
  'logs',
  'samples',
  'sample_outputs',
  'reports',
  'results',
  'fixtures',
  'testdata',
  'test_data',
  'data',
  'datasets',
  'dataset',
  'site-packages',
  'templates',
  '.venv',
  'venv',
]);

// Tool manifests, CI definitions and lock files: never pipeline configuration.
const SKIPPED_NAMES =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|(ts|js)config(\..*)?\.json|composer\.json|bower\.json|renovate\.json5?|\.?renovaterc(\.json)?|\.eslintrc(\..*)?|\.prettierrc(\..*)?|\.babelrc(\..*)?|\.stylelintrc(\..*)?|\.markdownlint.*|\.yamllint(\..*)?|\.pre-commit-(config|hooks)\.ya?ml|\.gitlab-ci\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|appveyor\.ya?ml|codecov\.ya?ml|\.codecov\.ya?ml|\.readthedocs\.ya?ml|readthedocs\.ya?ml|mkdocs\.ya?ml|_config\.ya?ml|\.?citation\.cff|dependabot\.ya?ml|cloudbuild\.ya?ml|pnpm-lock\.yaml|.*[.-]lock\.(json|ya?ml)|.*\.lock|.*\.schema\.json|.*\.ipynb)$/i;

// Output a run or a tool wrote, kept as documentation or history.
const OUTPUT_NAMES =
  /(^|[-_.])(report|reports|results?|metrics|scores|predictions?|history|events|summary|output|outputs|meta)([-_.]|$)/i;

const COMPOSE_NAMES = /^(docker-)?compose([-.][\w.-]+)?\.ya?ml$/i;
const CONFIG_EXTENSIONS = /\.(ya?ml|json)$/i;

/** JSON above this size is data (annotations, vocabularies, exported tables), not configuration. */
export const MAX_CONFIG_BYTES = 512 * 1024;

/** How to read `path` as pipeline configuration, or undefined when it is not one. */
export function configKind(path: string, size = 0): ConfigKind | undefined {
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  if (name === 'MLproject') return 'config';
  if (!CONFIG_EXTENSIONS.test(name) || SKIPPED_NAMES.test(name)) return undefined;
  // Template folders (Helm charts, cookiecutter `{{ ... }}` trees) are not valid YAML until rendered.
  if (parts.slice(0, -1).some((dir) => SKIPPED_DIRS.has(dir) || dir.includes('{{')))
    return undefined;
  if (size > MAX_CONFIG_BYTES) return undefined;
  if (COMPOSE_NAMES.test(name)) return 'compose';
  if (OUTPUT_NAMES.test(name.replace(CONFIG_EXTENSIONS, ''))) return undefined;
  return 'config';
}
