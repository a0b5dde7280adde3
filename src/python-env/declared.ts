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

/** A folder and the folders above it, up to the root (`''`). */
function ancestors(folder: string): string[] {
  const out: string[] = [];
  for (let dir = folder; ; dir = folderOf(dir)) {
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

/** The manifest a missing dependency should go into (see `DeclarationScopes.nearestManifest`). */
export interface NearestManifest {
  file: string;
  source: DeclarationSource;
  /** Whether it governs the file's own folder (else it is only the closest in the repository). */
  beside: boolean;
}

export class DeclarationScopes {
  private readonly byFolder = new Map<string, DeclaredName[]>();
  private readonly byFile = new Map<string, DeclaredName[]>();
  private readonly everywhere: DeclaredName[] = [];
  private readonly folderScoped: DeclaredName[] = [];
  /** Every manifest file that declares something (folder- or repo-scoped). */
  readonly manifests: string[];
  private readonly opaque = new Set<string>();
  // Everything below depends only on a file's folder (or on one name), and a repository has far
  // fewer folders than files and imports: computed once each, on first use.
  private readonly chains = new Map<string, DeclaredName[]>();
  private readonly namesByFolder = new Map<string, ReadonlySet<string>>();
  private readonly opaqueByFolder = new Map<string, string[]>();
  private readonly nearestByFolder = new Map<string, NearestManifest | undefined>();
  /** Per folder key of `byFolder`: its manifest files, in declaration order. */
  private readonly manifestsByFolder = new Map<string, Map<string, Candidate>>();
  /** Every manifest file, in declaration order. */
  private readonly allManifests = new Map<string, Candidate>();
  private anywhere: Map<string, DeclaredName[]> | undefined;

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
        const folder = folderOf(declaration.file);
        push(this.byFolder, folder, names);
        this.folderScoped.push(...names);
        manifests.add(declaration.file);
        if (!this.allManifests.has(declaration.file)) {
          const candidate = candidateOf(declaration.file, declaration.source);
          this.allManifests.set(declaration.file, candidate);
          let files = this.manifestsByFolder.get(folder);
          if (!files) this.manifestsByFolder.set(folder, (files = new Map()));
          files.set(declaration.file, candidate);
        }
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
    this.opaqueByFolder.clear();
  }

  /** The unreadable manifests among those that govern `file` (see `markOpaque`). */
  opaqueGoverning(file: string): string[] {
    if (this.opaque.size === 0) return [];
    const folder = folderOf(file);
    let found = this.opaqueByFolder.get(folder);
    if (!found) {
      const files = new Set(this.projectDeclarations(folder).map((d) => d.declaration.file));
      found = [...this.opaque].filter((m) => files.has(m));
      this.opaqueByFolder.set(folder, found);
    }
    return [...found];
  }

  /** Whether the repository has a manifest (a notebook's own `%pip install` is not one). */
  get hasManifest(): boolean {
    return this.folderScoped.length > 0 || this.everywhere.length > 0;
  }

  /** The folder keys of `byFolder` that govern `folder`: it and its ancestors, each with its environment sub-folders. */
  private chainFolders(folder: string): string[] {
    const out: string[] = [];
    for (const dir of ancestors(folder)) {
      out.push(dir);
      for (const env of ENVIRONMENT_FOLDERS) out.push(dir ? `${dir}/${env}` : env);
    }
    return out;
  }

  /**
   * Folder-scoped declarations in the folder and the folders above it, each with its
   * environment sub-folders (`docker/`, `conda/`, ...).
   */
  private chainDeclarations(folder: string): DeclaredName[] {
    let chain = this.chains.get(folder);
    if (!chain) {
      chain = [];
      for (const key of this.chainFolders(folder)) {
        const names = this.byFolder.get(key);
        if (names) for (const name of names) chain.push(name);
      }
      this.chains.set(folder, chain);
    }
    return chain;
  }

  /** The folder-scoped declarations that govern a folder's files: its chain's, or every one when it has none. */
  private projectDeclarations(folder: string): DeclaredName[] {
    const chain = this.chainDeclarations(folder);
    return chain.length > 0 ? chain : this.folderScoped;
  }

  /** The declarations that govern `file` (see the file comment for the scoping). */
  governing(file: string): DeclaredName[] {
    return [
      ...this.projectDeclarations(folderOf(file)),
      ...this.everywhere,
      ...(this.byFile.get(file) ?? []),
    ];
  }

  /** The names `governing(file)` declares, as a set (shared between files of a folder). */
  declaredNames(file: string): ReadonlySet<string> {
    const folder = folderOf(file);
    let names = this.namesByFolder.get(folder);
    if (!names) {
      const set = new Set<string>();
      for (const d of this.projectDeclarations(folder)) set.add(d.name);
      for (const d of this.everywhere) set.add(d.name);
      this.namesByFolder.set(folder, (names = set));
    }
    const own = this.byFile.get(file);
    if (!own) return names;
    const withOwn = new Set(names);
    for (const d of own) withOwn.add(d.name);
    return withOwn;
  }

  /** Every declaration of a (normalised) name anywhere in the repository. */
  declaredAnywhere(name: string): DeclaredName[] {
    if (!this.anywhere) {
      this.anywhere = new Map();
      const all = [...this.folderScoped, ...this.everywhere, ...[...this.byFile.values()].flat()];
      for (const declared of all) push(this.anywhere, declared.name, [declared]);
    }
    return [...(this.anywhere.get(name) ?? [])];
  }

  /**
   * The manifest a missing dependency of `file` should be added to: the nearest one in its own
   * folder or above, else the one closest to it in its project; a runtime requirements file
   * before the other kinds and before a dev one. `beside` says whether it governs the file's folder.
   */
  nearestManifest(file: string): NearestManifest | undefined {
    const folder = folderOf(file);
    if (this.nearestByFolder.has(folder)) {
      const cached = this.nearestByFolder.get(folder);
      return cached && { ...cached };
    }
    const nearest = this.findNearestManifest(folder);
    this.nearestByFolder.set(folder, nearest);
    return nearest && { ...nearest };
  }

  private findNearestManifest(folder: string): NearestManifest | undefined {
    // The candidates, each with the source it is first declared by: the chain's manifests, or
    // every one when the folder has none above it.
    const beside = this.chainDeclarations(folder).length > 0;
    let candidates: Iterable<Candidate> = this.allManifests.values();
    if (beside) {
      const chain = new Map<string, Candidate>();
      for (const key of this.chainFolders(folder)) {
        for (const [file, candidate] of this.manifestsByFolder.get(key) ?? []) {
          if (!chain.has(file)) chain.set(file, candidate);
        }
      }
      candidates = chain.values();
    }
    const here = folder.split('/').filter(Boolean);
    // The first best candidate in that order, as a stable sort by these keys would rank it.
    let best: Candidate | undefined;
    let bestDistance = 0;
    for (const candidate of candidates) {
      const d = distance(here, candidate.folder);
      if (!best || precedes(d, candidate, bestDistance, best)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best ? { file: best.file, source: best.source, beside } : undefined;
  }
}

/** A manifest a missing dependency may be added to, with what ranks it. */
interface Candidate {
  file: string;
  /** The source it is first declared by. */
  source: DeclarationSource;
  /** Its folder's parts. */
  folder: string[];
  /** Path segments: as near, the more specific (deeper) one wins (job/docker/ before the root's for job/x.py). */
  depth: number;
  /** Conventional kinds first, and a runtime file before a dev one. */
  rank: number;
}

function candidateOf(file: string, source: DeclarationSource): Candidate {
  return {
    file,
    source,
    folder: folderOf(file).split('/').filter(Boolean),
    depth: file.split('/').length,
    rank: MANIFEST_PREFERENCE.indexOf(source) * 2 + (DEV_FILE.test(posix.basename(file)) ? 1 : 0),
  };
}

/** Whether candidate `a` at distance `da` ranks strictly before `b` at `db`. */
function precedes(da: number, a: Candidate, db: number, b: Candidate): boolean {
  if (da !== db) return da < db;
  if (a.depth !== b.depth) return a.depth > b.depth;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.file.localeCompare(b.file) < 0;
}

/** Steps through the folder tree from one folder to another (both as parts). */
function distance(from: readonly string[], to: readonly string[]): number {
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return from.length - common + (to.length - common);
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
