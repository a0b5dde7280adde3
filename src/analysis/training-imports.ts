// Training-only libraries a module uses: imported directly (`import optuna`,
// `from torch.optim import Adam`, `from sklearn import model_selection`) or reached through an
// imported name (`import mlflow` then `mlflow.start_run()`, `import torch` then `torch.optim.SGD`).
import type { Location, RuleContext } from '../engine/types.js';
import { importGraphFor } from './graph.js';
import { outlineFor } from './imports.js';
import type { Outline } from './outline.js';
import { servesFrom } from './roles.js';
import type { TrainingOnlyMatcher } from './training-api.js';

export interface TrainingLibraryUse {
  /** The `trainingOnly` entry that matched. */
  entry: string;
  /** The dotted name as used (`torch.optim.Adam`). */
  name: string;
  location: Location;
  /** How it is used: an import statement or a use of an imported name. */
  via: 'import' | 'use';
  /** Further uses of the same entry in the file. */
  more: number;
}

/** One use per `trainingOnly` entry: the import when the import itself matches, else the first use. */
export function trainingLibraryUses(
  ctx: RuleContext<unknown>,
  file: string,
  matches: TrainingOnlyMatcher,
  entries?: readonly string[],
): TrainingLibraryUse[] {
  const found = new Map<string, TrainingLibraryUse>();
  const note = (entry: string, use: Omit<TrainingLibraryUse, 'entry' | 'more'>) => {
    const existing = found.get(entry);
    if (existing) existing.more++;
    else found.set(entry, { entry, ...use, more: 0 });
  };
  const outline = outlineFor(ctx, file);
  for (const external of importGraphFor(ctx).of(file).externals) {
    if (external.record.typeOnly || external.record.level > 0) continue;
    if (!servesFrom(entries, external.record.scope, external.record.mainGuard)) continue;
    // In a module that only partly serves, an import counts when the serving part uses it.
    if (entries && !usedInServing(outline, external.record.binds, entries)) continue;
    const candidates = [
      external.module,
      ...external.symbols.filter((s) => s !== '*').map((s) => `${external.module}.${s}`),
    ];
    for (const name of candidates) {
      const entry = matches(name);
      if (entry) {
        note(entry, { name, location: external.record.location, via: 'import' });
        break;
      }
    }
  }
  if (!outline) return [...found.values()];
  const binds = new Map<string, string>();
  for (const record of outline.imports) {
    if (record.typeOnly || record.level > 0) continue;
    for (const [alias, target] of Object.entries(record.binds)) binds.set(alias, target);
  }
  for (const [dotted, use] of outline.references) {
    const [head, ...rest] = dotted.split('.');
    const target = binds.get(head);
    if (target === undefined || target.startsWith('.')) continue;
    if (![...use.scopes].some((scope) => servesFrom(entries, scope))) continue;
    const name = [target, ...rest].join('.');
    const entry = matches(name);
    if (!entry) continue;
    const existing = found.get(entry);
    if (existing) existing.more += use.count;
    else found.set(entry, { entry, name, location: use.location, via: 'use', more: use.count - 1 });
  }
  return [...found.values()].sort((a, b) => a.location.line - b.location.line);
}

function usedInServing(
  outline: Outline | undefined,
  binds: Record<string, string>,
  entries: readonly string[],
): boolean {
  if (!outline) return false;
  const aliases = new Set(Object.keys(binds));
  for (const [dotted, use] of outline.references) {
    if (!aliases.has(dotted.split('.')[0])) continue;
    if ([...use.scopes].some((scope) => servesFrom(entries, scope))) return true;
  }
  return false;
}
