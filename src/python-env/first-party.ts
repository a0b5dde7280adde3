// First-party modules: what an import can find inside the repository itself. Python looks in the
// script's own folder and the working directory; projects add `src/` layouts, packages declared in
// setup.py/pyproject, and folders they append to `sys.path`. A name found there is the project's
// own code, never a dependency.
import { posix } from 'node:path';
import { importPathChanges } from './sys-path.js';

export interface FirstPartyInput {
  /** Every repository-relative file path of the workspace. */
  files: readonly string[];
  /** Text of a file (undefined when unreadable). */
  text(file: string): string | undefined;
  /** Parsed TOML of a file (undefined when absent or malformed). */
  toml(file: string): Record<string, unknown> | undefined;
  /** Code of a Python file or notebook, with the `%cd` targets of its magics. */
  code(file: string): { text: string; cdTargets: string[] } | undefined;
  /** Extra first-party names from configuration. */
  extraNames?: readonly string[];
}

// Notebooks are not here: Python cannot import them, and `import_ipynb` imports are classified
// (and skipped) by the import analysis before they reach this index.
const MODULE_FILE = /\.(py|pyi|pyx|pyd|so)$/;

/** `pkg.cpython-311-x86_64-linux-gnu.so` -> `pkg`; `mod.py` -> `mod`; undefined for non-modules. */
function moduleName(base: string): string | undefined {
  if (!MODULE_FILE.test(base)) return undefined;
  const name = base
    .replace(/\.(?:cpython-[\w-]+|abi3|cp\d+-win[\w]*)?\.(so|pyd)$/, '')
    .replace(MODULE_FILE, '');
  return /^[A-Za-z_]\w*$/.test(name) ? name : undefined;
}

/** A module file or regular package shadows installed code; a plain folder is a namespace portion. */
type Kind = 'module' | 'namespace';

export class FirstPartyIndex {
  /** Folder -> names importable from it: modules, packages, and folders holding Python (namespace). */
  private readonly children = new Map<string, Map<string, Kind>>();
  /** Names that are first-party anywhere: top-level packages, declared packages, configured names. */
  private readonly global = new Set<string>();
  /** Every module or package name found anywhere (used when a file edits sys.path unreadably). */
  private readonly anywhere = new Set<string>();
  /** Module files and regular packages found anywhere (not plain folders). */
  private readonly modulesAnywhere = new Set<string>();
  /** Folders every file's imports are resolved from: the root and the source roots. */
  private readonly roots = new Set<string>(['']);
  private readonly perFile = new Map<string, { folders: string[]; unknown: boolean }>();

  constructor(private readonly input: FirstPartyInput) {
    const packages = new Set<string>();
    for (const file of input.files) {
      const parts = file.split('/');
      const name = moduleName(parts[parts.length - 1]);
      if (!name) continue;
      const folder = parts.slice(0, -1).join('/');
      if (name === '__init__') {
        packages.add(folder);
        if (parts.length >= 2)
          this.add(parts.slice(0, -2).join('/'), parts[parts.length - 2], 'module');
      } else {
        this.add(folder, name, 'module');
      }
      // Every ancestor folder can import the next folder down, at least as a namespace package.
      for (let i = parts.length - 2; i >= 0; i--) {
        if (!/^[A-Za-z_]\w*$/.test(parts[i])) break;
        this.add(parts.slice(0, i).join('/'), parts[i], 'namespace');
      }
    }
    // The outermost folder of each chain of `__init__.py` packages is importable as a top-level name.
    for (const pkg of packages) {
      if (pkg && !packages.has(folderOf(pkg))) this.global.add(posix.basename(pkg));
    }
    for (const name of input.extraNames ?? []) this.global.add(name);
    if (this.children.has('src')) this.roots.add('src');
    this.readPackagingMetadata();
  }

  private add(folder: string, name: string, kind: Kind): void {
    let map = this.children.get(folder);
    if (!map) this.children.set(folder, (map = new Map()));
    if (map.get(name) !== 'module') map.set(name, kind);
    this.anywhere.add(name);
    if (kind === 'module') this.modulesAnywhere.add(name);
  }

  /** Packages and source roots named by setup.py, setup.cfg and pyproject.toml. */
  private readPackagingMetadata(): void {
    const names: string[] = [];
    const roots: string[] = [];
    for (const file of this.input.files) {
      const base = posix.basename(file);
      const dir = folderOf(file);
      if (base === 'pyproject.toml') {
        const toml = this.input.toml(file);
        if (toml) collectPyproject(toml, dir, names, roots);
      } else if (base === 'setup.py' || base === 'setup.cfg') {
        const text = this.input.text(file);
        if (text) collectSetup(text, dir, names, roots);
      }
    }
    for (const name of names) this.global.add(name);
    for (const root of roots)
      if (this.children.has(posix.normalize(root))) this.roots.add(posix.normalize(root));
  }

  private fileChanges(file: string): { folders: string[]; unknown: boolean } {
    let changes = this.perFile.get(file);
    if (!changes) {
      const code = this.input.code(file);
      changes = code
        ? importPathChanges(code.text, folderOf(file), code.cdTargets)
        : { folders: [], unknown: false };
      this.perFile.set(file, changes);
    }
    return changes;
  }

  /**
   * Whether `folder` provides `parts[0]`. A plain folder (namespace package) loses to an installed
   * package of the same name, so it only counts when the import reaches something inside it:
   * `from data.loader import x` or `from data import loader` with data/loader.py present.
   */
  private provides(folder: string, parts: string[], names: readonly string[]): boolean {
    const kind = this.children.get(folder)?.get(parts[0]);
    if (kind === 'module') return true;
    if (kind !== 'namespace') return false;
    const inside = this.children.get(folder ? `${folder}/${parts[0]}` : parts[0]);
    if (!inside) return false;
    if (parts.length > 1) return inside.has(parts[1]);
    return names.length === 0 || names.some((n) => inside.has(n));
  }

  /** Whether a module file or package of this top-level name exists anywhere in the repository. */
  existsAnywhere(name: string): boolean {
    return this.modulesAnywhere.has(name);
  }

  /**
   * Whether an absolute import in `file` resolves to the repository's own code. `names` are the
   * names of a from-import (they may be submodules of a namespace folder).
   */
  isFirstParty(module: string, file: string, names: readonly string[] = []): boolean {
    const parts = module.split('.');
    if (!parts[0]) return true;
    if (this.global.has(parts[0])) return true;
    // protoc output (`person_pb2`, `service_pb2_grpc`) is generated into the project at build time.
    if (/_pb2(?:_grpc)?$/.test(parts[0])) return true;
    const search = new Set(this.roots);
    // The script's folder and its ancestors (run from the project folder, or a parent of it).
    for (let dir = folderOf(file); ; dir = folderOf(dir)) {
      search.add(dir);
      if (dir === '') break;
    }
    const changes = this.fileChanges(file);
    for (const folder of changes.folders) search.add(folder);
    for (const folder of search) if (this.provides(folder, parts, names)) return true;
    return changes.unknown && this.anywhere.has(parts[0]);
  }
}

function folderOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function topName(dotted: string): string {
  return dotted.split('.')[0];
}

/** `[project].name`, setuptools `packages`/`package-dir`/`packages.find.where`, Poetry `packages`. */
function collectPyproject(
  toml: Record<string, unknown>,
  dir: string,
  names: string[],
  roots: string[],
): void {
  const table = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const project = table(toml.project);
  const tool = table(toml.tool);
  const poetry = table(tool?.poetry);
  const setuptools = table(tool?.setuptools);
  for (const name of [project?.name, poetry?.name]) {
    if (typeof name === 'string') names.push(name.replace(/[-.]+/g, '_'));
  }
  for (const pkg of strings(setuptools?.packages)) names.push(topName(pkg));
  const packageDir = table(setuptools?.['package-dir']);
  for (const value of Object.values(packageDir ?? {})) {
    if (typeof value === 'string') roots.push(posix.join(dir, value));
  }
  const find = table(table(setuptools?.packages)?.find);
  for (const where of strings(find?.where)) roots.push(posix.join(dir, where));
  for (const entry of Array.isArray(poetry?.packages) ? poetry.packages : []) {
    const pkg = table(entry);
    if (typeof pkg?.include === 'string') names.push(topName(pkg.include.replace(/\/.*$/, '')));
    if (typeof pkg?.from === 'string') roots.push(posix.join(dir, pkg.from));
  }
  // Hatch and flit name their package folders too.
  const hatchWheel = table(table(table(table(tool?.hatch)?.build)?.targets)?.wheel);
  for (const pkg of strings(hatchWheel?.packages)) {
    names.push(posix.basename(pkg));
    if (posix.dirname(pkg) !== '.') roots.push(posix.join(dir, posix.dirname(pkg)));
  }
}

/** `packages=[...]`, `py_modules=[...]`, `name=...`, `package_dir={'': 'src'}`, `where='src'` in setup.py / setup.cfg. */
function collectSetup(text: string, dir: string, names: string[], roots: string[]): void {
  const quoted = (s: string) => [...s.matchAll(/["']([A-Za-z_][\w.]*)["']/g)].map((m) => m[1]);
  for (const m of text.matchAll(/\b(?:packages|py_modules)\s*=\s*\[([^\]]*)\]/g))
    names.push(...quoted(m[1]).map(topName));
  const name = /\bname\s*=\s*["']([A-Za-z0-9_.-]+)["']/.exec(text);
  if (name) names.push(name[1].replace(/[-.]+/g, '_'));
  for (const m of text.matchAll(/package_dir\s*=\s*\{\s*["']{2}\s*:\s*["']([^"']+)["']/g))
    roots.push(posix.join(dir, m[1]));
  for (const m of text.matchAll(/\bwhere\s*=\s*\[?\s*["']([^"']+)["']/g))
    roots.push(posix.join(dir, m[1]));
  // setup.cfg: `packages =` followed by indented names, `package_dir = =src`.
  const cfgPackages = /^packages\s*=\s*\n((?:[ \t]+\S.*\n?)+)/m.exec(text);
  if (cfgPackages)
    names.push(
      ...cfgPackages[1]
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[A-Za-z_][\w.]*$/.test(l))
        .map(topName),
    );
  const cfgDir = /^package_dir\s*=\s*\n?\s*=\s*(\S+)/m.exec(text);
  if (cfgDir) roots.push(posix.join(dir, cfgDir[1]));
}
