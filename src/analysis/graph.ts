// The repository's import graph: edges from a file to the repository files its imports load,
// computed lazily per file from the cheap outline and cached for the run. External imports keep
// their full dotted names beside the edges.
import type { RuleContext } from '../engine/types.js';
import type { ScannedImport } from './import-record.js';
import { isCodeFile, moduleIndexFor, scannedImportsOf, importsNotebooks } from './imports.js';
import { resolveImport, type ImportTarget, type ModuleIndex } from './modules.js';

export interface ImportEdge {
  from: string;
  to: string;
  record: ScannedImport;
  target: ImportTarget;
}

export interface ExternalImport {
  record: ScannedImport;
  /** Full dotted module name (`torch.optim`). */
  module: string;
  /** Names a from-import takes from it. */
  symbols: string[];
}

export interface FileImports {
  edges: ImportEdge[];
  externals: ExternalImport[];
}

export interface ImportGraph {
  readonly index: ModuleIndex;
  /** Resolved imports of one file (cached). */
  of(file: string): FileImports;
  /** Build every file's edges now (for `--explain` and benchmarks); returns the edge count. */
  buildAll(): number;
}

const GRAPH = 'analysis:import-graph';

export function importGraphFor(ctx: RuleContext<unknown>): ImportGraph {
  return ctx.shared(GRAPH, () => createImportGraph(ctx));
}

function createImportGraph(ctx: RuleContext<unknown>): ImportGraph {
  const index = moduleIndexFor(ctx);
  const cache = new Map<string, FileImports>();
  const of = (file: string): FileImports => {
    let resolved = cache.get(file);
    if (!resolved) {
      resolved = resolveFile(index, file, scannedImportsOf(ctx, file));
      cache.set(file, resolved);
    }
    return resolved;
  };
  return {
    index,
    of,
    buildAll() {
      let count = 0;
      for (const file of index.files) if (isCodeFile(file)) count += of(file).edges.length;
      return count;
    },
  };
}

/** Resolve a file's import records against the module index. */
export function resolveFile(
  index: ModuleIndex,
  file: string,
  records: ScannedImport[],
): FileImports {
  const notebooks = importsNotebooks(records);
  const edges: ImportEdge[] = [];
  const externals: ExternalImport[] = [];
  for (const record of records) {
    for (const target of resolveImport(
      index,
      record,
      notebooks || record.kind === 'import-ipynb',
    )) {
      if (target.file) {
        if (target.file !== file) edges.push({ from: file, to: target.file, record, target });
      } else {
        externals.push({ record, module: target.module, symbols: target.symbols });
      }
    }
  }
  return { edges, externals };
}
