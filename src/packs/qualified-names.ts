// Qualified names of called things, as pack rules name them: `torch.load`, `pickle.load`,
// `*.fit`. A name written in code is resolved through the file's imports first, so
// `from torch import load as l; l(f)` is a call of `torch.load` and `import numpy as np; np.save`
// one of `numpy.save`. `*` in a pattern stands for one or more whole segments.
import { scannedImportsOf } from '../analysis/imports.js';
import type { MatchContext } from './match.js';

/** A segment of a written name that is not a plain name: `make()` in `make().fit`. */
export const EXPRESSION_SEGMENT = '?';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface NamePattern {
  readonly source: string;
  matches(qualified: string): boolean;
  /**
   * The literal segments. Each comes either from the call as written or from the import that
   * bound its first name, so a file whose code lacks one of them cannot hold a matching call.
   */
  readonly literals: readonly string[];
}

export class NamePatternError extends Error {
  override name = 'NamePatternError';
}

/** Compile `a.b.c` / `*.fit` / `sklearn.*`; throws NamePatternError for anything else. */
export function compileNamePattern(source: string): NamePattern {
  const segments = source.trim().split('.');
  for (const segment of segments) {
    if (segment !== '*' && !IDENTIFIER.test(segment)) {
      throw new NamePatternError(
        `'${source}' is not a qualified name: write dotted Python names such as torch.load, with * for any segments (*.fit)`,
      );
    }
  }
  return {
    source,
    matches: (qualified) => matchSegments(segments, qualified.split('.')),
    literals: segments.filter((segment) => segment !== '*'),
  };
}

/** `*` takes one or more segments; everything else must be equal. Dynamic programming from the
 * end, so a hostile chain of thousands of segments costs pattern × name steps, no more. */
function matchSegments(pattern: readonly string[], name: readonly string[]): boolean {
  // next[n]: whether pattern[p + 1..] matches name[n..]; anyFrom[n]: whether it does for some n' >= n.
  let next = new Array<boolean>(name.length + 1).fill(false);
  next[name.length] = true;
  for (let p = pattern.length - 1; p >= 0; p--) {
    const current = new Array<boolean>(name.length + 1).fill(false);
    let anyLater = false;
    for (let n = name.length - 1; n >= 0; n--) {
      anyLater = anyLater || next[n + 1];
      current[n] = pattern[p] === '*' ? anyLater : pattern[p] === name[n] && next[n + 1];
    }
    next = current;
  }
  return next[0];
}

/** Local names bound by the file's imports (`np` → `numpy`, `l` → `torch.load`); the last binding wins. */
export function importBindings(ctx: MatchContext, file: string): Map<string, string> {
  const cache = ctx.shared('packs:bindings', () => new Map<string, Map<string, string>>());
  let bindings = cache.get(file);
  if (!bindings) {
    bindings = new Map();
    for (const record of scannedImportsOf(ctx, file)) {
      if (record.typeOnly) continue;
      for (const [local, target] of Object.entries(record.binds)) bindings.set(local, target);
    }
    cache.set(file, bindings);
  }
  return bindings;
}

/** The qualified name of a written dotted name: its first segment replaced by what it is bound to. */
export function qualify(written: string, bindings: ReadonlyMap<string, string>): string {
  const dot = written.indexOf('.');
  const head = dot === -1 ? written : written.slice(0, dot);
  const bound = bindings.get(head);
  if (bound === undefined) return written;
  return dot === -1 ? bound : `${bound}${written.slice(dot)}`;
}
