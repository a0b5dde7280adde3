// The import seam: every import of a Python file or notebook, from the cheap outline, cached per
// run. Other rules (undeclared-dependencies) read it; the import graph is built on it.
import type { RuleContext } from '../engine/types.js';
import type { ImportRecord, ScannedImport } from './import-record.js';
import { createModuleIndex, resolveImport, type ModuleIndex } from './modules.js';
import { outlineOf, type Outline } from './outline.js';

export type { ImportKind, ImportRecord, ScannedImport } from './import-record.js';

const OUTLINES = 'analysis:outlines';
const MODULE_INDEX = 'analysis:module-index';
const IMPORTS = 'analysis:imports';

/** Packages that make `import notebook_name` load `notebook_name.ipynb`. */
const NOTEBOOK_IMPORTERS = new Set(['import_ipynb', 'nbimporter']);

/** The cheap outline of a `.py` file or notebook, computed once per run; undefined if unreadable. */
export function outlineFor(ctx: RuleContext<unknown>, file: string): Outline | undefined {
  const cache = ctx.shared(OUTLINES, () => new Map<string, Outline | null>());
  let outline = cache.get(file);
  if (outline === undefined) {
    const doc = isCodeFile(file) ? ctx.sources.code(file) : undefined;
    outline = doc ? outlineOf(doc) : null;
    cache.set(file, outline);
  }
  return outline ?? undefined;
}

export function isCodeFile(file: string): boolean {
  return file.endsWith('.py') || file.endsWith('.ipynb');
}

/** The repository's Python modules, indexed once per run from every workspace file. */
export function moduleIndexFor(ctx: RuleContext<unknown>): ModuleIndex {
  return ctx.shared(MODULE_INDEX, () => createModuleIndex(ctx.allFiles.map((f) => f.path)));
}

/** Whether the file turns on notebook imports (`import import_ipynb`, `import nbimporter`). */
export function importsNotebooks(records: readonly ImportRecord[]): boolean {
  return records.some((r) => r.level === 0 && NOTEBOOK_IMPORTERS.has(r.module) && !r.typeOnly);
}

/**
 * Every import of `file`, in source order: statements, `importlib.import_module("literal")`,
 * `__import__("literal")`, `%run other.ipynb`, and notebooks imported through import_ipynb.
 * Records also carry the outline's extra fields (`scope`, `mainGuard`, `binds`).
 */
export async function importsOf(ctx: RuleContext<unknown>, file: string): Promise<ImportRecord[]> {
  return scannedImportsOf(ctx, file);
}

/** `importsOf` with the outline's extra fields typed, synchronously. */
export function scannedImportsOf(ctx: RuleContext<unknown>, file: string): ScannedImport[] {
  const cache = ctx.shared(IMPORTS, () => new Map<string, ScannedImport[]>());
  let records = cache.get(file);
  if (!records) {
    records = classifyNotebookImports(moduleIndexFor(ctx), outlineFor(ctx, file)?.imports ?? []);
    cache.set(file, records);
  }
  return records;
}

/** After `import import_ipynb`, an import that finds only a notebook is a notebook import. */
function classifyNotebookImports(index: ModuleIndex, records: ScannedImport[]): ScannedImport[] {
  if (!importsNotebooks(records)) return records;
  return records.map((record) => {
    if (record.kind !== 'import' && record.kind !== 'from') return record;
    if (NOTEBOOK_IMPORTERS.has(record.module)) return record;
    const plain = resolveImport(index, record, false);
    if (plain.some((t) => t.file)) return record;
    const withNotebooks = resolveImport(index, record, true);
    return withNotebooks.some((t) => t.file?.endsWith('.ipynb'))
      ? { ...record, kind: 'import-ipynb' as const }
      : record;
  });
}
