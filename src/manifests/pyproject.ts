// pyproject.toml: PEP 621 `[project]` dependencies and optional groups, PEP 735
// `[dependency-groups]`, uv and PDM dev dependencies, and Poetry's dependency tables.
// (`[build-system].requires` is the build backend, not the project's dependencies.)
import { base, declarePypi, type DeclarationSite } from './declare.js';
import { classifyReference } from './direct-reference.js';
import type { Declaration, ManifestProblem } from './model.js';
import { classifyPoetryConstraint } from './poetry-constraint.js';
import { analyzeRequirement } from './requirement-spec.js';
import type { TomlLocator, TomlPath } from './toml-locator.js';

export interface PyprojectResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
  /** The project's own name (PEP 621 or Poetry), to recognise self-references. */
  projectName?: string;
  /** Which tools the file configures, to match a lock file. */
  tools: Set<'poetry' | 'uv' | 'pdm' | 'pep621'>;
}

type Table = Record<string, unknown>;

export function parsePyproject(file: string, value: Table, locator: TomlLocator): PyprojectResult {
  const result: PyprojectResult = { declarations: [], problems: [], tools: new Set() };
  const project = table(value['project']);
  const tool = table(value['tool']);
  const poetry = table(tool?.['poetry']);
  if (typeof project?.['name'] === 'string') result.projectName = project['name'];
  else if (typeof poetry?.['name'] === 'string') result.projectName = poetry['name'];

  const strings = (path: TomlPath, list: unknown, group?: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      if (typeof item !== 'string') return;
      addRequirement(result, file, locator, [...path, index], item, group);
    });
  };

  if (project) {
    result.tools.add('pep621');
    strings(['project', 'dependencies'], project['dependencies']);
    const optional = table(project['optional-dependencies']);
    for (const [group, list] of Object.entries(optional ?? {})) {
      strings(['project', 'optional-dependencies', group], list, group);
    }
  }
  const groups = table(value['dependency-groups']);
  for (const [group, list] of Object.entries(groups ?? {})) {
    strings(['dependency-groups', group], list, group);
  }
  const uv = table(tool?.['uv']);
  if (uv) {
    result.tools.add('uv');
    strings(['tool', 'uv', 'dev-dependencies'], uv['dev-dependencies'], 'dev');
  }
  const pdm = table(tool?.['pdm']);
  if (pdm) {
    result.tools.add('pdm');
    for (const [group, list] of Object.entries(table(pdm['dev-dependencies']) ?? {})) {
      strings(['tool', 'pdm', 'dev-dependencies', group], list, group);
    }
  }
  if (poetry) {
    result.tools.add('poetry');
    poetryTable(result, file, locator, ['tool', 'poetry', 'dependencies'], poetry['dependencies']);
    poetryTable(
      result,
      file,
      locator,
      ['tool', 'poetry', 'dev-dependencies'],
      poetry['dev-dependencies'],
      'dev',
    );
    for (const [group, spec] of Object.entries(table(poetry['group']) ?? {})) {
      poetryTable(
        result,
        file,
        locator,
        ['tool', 'poetry', 'group', group, 'dependencies'],
        table(spec)?.['dependencies'],
        group,
      );
    }
  }
  return result;
}

function addRequirement(
  result: PyprojectResult,
  file: string,
  locator: TomlLocator,
  path: TomlPath,
  text: string,
  group?: string,
): void {
  const where = locator.get(path)?.value?.start ?? locator.position(path) ?? { line: 1, column: 1 };
  const analysis = analyzeRequirement(text);
  if (analysis.kind === 'invalid') {
    result.problems.push({
      file,
      line: where.line,
      column: where.column,
      message: `invalid requirement "${text}": ${analysis.error}`,
    });
    return;
  }
  // The string's opening quote precedes its text.
  const site: DeclarationSite = {
    file,
    line: where.line,
    column: where.column + 1 + analysis.offset,
    source: 'pyproject',
  };
  if (group !== undefined) site.group = group;
  const declaration = declarePypi(analysis, site);
  if (declaration) result.declarations.push(declaration);
}

function poetryTable(
  result: PyprojectResult,
  file: string,
  locator: TomlLocator,
  path: TomlPath,
  deps: unknown,
  group?: string,
): void {
  for (const [name, spec] of Object.entries(table(deps) ?? {})) {
    // Poetry's `python` entry constrains the interpreter, not a package.
    if (name.toLowerCase() === 'python') continue;
    const where = locator.position([...path, name]) ?? { line: 1, column: 1 };
    const site: DeclarationSite = {
      file,
      line: where.line,
      column: where.column,
      source: 'poetry',
    };
    if (group !== undefined) site.group = group;
    const declaration = poetryDependency(name, spec, site);
    if (declaration) result.declarations.push(declaration);
  }
}

/** One Poetry dependency: a constraint string, a table (version/git/path/url) or a list of them. */
export function poetryDependency(
  name: string,
  spec: unknown,
  site: DeclarationSite,
): Declaration | undefined {
  const declaration = base(name, site, 'pypi');
  const specs = Array.isArray(spec) ? spec : [spec];
  const verdicts = specs.map((one) => poetryVerdict(one));
  if (verdicts.every((v) => v === undefined)) return undefined;
  const present = verdicts.filter((v): v is PoetryVerdict => v !== undefined);
  declaration.specifier = present.map((v) => v.specifier).join(' | ');
  const unpinned = present.find((v) => !v.pinned);
  declaration.pinned = !unpinned;
  if (unpinned) {
    declaration.why = unpinned.why ?? 'not an exact version';
    if (unpinned.strictOnly) declaration.strictOnly = true;
    declaration.suggestion = unpinned.git
      ? `pin a commit: ${name} = { git = "…", rev = "<40-character commit SHA>" }`
      : `pin the version you tested: ${name} = "X.Y.Z", or commit the poetry.lock`;
  } else if (present.length === 1 && present[0]!.version) declaration.version = present[0]!.version;
  return declaration;
}

interface PoetryVerdict {
  specifier: string;
  pinned: boolean;
  why?: string;
  version?: string;
  strictOnly?: boolean;
  git?: boolean;
}

function poetryVerdict(spec: unknown): PoetryVerdict | undefined {
  if (typeof spec === 'string') {
    const verdict = classifyPoetryConstraint(spec);
    const result: PoetryVerdict = { specifier: spec, pinned: verdict.pinned };
    if (verdict.why) result.why = verdict.why;
    if (verdict.version) result.version = verdict.version;
    return result;
  }
  const entry = table(spec);
  if (!entry) return undefined;
  if (typeof entry['path'] === 'string')
    return { specifier: `path ${entry['path']}`, pinned: true };
  if (typeof entry['git'] === 'string') {
    const ref = [entry['rev'], entry['tag'], entry['branch']].find((v) => typeof v === 'string') as
      string | undefined;
    const url = `git+${entry['git']}${ref ? `@${ref}` : ''}`;
    const classified = classifyReference(url);
    const result: PoetryVerdict = { specifier: url, pinned: classified.pinned, git: true };
    if (typeof entry['branch'] === 'string') {
      result.pinned = false;
      result.why = `branch ${entry['branch']} moves with every push`;
      return result;
    }
    if (typeof entry['tag'] === 'string' && !classified.pinned) {
      result.strictOnly = true;
      result.why = `tag ${entry['tag']} can be moved; a commit SHA cannot`;
      return result;
    }
    if (classified.why) result.why = classified.why;
    if (classified.strictOnly) result.strictOnly = true;
    return result;
  }
  if (typeof entry['url'] === 'string') {
    const classified = classifyReference(entry['url']);
    const result: PoetryVerdict = { specifier: entry['url'], pinned: classified.pinned };
    if (classified.why) result.why = classified.why;
    return result;
  }
  if (typeof entry['version'] === 'string') return poetryVerdict(entry['version']);
  return { specifier: '', pinned: false, why: 'no version constraint' };
}

export function table(value: unknown): Table | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Table)
    : undefined;
}
