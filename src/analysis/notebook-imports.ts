// Notebooks that production code imports as modules (import_ipynb, nbimporter, `ipynb.fs.full`):
// importing one runs every top-level statement of every cell, so each must be a definition.
import type { Location, RuleContext } from '../engine/types.js';
import { importGraphFor, type ImportEdge } from './graph.js';
import { outlineFor } from './imports.js';
import type { TopLevelCode } from './outline.js';

export interface NotebookImport {
  edge: ImportEdge;
  notebook: string;
  /** Top-level statements of the notebook that run on import (at most a few). */
  code: TopLevelCode[];
  /** How many such statements in all. */
  total: number;
}

/** Cheap text filter: only files that mention a notebook importer are outlined. */
const IMPORTER_HINT = /import_ipynb|nbimporter|ipynb\.fs\.full/;

/** Notebook imports in `file` whose notebook runs code when imported. */
export function runningNotebookImports(ctx: RuleContext<unknown>, file: string): NotebookImport[] {
  const text = ctx.sources.text(file);
  if (text === undefined || !IMPORTER_HINT.test(text)) return [];
  const found: NotebookImport[] = [];
  for (const edge of importGraphFor(ctx).of(file).edges) {
    if (!edge.to.endsWith('.ipynb') || edge.record.typeOnly) continue;
    // `ipynb.fs.defs` loads only definitions: safe by construction.
    if (edge.target.notebook === 'defs') continue;
    const code = outlineFor(ctx, edge.to)?.topLevelCode ?? [];
    if (code.length === 0) continue;
    found.push({ edge, notebook: edge.to, code: code.slice(0, 3), total: code.length });
  }
  return found;
}

/** `cell 3, line 2` for a notebook location, `line 7` otherwise. */
export function describeLocation(location: Location): string {
  return location.cell
    ? `cell ${location.cell.index}, line ${location.cell.line}`
    : `line ${location.line}`;
}
