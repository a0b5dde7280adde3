// Python modules as the contract rules see them: definitions read once per file and run,
// entrypoints resolved from `path.py:Name` or `package.module:Name`, and base classes followed
// through the repository's own modules so inherited methods count.
import type { Tree } from 'web-tree-sitter';
import type { CodeUnit, Location, RuleContext } from '../engine/types.js';
import {
  findClass,
  readModule,
  type PyClass,
  type PyFunction,
  type PyModule,
  type UnitPosition,
} from './python-defs.js';

/** Definitions of a `.py` file or a notebook's code cells; undefined when unreadable. */
export function moduleOf(ctx: RuleContext, file: string): Promise<PyModule | undefined> {
  return ctx.shared(`contracts:module:${file}`, async () => {
    const doc = ctx.sources.code(file);
    if (!doc) return undefined;
    const units: { unit: CodeUnit; tree: Tree }[] = [];
    for (const unit of doc.units) {
      const tree = await ctx.sources.tree(unit);
      if (tree) units.push({ unit, tree });
    }
    return readModule(units);
  });
}

export function locate(at: UnitPosition): Location {
  return at.unit.locate(at.row, at.column);
}

const hasFile = (ctx: Pick<RuleContext, 'allFiles'>, path: string) =>
  ctx.allFiles.some((f) => f.path === path);

/** Candidate files for a dotted module name, in the order Python's usual layouts try them. */
export function moduleFiles(module: string): string[] {
  const path = module.replace(/\./g, '/');
  return [`${path}.py`, `${path}/__init__.py`, `src/${path}.py`, `src/${path}/__init__.py`];
}

/** The repository file a dotted module name refers to, when it is one of ours. */
export function resolveModule(
  ctx: Pick<RuleContext, 'allFiles'>,
  module: string,
  fromFile?: string,
): string | undefined {
  let absolute = module;
  if (module.startsWith('.') && fromFile) {
    const dots = /^\.+/.exec(module)![0].length;
    const parts = fromFile.split('/').slice(0, -1);
    const up = parts.slice(0, Math.max(0, parts.length - (dots - 1)));
    const rest = module.slice(dots);
    absolute = [...up, ...(rest ? rest.split('.') : [])].join('.');
  }
  return moduleFiles(absolute).find((candidate) => hasFile(ctx, candidate));
}

export interface FoundMethod {
  fn: PyFunction;
  owner: PyClass;
  module: PyModule;
  file: string;
}

/** Bases we could not follow (third-party classes): a method may come from them. */
export interface MethodLookup {
  found?: FoundMethod;
  externalBases: string[];
}

/** Find a method on a class or, failing that, on its bases defined in this repository. */
export async function findMethod(
  ctx: RuleContext,
  cls: PyClass,
  module: PyModule,
  file: string,
  name: string,
  depth = 0,
): Promise<MethodLookup> {
  const own = [...cls.methods].reverse().find((m) => m.name === name);
  if (own) return { found: { fn: own, owner: cls, module, file }, externalBases: [] };
  const externalBases: string[] = [];
  if (depth > 8) return { externalBases };
  for (const base of cls.bases) {
    const resolved = await resolveClass(ctx, base, module, file);
    if (!resolved) {
      if (base !== 'object' && !/^(typing\.)?(Generic|Protocol)\b/.test(base))
        externalBases.push(base);
      continue;
    }
    const inner = await findMethod(
      ctx,
      resolved.cls,
      resolved.module,
      resolved.file,
      name,
      depth + 1,
    );
    if (inner.found) return inner;
    externalBases.push(...inner.externalBases);
  }
  return { externalBases };
}

/** A base class expression → its definition, when it is defined in the repository. */
export async function resolveClass(
  ctx: RuleContext,
  expression: string,
  module: PyModule,
  file: string,
): Promise<{ cls: PyClass; module: PyModule; file: string } | undefined> {
  const name = expression.replace(/\[.*$/s, '').trim();
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  const local = !name.includes('.') ? findClass(module, name) : undefined;
  if (local) return { cls: local, module, file };
  const [head, ...rest] = name.split('.');
  const imported = module.imports.get(head);
  if (!imported) return undefined;
  const qualified = [imported, ...rest].join('.');
  const cut = qualified.lastIndexOf('.');
  if (cut <= 0 && !qualified.startsWith('.')) return undefined;
  const target = resolveModule(ctx, qualified.slice(0, cut), file);
  if (!target) return undefined;
  const other = await moduleOf(ctx, target);
  const cls = other ? findClass(other, qualified.slice(cut + 1)) : undefined;
  return cls && other ? { cls, module: other, file: target } : undefined;
}
