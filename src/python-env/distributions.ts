// Import names <-> PyPI distributions: which distributions may provide a module, and which
// modules a declared distribution provides. Tables in ./data; names PEP 503 normalised here.
import { CONDA_NAMES } from './data/conda-names.js';
import { ENVIRONMENT_MODULES, IMPORT_NAMES } from './data/import-names.js';

/** PEP 503: lowercase, and every run of `-`, `_` or `.` becomes a single `-`. */
export function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Parse `key = a | b` lines (`#` comments, blank lines ignored). Later lines add to earlier ones. */
export function parseTable(text: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`malformed table line: ${raw}`);
    const key = line.slice(0, eq).trim();
    const values = line
      .slice(eq + 1)
      .split('|')
      .map((v) => v.trim())
      .filter(Boolean);
    const existing = table.get(key) ?? [];
    for (const v of values) if (!existing.includes(v)) existing.push(v);
    table.set(key, existing);
  }
  return table;
}

/** Import prefix -> distributions (normalised, first = suggested). */
const BUILT_IN: ReadonlyMap<string, readonly string[]> = new Map(
  [...parseTable(IMPORT_NAMES)].map(([k, v]) => [k, v.map(normalizeDistribution)]),
);

/** conda name (normalised) -> PyPI distributions (normalised). */
const CONDA: ReadonlyMap<string, readonly string[]> = new Map(
  [...parseTable(CONDA_NAMES)].map(([k, v]) => [
    normalizeDistribution(k),
    v.map(normalizeDistribution),
  ]),
);

/**
 * Top-level names shared by many distributions (PEP 420 namespace packages). The bare root is
 * never taken as a distribution name: `google.cloud.storage` is not satisfied by a `google`
 * declaration, and an unknown `azure.x.y` is guessed as `azure-x-y`.
 */
const NAMESPACE_ROOTS = new Set([
  'google',
  'google.cloud',
  'azure',
  'azure.mgmt',
  'azure.ai',
  'azure.storage',
  'azureml',
  'azureml.contrib',
  'databricks',
  'snowflake',
  'opentelemetry',
  'jaraco',
  'zope',
  'sphinxcontrib',
  'backports',
  'mpl_toolkits',
  'llama_index',
  'llama_index.llms',
  'llama_index.embeddings',
  'airflow.providers',
]);

/** Whether a dotted name is a namespace shared by many distributions (`google.cloud`, `azure`). */
export function isNamespaceRoot(module: string): boolean {
  return NAMESPACE_ROOTS.has(module);
}

/** The PyPI distributions a conda package installs (itself, unless the table says otherwise). */
export function condaToPypi(condaName: string): readonly string[] {
  const name = normalizeDistribution(condaName.replace(/^.*::/, ''));
  return CONDA.get(name) ?? [name];
}

export interface ModuleResolution {
  /** The part of the import that names the distribution (`sklearn`, `google.cloud.storage`). */
  importName: string;
  /** Distributions that satisfy the import (normalised), the suggested one first. */
  distributions: string[];
  /** Whether a table (built-in or configured) named them, as opposed to a guess from the name. */
  known: boolean;
}

/** Dotted prefixes of a module, longest first: `a.b.c`, `a.b`, `a`. */
function prefixes(module: string): string[] {
  const parts = module.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/**
 * Resolves imports to distributions with the built-in table, plus configured `modules`
 * (import -> distribution, which win over the built-in entries for the same prefix).
 */
export class DistributionTable {
  private readonly byImport: Map<string, readonly string[]>;
  /** Normalised distribution -> import prefixes it provides (reverse of byImport). */
  private readonly byDistribution = new Map<string, string[]>();

  constructor(extra: Readonly<Record<string, string | readonly string[]>> = {}) {
    this.byImport = new Map(BUILT_IN);
    for (const [module, dists] of Object.entries(extra)) {
      const list = (typeof dists === 'string' ? [dists] : [...dists]).map(normalizeDistribution);
      if (module && list.length > 0) this.byImport.set(module, list);
    }
    for (const [module, dists] of this.byImport) {
      for (const dist of dists) {
        const provided = this.byDistribution.get(dist) ?? [];
        provided.push(module);
        this.byDistribution.set(dist, provided);
      }
    }
  }

  /** Which distributions satisfy an absolute import (longest known prefix, else a guess from the name). */
  resolve(module: string): ModuleResolution {
    const candidates = prefixes(module);
    for (const prefix of candidates) {
      const dists = this.byImport.get(prefix);
      if (dists) return { importName: prefix, distributions: [...dists], known: true };
    }
    // Unknown: the name itself, and for namespace packages the name down to the first part
    // below the namespace root (`azure.storage.blob` -> azure-storage-blob).
    const parts = module.split('.');
    let depth = 1;
    while (depth < parts.length && NAMESPACE_ROOTS.has(parts.slice(0, depth).join('.'))) depth++;
    const importName = parts.slice(0, depth).join('.');
    return { importName, distributions: [normalizeDistribution(importName)], known: false };
  }

  /**
   * Whether any of the declared distributions (normalised PyPI names) provides `module`:
   * a table entry for one of its prefixes names it, or its name equals a dotted prefix of the
   * import (`ruamel.yaml`, `azure-storage-blob` for `azure.storage.blob`), or it is the import
   * name with a `python-`/`py`-style wrapper (`python-foo` provides `foo`). The last two are
   * deliberately lenient: a declared name that plausibly provides the import is trusted. The bare
   * import name does not count for modules the table knows (`sklearn` is not scikit-learn).
   */
  providedBy(module: string, declared: ReadonlySet<string>): string | undefined {
    const resolution = this.resolve(module);
    for (const dist of resolution.distributions) if (declared.has(dist)) return dist;
    for (const prefix of prefixes(module)) {
      if (NAMESPACE_ROOTS.has(prefix)) break;
      const name = normalizeDistribution(prefix);
      // When the table knows the module, its bare import name is a known mistake (`sklearn`,
      // `cv2` on PyPI are not the real thing), so only the wrapped spellings are trusted.
      const variants = [`python-${name}`, `py${name}`, `py-${name}`, `${name}-python`];
      if (!resolution.known) variants.unshift(name);
      for (const variant of variants) if (declared.has(variant)) return variant;
    }
    return undefined;
  }

  /** The import prefixes the table says a distribution provides (empty when it only guesses). */
  modulesOf(distribution: string): readonly string[] {
    return this.byDistribution.get(normalizeDistribution(distribution)) ?? [];
  }
}

export type EnvironmentKind = 'notebook' | 'any' | 'databricks' | 'setup';

const ENVIRONMENT: ReadonlyMap<EnvironmentKind, readonly string[]> = new Map(
  ENVIRONMENT_MODULES.split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [kind, rest] = l.split(':');
      return [kind.trim() as EnvironmentKind, rest.trim().split(/\s+/)] as const;
    }),
);

/**
 * Whether the environment a file runs in provides `module` with no manifest: the notebook
 * kernel, a hosted-notebook service, the Databricks runtime, the build backend of setup.py.
 */
export function providedByEnvironment(module: string, kinds: readonly EnvironmentKind[]): boolean {
  const all: EnvironmentKind[] = ['any', ...kinds];
  return all.some((kind) =>
    (ENVIRONMENT.get(kind) ?? []).some((p) => module === p || module.startsWith(`${p}.`)),
  );
}
