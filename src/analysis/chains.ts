// Import chains from a serving module to training modules: a breadth-first walk over the import
// graph. The serving module's own imports all count (wherever they are in it); further down only
// imports that run when a module is loaded (module level, outside `if __name__ == "__main__":`)
// do. Type-only imports never count.
import type { RuleContext } from '../engine/types.js';
import { importGraphFor, type ImportEdge } from './graph.js';
import { servesFrom, type RoleAssignment } from './roles.js';

export interface TrainingChain {
  /** The serving module's import that starts the chain (the report location). */
  first: ImportEdge;
  /** Edges from the serving module to the training module. */
  edges: ImportEdge[];
  /** Files along the chain, serving module first, training module last. */
  files: string[];
}

/** Shortest import chains from `file` to each training module it loads. */
export function trainingChainsFrom(
  ctx: RuleContext<unknown>,
  file: string,
  roles: ReadonlyMap<string, RoleAssignment>,
): TrainingChain[] {
  const entries = roles.get(file)?.entries;
  const graph = importGraphFor(ctx);
  const parent = new Map<string, ImportEdge | null>([[file, null]]);
  const queue = [file];
  const chains: TrainingChain[] = [];
  const reported = new Set<ImportEdge['record']>();
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i];
    const isStart = current === file;
    // The module an import names before the package __init__ files it runs on the way.
    const edges = [...graph.of(current).edges].sort((a, b) => packageRank(a) - packageRank(b));
    for (const edge of edges) {
      const record = edge.record;
      if (record.typeOnly) continue;
      if (
        isStart
          ? !servesFrom(entries, record.scope, record.mainGuard)
          : record.inFunction || record.mainGuard
      )
        continue;
      if (parent.has(edge.to)) continue;
      parent.set(edge.to, edge);
      if (roles.get(edge.to)?.role === 'train') {
        // One chain per import of the serving module: the shortest, to the first training module.
        const chain = chainTo(edge, parent);
        if (!reported.has(chain.first.record)) chains.push(chain);
        reported.add(chain.first.record);
        continue;
      }
      queue.push(edge.to);
    }
  }
  return chains.sort((a, b) => a.first.record.location.line - b.first.record.location.line);
}

function chainTo(last: ImportEdge, parent: ReadonlyMap<string, ImportEdge | null>): TrainingChain {
  const edges: ImportEdge[] = [last];
  let edge = parent.get(last.from);
  while (edge) {
    edges.unshift(edge);
    edge = parent.get(edge.from);
  }
  return { first: edges[0], edges, files: [edges[0].from, ...edges.map((e) => e.to)] };
}

/** Modules first, then the package `__init__` files an import runs on the way. */
function packageRank(edge: ImportEdge): number {
  return (edge.target.implicit ? 2 : 0) + (edge.to.endsWith('__init__.py') ? 1 : 0);
}
