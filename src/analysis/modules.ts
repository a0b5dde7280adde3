// Module resolution without Python: which repository file an import names. Search roots follow
// what `python script.py`, `python -m pkg.mod` and an installed `src/` layout put on sys.path:
// the importing script's own folder (when it is not inside a package), the folder above the
// topmost package that holds the importer, `src/`, and the repository root. Regular packages,
// namespace packages (folders of .py files without __init__.py) and notebooks imported as modules
// (import_ipynb, `ipynb.fs.full.x`, `%run other.ipynb`) are understood; everything else is
// external and keeps its full dotted name.
import { posix } from 'node:path';
import type { ScannedImport } from './import-record.js';

export interface ModuleIndex {
  /** Python and notebook files of the repository. */
  readonly files: ReadonlySet<string>;
  /** Folders that hold a .py file somewhere below them (candidate namespace packages). */
  readonly codeDirs: ReadonlySet<string>;
  /** Global search roots, most specific first ('' is the repository root). */
  readonly roots: readonly string[];
}

/** One place an import leads to. */
export interface ImportTarget {
  /** A repository file (`pkg/mod.py`, `pkg/__init__.py`, `nb.ipynb`); absent for an external module. */
  file?: string;
  /** The full dotted name of an external module (`torch.optim`), or of a repo module (`pkg.mod`). */
  module: string;
  /** Names taken from that module (for `from m import a, b` when a and b are not submodules). */
  symbols: string[];
  /** A package `__init__.py` run on the way to the module that was named. */
  implicit: boolean;
  /** How a notebook target is loaded: every cell, or only its definitions (`ipynb.fs.defs`). */
  notebook?: 'full' | 'defs';
}

export function createModuleIndex(paths: Iterable<string>): ModuleIndex {
  const files = new Set<string>();
  const codeDirs = new Set<string>();
  for (const path of paths) {
    if (!path.endsWith('.py') && !path.endsWith('.ipynb')) continue;
    files.add(path);
    if (!path.endsWith('.py')) continue;
    let dir = posix.dirname(path);
    while (dir !== '.' && !codeDirs.has(dir)) {
      codeDirs.add(dir);
      dir = posix.dirname(dir);
    }
  }
  // `src/` is a search root in the src layout (packages below it), not when it is itself a package.
  const roots = codeDirs.has('src') && !files.has('src/__init__.py') ? ['src', ''] : [''];
  return { files, codeDirs, roots };
}

function dirOf(file: string): string {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, rest: string): string {
  return dir === '' ? rest : `${dir}/${rest}`;
}

function isPackage(index: ModuleIndex, dir: string): boolean {
  return dir !== '' && index.files.has(join(dir, '__init__.py'));
}

/** The folder above the topmost regular package holding `file` (its sys.path entry under `-m`). */
function packageRoot(index: ModuleIndex, file: string): string | undefined {
  let dir = dirOf(file);
  if (!isPackage(index, dir)) return undefined;
  while (isPackage(index, dir)) dir = dirOf(dir);
  return dir;
}

/** Search roots for an import written in `file`, in the order Python would most likely see them. */
export function searchRoots(index: ModuleIndex, file: string): string[] {
  const own = dirOf(file);
  const roots: string[] = [];
  const add = (root: string | undefined) => {
    if (root !== undefined && !roots.includes(root)) roots.push(root);
  };
  const top = packageRoot(index, file);
  if (top === undefined) add(own);
  add(top);
  for (const root of index.roots) add(root);
  add(own);
  return roots;
}

type Found =
  | { kind: 'module'; file: string }
  | { kind: 'package'; file: string; dir: string }
  | { kind: 'namespace'; dir: string };

/** What `dir/name` is: a module file, a regular package, a namespace package, or nothing. */
function lookup(
  index: ModuleIndex,
  dir: string,
  name: string,
  notebooks: boolean,
): Found | undefined {
  const path = join(dir, name);
  if (index.files.has(`${path}.py`)) return { kind: 'module', file: `${path}.py` };
  if (index.files.has(`${path}/__init__.py`))
    return { kind: 'package', file: `${path}/__init__.py`, dir: path };
  if (notebooks && index.files.has(`${path}.ipynb`))
    return { kind: 'module', file: `${path}.ipynb` };
  if (index.codeDirs.has(path)) return { kind: 'namespace', dir: path };
  return undefined;
}

interface Walk {
  targets: ImportTarget[];
  /** The last module reached, and the dotted parts that did not resolve below it. */
  last?: Found;
  rest: string[];
}

/** Walk `parts` down from `dir`, collecting each package `__init__` on the way. */
function walk(
  index: ModuleIndex,
  dir: string,
  parts: string[],
  prefix: string,
  notebooks: boolean,
): Walk | undefined {
  const targets: ImportTarget[] = [];
  let current = dir;
  let last: Found | undefined;
  let dotted = prefix;
  for (let i = 0; i < parts.length; i++) {
    if (last && last.kind === 'module') return { targets, last, rest: parts.slice(i) };
    const found = lookup(index, current, parts[i], notebooks);
    if (!found) {
      if (!last) return undefined;
      return { targets, last, rest: parts.slice(i) };
    }
    dotted = dotted ? `${dotted}.${parts[i]}` : parts[i];
    if (found.kind !== 'namespace')
      targets.push({ file: found.file, module: dotted, symbols: [], implicit: true });
    if (found.kind !== 'module') current = found.dir;
    last = found;
  }
  return { targets, last, rest: [] };
}

/** Resolve one import record to the repository files (or external modules) it loads. */
export function resolveImport(
  index: ModuleIndex,
  record: ScannedImport,
  notebooks = false,
): ImportTarget[] {
  if (record.kind === 'notebook-run') return resolveRun(index, record);
  const ipynb = /^ipynb\.fs\.(full|defs)\.(.+)$/.exec(record.module);
  if (ipynb && record.level === 0)
    return resolveIpynbPackage(index, record, ipynb[1] as 'full' | 'defs', ipynb[2]);

  const parts = record.module ? record.module.split('.') : [];
  if (record.level > 0) {
    let base = dirOf(record.file);
    for (let i = 1; i < record.level; i++) base = dirOf(base);
    if (parts.length === 0) {
      const init = join(base, '__init__.py');
      const last: Found = index.files.has(init)
        ? { kind: 'package', file: init, dir: base }
        : { kind: 'namespace', dir: base };
      const targets: ImportTarget[] =
        last.kind === 'package' ? [{ file: init, module: '', symbols: [], implicit: true }] : [];
      return finish(index, record, { targets, last, rest: [] }, notebooks);
    }
    const walked = walk(index, base, parts, '', notebooks);
    return walked ? finish(index, record, walked, notebooks) : [];
  }
  for (const root of searchRoots(index, record.file)) {
    const walked = walk(index, root, parts, '', notebooks);
    if (!walked) continue;
    const targets = finish(index, record, walked, notebooks);
    // A folder that merely shares the name (a namespace package with nothing imported from it)
    // does not shadow an installed distribution: keep looking, then call it external.
    if (targets.some((t) => t.file)) return targets;
  }
  return [
    { module: record.module, symbols: record.kind === 'from' ? record.names : [], implicit: false },
  ];
}

/** Turn a walk into targets: the named module, the package inits on the way, from-import names. */
function finish(
  index: ModuleIndex,
  record: ScannedImport,
  walked: Walk,
  notebooks: boolean,
): ImportTarget[] {
  const { targets, rest } = walked;
  const last = walked.last;
  const lastTarget = targets[targets.length - 1];
  if (lastTarget && lastTarget.module === dottedOf(record, rest)) lastTarget.implicit = false;
  if (rest.length > 0) {
    // `import pkg.missing` or `from pkg.mod import name` where mod is a plain module.
    if (lastTarget) {
      lastTarget.implicit = false;
      lastTarget.symbols = [rest[0]];
    }
    return targets;
  }
  if (record.kind !== 'from' || !last) {
    if (lastTarget) lastTarget.implicit = false;
    return targets;
  }
  if (last.kind === 'module') {
    if (lastTarget) {
      lastTarget.implicit = false;
      lastTarget.symbols = record.names;
    }
    return targets;
  }
  // `from pkg import a, b`: each name is a submodule of pkg or a symbol its __init__ defines.
  const symbols: string[] = [];
  const prefix = lastTarget?.module ?? dottedOf(record, []);
  for (const name of record.names) {
    const sub = name === '*' ? undefined : lookup(index, last.dir, name, notebooks);
    if (sub && sub.kind !== 'namespace') {
      targets.push({
        file: sub.file,
        module: prefix ? `${prefix}.${name}` : name,
        symbols: [],
        implicit: false,
      });
    } else {
      symbols.push(name);
    }
  }
  if (lastTarget && symbols.length > 0) {
    lastTarget.implicit = false;
    lastTarget.symbols = symbols;
  }
  return targets;
}

function dottedOf(record: ScannedImport, rest: string[]): string {
  const parts = record.module ? record.module.split('.') : [];
  return parts.slice(0, parts.length - rest.length).join('.');
}

function resolveIpynbPackage(
  index: ModuleIndex,
  record: ScannedImport,
  mode: 'full' | 'defs',
  rest: string,
): ImportTarget[] {
  const path = rest.split('.').join('/');
  for (const root of [dirOf(record.file), ...index.roots]) {
    const file = `${join(root, path)}.ipynb`;
    if (index.files.has(file))
      return [
        { file, module: record.module, symbols: record.names, implicit: false, notebook: mode },
      ];
  }
  return [{ module: record.module, symbols: record.names, implicit: false }];
}

function resolveRun(index: ModuleIndex, record: ScannedImport): ImportTarget[] {
  const raw = record.module.replace(/\\/g, '/');
  const base = raw.startsWith('/') ? raw.slice(1) : posix.normalize(join(dirOf(record.file), raw));
  const candidates = /\.(ipynb|py)$/.test(base) ? [base] : [`${base}.ipynb`, `${base}.py`, base];
  for (const file of candidates) {
    if (index.files.has(file))
      return [{ file, module: file, symbols: [], implicit: false, notebook: 'full' }];
  }
  return [];
}
