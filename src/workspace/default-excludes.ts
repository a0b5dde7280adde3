// Folders no rule should read even when nobody ignored them: virtual environments, caches,
// installed packages and build output. Their files are third-party or generated copies, so
// findings there are noise and reading them is most of the cost of a scan.

/** Folder names excluded wherever they appear. */
const EXCLUDED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  'site-packages',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  '.eggs',
  // Sphinx and Jupyter Book write only generated pages (and executed notebook copies) here.
  '_build',
]);

/** Folder names excluded only when their content looks generated (see looksLikeBuildOutput). */
const BUILD_FOLDERS = new Set(['build', 'dist']);

/** A file whose presence marks its folder as a virtual environment. */
export const VENV_MARKER = 'pyvenv.cfg';
/** A folder whose presence marks its parent as a conda environment. */
export const CONDA_MARKER = 'conda-meta';

export function isExcludedFolderName(name: string): boolean {
  return EXCLUDED_FOLDERS.has(name) || name.endsWith('.egg-info');
}

export function isBuildFolderName(name: string): boolean {
  return BUILD_FOLDERS.has(name);
}

export interface FolderChild {
  name: string;
  isDirectory: boolean;
}

/**
 * Whether a `build/` or `dist/` folder holds generated output rather than sources, judged by
 * what sits directly inside it: Python distributions (`.whl`, sdists, eggs), setuptools'
 * build layout (folders `lib`, `lib.<platform>`, `bdist.<platform>`, `temp.<platform>`,
 * `scripts-<version>`) or Sphinx's (`html`, `doctrees`). A tracked `build/` holding a Dockerfile and scripts stays in scope.
 */
export function looksLikeBuildOutput(children: Iterable<FolderChild>): boolean {
  for (const { name, isDirectory } of children) {
    if (isDirectory) {
      if (
        name === 'lib' ||
        name === 'html' ||
        name === 'doctrees' ||
        /^(lib|bdist|temp)\.[^/]+$/.test(name) ||
        /^scripts-\d/.test(name)
      ) {
        return true;
      }
    } else if (/\.(whl|egg|tar\.gz|tar\.bz2|tar\.xz)$/.test(name)) {
      return true;
    }
  }
  return false;
}

/**
 * Drop the paths that sit in a default-excluded folder. Works on a flat list of root-relative
 * file paths (what `git ls-files` gives), deriving environment markers and the content of
 * build folders from the list itself.
 */
export function filterDefaultExcludes(paths: readonly string[]): string[] {
  const environments = new Set<string>();
  const buildChildren = new Map<string, Map<string, boolean>>();
  for (const path of paths) {
    const segments = path.split('/');
    const last = segments.length - 1;
    if (segments[last] === VENV_MARKER && last > 0) {
      environments.add(segments.slice(0, last).join('/'));
    }
    for (let i = 0; i < last; i++) {
      if (segments[i] === CONDA_MARKER && i > 0) environments.add(segments.slice(0, i).join('/'));
      if (isBuildFolderName(segments[i])) {
        const folder = segments.slice(0, i + 1).join('/');
        let children = buildChildren.get(folder);
        if (!children) buildChildren.set(folder, (children = new Map()));
        children.set(segments[i + 1], i + 1 < last);
      }
    }
  }
  const generated = new Set<string>();
  for (const [folder, children] of buildChildren) {
    const list = [...children].map(([name, isDirectory]) => ({ name, isDirectory }));
    if (looksLikeBuildOutput(list)) generated.add(folder);
  }

  return paths.filter((path) => {
    const segments = path.split('/');
    let prefix = '';
    for (let i = 0; i < segments.length - 1; i++) {
      prefix = i === 0 ? segments[0] : `${prefix}/${segments[i]}`;
      if (isExcludedFolderName(segments[i])) return false;
      if (environments.has(prefix) || generated.has(prefix)) return false;
    }
    return true;
  });
}
