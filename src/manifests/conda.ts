// conda environment files (`environment.yml`, `conda.yaml`, any YAML whose top level has a
// `dependencies:` list of specs), including the `pip:` subsection, and MLflow's `python_env.yaml`
// (`dependencies` / `build_dependencies` are pip requirement lines).
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import { parseCondaSpec } from './conda-spec.js';
import { applyCondaSpec, base, declarePypi } from './declare.js';
import type { Declaration, ManifestProblem, Position } from './model.js';
import { parseRequirementsText } from './requirements-file.js';

export interface EnvironmentResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
  /** `-r file` includes from pip sections, with where they were written. */
  includes: { path: string; kind: 'requirements' | 'constraints'; line: number; column: number }[];
  /** `name:` of the environment (for reporting only). */
  name?: string;
}

type Locate = (offset: number) => Position;

/** Whether a parsed YAML document looks like a conda environment (or MLflow python_env). */
export function environmentKind(doc: Document.Parsed): 'conda' | 'python-env' | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const deps = root.get('dependencies', true);
  if (!isSeq(deps)) return undefined;
  if (root.has('build_dependencies') || (root.has('python') && !root.has('channels')))
    return 'python-env';
  const itemsLookRight = deps.items.every(
    (item) =>
      (isScalar(item) && typeof item.value === 'string') ||
      (isMap(item) && item.items.every((pair) => isScalar(pair.key) && pair.key.value === 'pip')),
  );
  return itemsLookRight && deps.items.length > 0 ? 'conda' : undefined;
}

export function parseEnvironment(
  file: string,
  doc: Document.Parsed,
  locate: Locate,
): EnvironmentResult {
  const result: EnvironmentResult = { declarations: [], problems: [], includes: [] };
  const kind = environmentKind(doc);
  const root = doc.contents;
  if (!kind || !isMap(root)) return result;
  const name = root.get('name');
  if (typeof name === 'string') result.name = name;
  const deps = root.get('dependencies', true);
  if (!isSeq(deps)) return result;

  if (kind === 'python-env') {
    pipItems(result, file, deps.items, locate, 'conda-pip');
    const build = root.get('build_dependencies', true);
    if (isSeq(build)) pipItems(result, file, build.items, locate, 'conda-pip', 'build');
    return result;
  }
  for (const item of deps.items) {
    if (isMap(item)) {
      const pip = item.get('pip', true);
      if (isSeq(pip)) pipItems(result, file, pip.items, locate, 'conda-pip');
      continue;
    }
    if (!isScalar(item) || typeof item.value !== 'string') continue;
    condaItem(result, file, item as Scalar<string>, locate);
  }
  return result;
}

function condaItem(
  result: EnvironmentResult,
  file: string,
  item: Scalar<string>,
  locate: Locate,
): void {
  const start = valueStart(item);
  const spec = parseCondaSpec(item.value);
  const where = locate(start);
  if ('error' in spec) {
    result.problems.push({ file, line: where.line, column: where.column, message: spec.error });
    return;
  }
  const at = locate(start + spec.nameOffset);
  const declaration = base(
    spec.name,
    { file, line: at.line, column: at.column, source: 'conda' },
    'conda',
  );
  applyCondaSpec(
    declaration,
    spec,
    `pin the version you tested: ${spec.name}==X.Y.Z (or ${spec.name}=X.Y.Z=<build>; \`conda env export\` shows both)`,
  );
  result.declarations.push(declaration);
}

function pipItems(
  result: EnvironmentResult,
  file: string,
  items: unknown[],
  locate: Locate,
  source: 'conda-pip',
  group?: string,
): void {
  for (const item of items) {
    if (!isScalar(item) || typeof item.value !== 'string') continue;
    const start = valueStart(item);
    const origin = locate(start);
    // Each item is one requirements-file line (options such as `-r` and `--index-url` included).
    const parsed = parseRequirementsText(item.value.replace(/\n/g, ' '));
    const shift = (column: number): number => origin.column + column - 1;
    for (const invalid of parsed.invalid) {
      if (invalid.ignored) continue;
      result.problems.push({
        file,
        line: origin.line,
        column: shift(invalid.column),
        message: invalid.message,
      });
    }
    for (const include of parsed.includes) {
      result.includes.push({
        path: include.path,
        kind: include.kind,
        line: origin.line,
        column: shift(include.column),
      });
    }
    for (const entry of parsed.entries) {
      const site = {
        file,
        line: origin.line,
        column: shift(entry.column),
        source,
        ...(group ? { group } : {}),
      };
      const declaration = declarePypi(entry.analysis, site);
      if (declaration) result.declarations.push(declaration);
    }
  }
}

/** Offset of a scalar's text (after an opening quote). */
function valueStart(node: YamlNode): number {
  const range = node.range ?? [0, 0, 0];
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return range[0] + (quoted ? 1 : 0);
}
