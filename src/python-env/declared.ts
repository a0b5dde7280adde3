// Which declarations apply to a code file, and which manifest a missing one should go into.
//
// Scoping (monorepos with per-folder manifests): a file is governed by the manifests in its own
// folder and the folders above it, each with its environment sub-folders (`docker/`, `conda/`,
// `env/`, `requirements/`, `binder/`, `.devcontainer/`, ...), when there are any: an environment is
// built from the manifest beside the code, so a package declared only for a sibling project
// (`training/requirements.txt` for `services/api/app.py`) does not make the import work. A file
// with no manifest above it (a notebook folder, a course's homework folder) is governed by every
// manifest of the repository, there being no nearer evidence of its environment. Notebook
// installs (`%pip install`) and PEP 723 script headers govern only their own file; CI installs
// govern the whole repository.
import { posix } from 'node:path';
import type { Declaration, DeclarationSource } from '../manifests/model.js';
import { condaToPypi, normalizeDistribution } from './distributions.js';

/** Sources that install into the file they are written in, not its folder. */
const FILE_SCOPED: ReadonlySet<DeclarationSource> = new Set(['notebook', 'pep723']);
/** Sources whose folder means nothing for the code: CI installs apply to the whole repository. */
const REPO_SCOPED: ReadonlySet<DeclarationSource> = new Set(['workflow']);
/** A lock lists transitive packages too; only what a manifest states counts as declared. */
const NOT_DECLARATIONS: ReadonlySet<DeclarationSource> = new Set(['lock']);

/** Where a missing dependency is best added, most conventional first. */
const MANIFEST_PREFERENCE: readonly DeclarationSource[] = [
  'requirements',
  'pyproject',
  'poetry',
  'pipfile',
  'conda',
  'conda-pip',
  'setup.cfg',
  'setup.py',
  'dockerfile',
  'shell',
];

export interface DeclaredName {
  /** Normalised PyPI name this declaration installs. */
  name: string;
  declaration: Declaration;
}

function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let dir = folderOf(file); ; dir = folderOf(dir)) {
    out.push(dir);
    if (dir === '') return out;
  }
}

/** The PyPI names one declaration installs (a conda package may map to another name, or several). */
export function pypiNamesOf(declaration: Declaration): string[] {
  if (declaration.ecosystem === 'conda') return [...condaToPypi(declaration.name)];
  if (declaration.ecosystem === 'pypi')
    return [declaration.normalizedName || normalizeDistribution(declaration.name)];
  return [];
}

/** Sub-folders that hold a project's environment rather than its code. */
const ENVIRONMENT_FOLDERS = [
  'docker',
  'conda',
  'env',
  'envs',
  'environment',
  'environments',
  'requirements',
  'deploy',
  'deployment',
  'binder',
  '.devcontainer',
];

/** Requirements files meant for development only (their name says so). */
const DEV_FILE = /(^|[-_./])(dev|devel|develop|test|tests|testing|lint|docs?|ci)([-_.]|$)/i;

export class DeclarationScopes {
  private readonly byFolder = new Map<string, DeclaredName[]>();
  private readonly byFile = new Map<string, DeclaredName[]>();
  private readonly everywhere: DeclaredName[] = [];
  private readonly folderScoped: DeclaredName[] = [];
  /** Every manifest file that declares something (folder- or repo-scoped). */
  readonly manifests: string[];
  private readonly opaque = new Set<string>();

  constructor(declarations: readonly Declaration[]) {
    const manifests = new Set<string>();
    for (const declaration of declarations) {
      if (NOT_DECLARATIONS.has(declaration.source)) continue;
      const names = pypiNamesOf(declaration).map((name) => ({ name, declaration }));
      if (names.length === 0) continue;
      if (FILE_SCOPED.has(declaration.source)) {
        push(this.byFile, declaration.file, names);
      } else if (REPO_SCOPED.has(declaration.source)) {
        this.everywhere.push(...names);
      } else {
        push(this.byFolder, folderOf(declaration.file), names);
        this.folderScoped.push(...names);
        manifests.add(declaration.file);
      }
    }
    this.manifests = [...manifests].sort();
  }

  /**
   * Manifests that pull in requirements we cannot read (`-r https://...`, `-r` of a missing
   * file): what they declare is unknown, so the files they govern cannot be judged.
   */
  markOpaque(isOpaque: (manifest: string) => boolean): void {
    for (const manifest of this.manifests) if (isOpaque(manifest)) this.opaque.add(manifest);
  }

  /** The unreadable manifests among those that govern `file` (see `markOpaque`). */
  opaqueGoverning(file: string): string[] {
    if (this.opaque.size === 0) return [];
    const files = new Set(this.projectDeclarations(file).map((d) => d.declaration.file));
    return [...this.opaque].filter((m) => files.has(m));
  }

  /** Whether the repository has a manifest (a notebook's own `%pip install` is not one). */
  get hasManifest(): boolean {
    return this.folderScoped.length > 0 || this.everywhere.length > 0;
  }

  /**
   * Folder-scoped declarations in the file's folder and the folders above it, each with its
   * environment sub-folders (`docker/`, `conda/`, ...).
   */
  private chainDeclarations(file: string): DeclaredName[] {
    const out: DeclaredName[] = [];
    for (const dir of ancestors(file)) {
      out.push(...(this.byFolder.get(dir) ?? []));
      for (const env of ENVIRONMENT_FOLDERS) {
        out.push(...(this.byFolder.get(dir ? `${dir}/${env}` : env) ?? []));
      }
    }
    return out;
  }

  /** The folder-scoped declarations that govern `file`: its chain's, or every one when it has none. */
  private projectDeclarations(file: string): DeclaredName[] {
    const chain = this.chainDeclarations(file);
    return chain.length > 0 ? chain : this.folderScoped;
  }

  /** The declarations that govern `file` (see the file comment for the scoping). */
  governing(file: string): DeclaredName[] {
    return [
      ...this.projectDeclarations(file),
      ...this.everywhere,
      ...(this.byFile.get(file) ?? []),
    ];
  }

  /** Every declaration of a (normalised) name anywhere in the repository. */
  declaredAnywhere(name: string): DeclaredName[] {
    const all = [...this.folderScoped, ...this.everywhere, ...[...this.byFile.values()].flat()];
    return all.filter((d) => d.name === name);
  }

  /**
   * The manifest a missing dependency of `file` should be added to: the nearest one in its own
   * folder or above, else the one closest to it in its project; a runtime requirements file
   * before the other kinds and before a dev one. `beside` says whether it governs the file's folder.
   */
  nearestManifest(
    file: string,
  ): { file: string; source: DeclarationSource; beside: boolean } | undefined {
    const chain = this.chainDeclarations(file);
    const files = new Map<string, DeclarationSource>();
    for (const { declaration } of chain.length > 0 ? chain : this.folderScoped) {
      if (!files.has(declaration.file)) files.set(declaration.file, declaration.source);
    }
    const rank = (f: string, s: DeclarationSource) =>
      MANIFEST_PREFERENCE.indexOf(s) * 2 + (DEV_FILE.test(posix.basename(f)) ? 1 : 0);
    const ranked = [...files].sort(
      ([fa, sa], [fb, sb]) =>
        distance(file, fa) - distance(file, fb) ||
        // As near, the more specific (deeper) one: job/docker/ before the root's for job/x.py.
        fb.split('/').length - fa.split('/').length ||
        rank(fa, sa) - rank(fb, sb) ||
        fa.localeCompare(fb),
    );
    const best = ranked[0];
    return best ? { file: best[0], source: best[1], beside: chain.length > 0 } : undefined;
  }
}

/** Whether `path` is `folder` or inside it (repository-relative, `''` is the root). */
/** Steps through the folder tree from the folder of `from` to the folder of `to`. */
function distance(from: string, to: string): number {
  const a = folderOf(from).split('/').filter(Boolean);
  const b = folderOf(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common + (b.length - common);
}

function push(map: Map<string, DeclaredName[]>, key: string, names: DeclaredName[]): void {
  const list = map.get(key);
  if (list) list.push(...names);
  else map.set(key, [...names]);
}

/** A requirements include or constraint from a URL, in a requirements file or a conda `pip:` list. */
const REMOTE_INCLUDE =
  /^[\t ]*(?:-[\t ]+)?(?:-r|--requirement|-c|--constraint)[\t =]+["']?https?:\/\//m;

/** Whether a manifest's text includes requirements from a URL (their content is unknowable here). */
export function hasRemoteInclude(text: string): boolean {
  return REMOTE_INCLUDE.test(text);
}

/** How to add `requirement` (`name==version`) to a manifest of this kind, as a short instruction. */
export function additionHint(
  requirement: string,
  manifest: { file: string; source: DeclarationSource } | undefined,
): string {
  if (!manifest) return `create requirements.txt listing ${requirement}`;
  const { file, source } = manifest;
  switch (source) {
    case 'pyproject':
      return `add "${requirement}" to [project].dependencies in ${file}`;
    case 'poetry': {
      const [name, version] = requirement.split('==');
      return `add ${name} = "${version}" to [tool.poetry.dependencies] in ${file}`;
    }
    case 'pipfile': {
      const [name, version] = requirement.split('==');
      return `add ${name} = "==${version}" to [packages] in ${file}`;
    }
    case 'conda':
    case 'conda-pip':
      return `add ${requirement} to the pip: list of ${file}`;
    case 'setup.py':
    case 'setup.cfg':
      return `add "${requirement}" to install_requires in ${file}`;
    case 'dockerfile':
    case 'shell':
      return `add ${requirement} to the pip install in ${file}`;
    default:
      return `add ${requirement} to ${file}`;
  }
}
