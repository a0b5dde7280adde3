// Name resolution across the repository's modules, from outlines only (no trees): what a dotted
// name used in a module refers to — one of the repo's functions, classes or methods, a repo
// module, or an external name — following imports, package re-exports and star imports.
import type { RuleContext } from '../engine/types.js';
import type { ScannedImport } from './import-record.js';
import { moduleIndexFor, outlineFor, scannedImportsOf } from './imports.js';
import { resolveImport } from './modules.js';
import type { Outline } from './outline.js';

export type RepoSymbol =
  | { kind: 'function'; file: string; qual: string }
  | { kind: 'class'; file: string; name: string }
  | { kind: 'module'; file: string }
  | { kind: 'external'; name: string };

/** What resolution found, and the attribute parts left over (`model.predict` on a module variable). */
export interface Resolved {
  symbol?: RepoSymbol;
  rest: string[];
  /** The head is not bound by an import or a top-level definition (a local variable, a parameter). */
  local: boolean;
}

const MAX_DEPTH = 8;

export class SymbolResolver {
  constructor(private readonly ctx: RuleContext<unknown>) {}

  outline(file: string): Outline | undefined {
    return outlineFor(this.ctx, file);
  }

  /** Resolve a dotted name as written in `file` (`train.trainmodel`, `Model.predict`, `fit_model`). */
  resolve(file: string, dotted: string): Resolved {
    return this.resolveIn(file, dotted.split('.'), 0);
  }

  /** Resolve `name(.rest)*` as a symbol of module `file` (a definition, an import, a submodule). */
  private resolveIn(file: string, parts: string[], depth: number): Resolved {
    const [head, ...rest] = parts;
    const outline = this.outline(file);
    if (!outline || depth > MAX_DEPTH) return { rest: parts, local: true };
    if (outline.functions.some((f) => f.name === head)) {
      return { symbol: { kind: 'function', file, qual: head }, rest, local: false };
    }
    const cls = outline.classes.find((c) => c.name === head);
    if (cls) {
      if (rest.length > 0 && cls.methods.includes(rest[0])) {
        return {
          symbol: { kind: 'function', file, qual: `${head}.${rest[0]}` },
          rest: rest.slice(1),
          local: false,
        };
      }
      return { symbol: { kind: 'class', file, name: head }, rest, local: false };
    }
    const binding = this.binding(file, head);
    if (binding) return this.resolveBinding(file, binding.record, binding.target, rest, depth);
    // A name a package's __init__ does not define may be one of its submodules (`pkg.sub`).
    if (file.endsWith('__init__.py')) {
      const sub = this.resolveModulePath(file, `.${head}`, 1);
      if (sub) return this.resolveAttributes(sub, rest, depth);
    }
    for (const star of scannedImportsOf(this.ctx, file).filter(
      (r) => r.names.includes('*') && !r.typeOnly,
    )) {
      for (const target of resolveImport(moduleIndexFor(this.ctx), star)) {
        if (!target.file) continue;
        const found = this.resolveIn(target.file, parts, depth + 1);
        if (found.symbol) return found;
      }
    }
    return { rest: parts, local: true };
  }

  /** Continue through the attributes of a module (its symbols). */
  private resolveAttributes(file: string, rest: string[], depth: number): Resolved {
    if (rest.length === 0) return { symbol: { kind: 'module', file }, rest, local: false };
    const found = this.resolveIn(file, rest, depth + 1);
    if (found.symbol) return found;
    return { symbol: { kind: 'module', file }, rest, local: false };
  }

  /** The import that binds `name` in `file` (the last one wins, as at run time). */
  private binding(
    file: string,
    name: string,
  ): { record: ScannedImport; target: string } | undefined {
    let found: { record: ScannedImport; target: string } | undefined;
    for (const record of scannedImportsOf(this.ctx, file)) {
      if (record.typeOnly) continue;
      const target = record.binds[name];
      if (target !== undefined) found = { record, target };
    }
    return found;
  }

  private resolveBinding(
    file: string,
    record: ScannedImport,
    target: string,
    rest: string[],
    depth: number,
  ): Resolved {
    const level = /^\.*/.exec(target)?.[0].length ?? 0;
    const dotted = target.slice(level);
    if (record.kind === 'from' || record.kind === 'import-ipynb') {
      // `from X import n`: n is a submodule of X, or a symbol X defines (or re-exports).
      const parts = dotted.split('.');
      const name = parts.pop() as string;
      const moduleName = parts.join('.');
      const sub = this.resolveModulePath(file, target, level);
      if (sub && this.isModuleNamed(sub, dotted)) return this.resolveAttributes(sub, rest, depth);
      const owner = this.resolveModulePath(file, '.'.repeat(level) + moduleName, level, record);
      if (owner) {
        const found = this.resolveIn(owner, [name, ...rest], depth + 1);
        if (found.symbol) return found;
        return { rest: [name, ...rest], local: false };
      }
      return {
        symbol: { kind: 'external', name: [dotted, ...rest].join('.') },
        rest: [],
        local: false,
      };
    }
    // `import a.b.c` binds `a`; `import a.b as k` binds `k`: walk the rest as modules, then symbols.
    const full = [dotted, ...rest].join('.');
    const walked = this.walkModules(file, full, level);
    if (!walked) return { symbol: { kind: 'external', name: full }, rest: [], local: false };
    return this.resolveAttributes(walked.file, walked.rest, depth);
  }

  private isModuleNamed(file: string, dotted: string): boolean {
    const tail = dotted.split('.').pop() ?? '';
    return (
      file.endsWith(`/${tail}.py`) ||
      file === `${tail}.py` ||
      file.endsWith(`/${tail}/__init__.py`) ||
      file.endsWith(`${tail}.ipynb`)
    );
  }

  /** The repo file a dotted module name leads to from `file`, or undefined when external. */
  private resolveModulePath(
    file: string,
    target: string,
    level: number,
    like?: ScannedImport,
  ): string | undefined {
    const dotted = target.slice(level);
    const walked = this.walkModules(file, dotted, level, like);
    return walked && walked.rest.length === 0 ? walked.file : undefined;
  }

  /** Resolve the longest module prefix of `dotted`; the parts after it are attributes. */
  private walkModules(
    file: string,
    dotted: string,
    level: number,
    like?: ScannedImport,
  ): { file: string; rest: string[] } | undefined {
    const record: ScannedImport = {
      module: dotted,
      names: [],
      level,
      file,
      location: { file, line: 1 },
      typeOnly: false,
      inFunction: false,
      guarded: false,
      kind: like?.kind === 'import-ipynb' ? 'import-ipynb' : 'import',
      scope: '',
      mainGuard: false,
      binds: {},
    };
    const targets = resolveImport(moduleIndexFor(this.ctx), record, record.kind === 'import-ipynb');
    const named = targets.filter((t) => t.file && !t.implicit);
    const last = named[named.length - 1] ?? targets.filter((t) => t.file).pop();
    if (!last?.file) return undefined;
    const resolvedParts = last.module ? last.module.split('.').length : 0;
    const parts = dotted ? dotted.split('.') : [];
    return { file: last.file, rest: parts.slice(resolvedParts) };
  }

  /** The external dotted name `dotted` stands for in `file`, when its head is an external import. */
  externalName(file: string, dotted: string): string | undefined {
    const found = this.resolve(file, dotted);
    return found.symbol?.kind === 'external' ? found.symbol.name : undefined;
  }
}
