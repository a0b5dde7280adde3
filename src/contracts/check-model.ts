// model-interface with a contract: the entrypoint exists, declared methods exist with the
// declared parameters and annotations, public methods are annotated, presets' base classes.
import type { Location, RuleContext } from '../engine/types.js';
import {
  compareCallable,
  isOverload,
  isPublicMethod,
  missingAnnotations,
} from './interface-check.js';
import { findMethod, locate, moduleOf, resolveModule } from './modules.js';
import { presetInterface } from './presets.js';
import {
  findClass,
  findFunction,
  type PyClass,
  type PyFunction,
  type PyModule,
} from './python-defs.js';
import { resolveCallable, type DeclaredCallable, type PythonParser } from './signature.js';
import type { ContractLocation, MatchMode, ModelContract } from './types.js';

export interface ResolvedEntrypoint {
  file: string;
  module: PyModule;
  cls?: PyClass;
  fn?: PyFunction;
  /** Methods the static check already reported a contract mismatch on. */
  flagged: Set<string>;
}

type Reporter = (
  at: Location | ContractLocation,
  message: string,
  extra?: { severity?: 'warning' | 'note'; fix?: string },
) => void;

function reporter(ctx: RuleContext, model: ModelContract): Reporter {
  return (at, message, extra = {}) =>
    ctx.report({
      ...at,
      message: `${message} — contract "${model.name}" (${model.file || 'inline in the config'})`,
      related: model.file ? [model.file] : [],
      ...(extra.severity ? { severity: extra.severity } : {}),
      ...(extra.fix ? { fix: extra.fix } : {}),
    });
}

/** Find the file and definition an entrypoint names; reports and returns undefined when it cannot. */
export async function resolveEntrypoint(
  ctx: RuleContext,
  model: ModelContract,
): Promise<ResolvedEntrypoint | undefined> {
  const entry = model.entrypoint;
  if (!entry) return undefined;
  const report = reporter(ctx, model);
  const file = entry.isModule ? resolveModule(ctx, entry.target) : entry.target;
  if (!file || !ctx.allFiles.some((f) => f.path === file)) {
    report(
      entry.at,
      `entrypoint "${entry.raw}": ${entry.isModule ? `no module file for \`${entry.target}\`` : `\`${entry.target}\` does not exist`}`,
    );
    return undefined;
  }
  const module = await moduleOf(ctx, file);
  if (!module) {
    report(entry.at, `entrypoint "${entry.raw}": \`${file}\` cannot be read as Python`);
    return undefined;
  }
  const cls = findClass(module, entry.symbol);
  if (cls) return { file, module, cls, flagged: new Set() };
  const fn = entry.symbol.includes('.') ? undefined : findFunction(module, entry.symbol);
  if (fn) return { file, module, fn, flagged: new Set() };
  const known = [...module.classes.map((c) => c.name), ...module.functions.map((f) => f.name)];
  report(
    entry.at,
    `entrypoint "${entry.raw}": \`${entry.symbol}\` is not defined at the top level of \`${file}\`${known.length ? ` (defined there: ${known.slice(0, 8).join(', ')})` : ''}`,
  );
  return undefined;
}

interface DeclaredSet {
  methods: { callable: DeclaredCallable; mode: MatchMode }[];
  fn?: { callable: DeclaredCallable; mode: MatchMode };
  bases?: string[];
  presetName?: string;
}

async function declared(
  ctx: RuleContext,
  model: ModelContract,
  parse: PythonParser,
): Promise<DeclaredSet | undefined> {
  const report = reporter(ctx, model);
  const set: DeclaredSet = { methods: [] };
  const explicitMode: MatchMode = model.interface?.match ?? 'exact';
  if (model.preset) {
    const preset = presetInterface(model.preset, model.entrypoint?.at ?? model.at);
    set.methods.push(
      ...preset.methods.map((callable) => ({ callable, mode: 'compatible' as MatchMode })),
    );
    set.bases = preset.bases;
    set.presetName = preset.describe;
  }
  let ok = true;
  for (const [name, decl] of model.interface?.methods ?? []) {
    const resolved = await resolveCallable(name, decl, parse);
    if ('error' in resolved) {
      report(decl.at, `contract: method \`${name}\`: ${resolved.error}`);
      ok = false;
      continue;
    }
    // An explicit declaration replaces the preset's for the same method.
    set.methods = set.methods.filter((m) => m.callable.name !== name);
    set.methods.push({ callable: resolved.callable, mode: explicitMode });
  }
  if (model.interface?.function) {
    const resolved = await resolveCallable(
      model.entrypoint?.symbol ?? 'entrypoint',
      model.interface.function,
      parse,
    );
    if ('error' in resolved) {
      report(model.interface.function.at, `contract: ${resolved.error}`);
      ok = false;
    } else set.fn = { callable: resolved.callable, mode: explicitMode };
  }
  return ok ? set : undefined;
}

/** Check one model's entrypoint against its contract. */
export async function checkModelInterface(
  ctx: RuleContext,
  model: ModelContract,
  parse: PythonParser,
): Promise<ResolvedEntrypoint | undefined> {
  const resolved = await resolveEntrypoint(ctx, model);
  if (!resolved) return undefined;
  const decls = await declared(ctx, model, parse);
  if (!decls) return resolved;
  const report = reporter(ctx, model);
  const requireAnnotations = model.interface?.requireAnnotations ?? true;
  const reportedSubjects = new Set<string>();
  const mark = (fn: PyFunction, subject: string | undefined) => {
    reportedSubjects.add(`${fn.name}\0${subject ?? ''}`);
    resolved.flagged.add(fn.name);
  };

  if (resolved.fn) {
    const fn = resolved.fn;
    if (decls.methods.length > 0) {
      report(
        model.entrypoint!.at,
        `entrypoint "${model.entrypoint!.raw}" is a function, but the contract declares ${decls.presetName ? `the ${decls.presetName} preset` : 'methods'}; declare \`interface.signature\` for a function`,
      );
    }
    if (decls.fn) {
      for (const m of compareCallable(decls.fn.callable, fn, {
        mode: decls.fn.mode,
        isMethod: false,
        imports: resolved.module.imports,
        aliases: resolved.module.aliases,
        title: fn.name,
      })) {
        report(locate(m.at), m.message);
        mark(fn, m.subject);
      }
    }
    if (requireAnnotations) reportUnannotated(fn, false, fn.name, reportedSubjects, report);
    return resolved;
  }

  const cls = resolved.cls!;
  if (decls.fn) {
    report(
      decls.fn.callable.at,
      `entrypoint "${model.entrypoint!.raw}" is a class; declare its \`methods\` instead of a signature`,
    );
  }
  if (decls.bases && !hasBase(cls, resolved.module, decls.bases)) {
    report(
      locate(cls.at),
      `\`${cls.qualname}\` does not derive from ${decls.bases.join(' or ')}, which the ${decls.presetName} preset requires`,
      {
        ...(cls.bases.length > 0 ? { severity: 'warning' as const } : {}),
      },
    );
  }
  for (const { callable, mode } of decls.methods) {
    const lookup = await findMethod(ctx, cls, resolved.module, resolved.file, callable.name);
    if (!lookup.found) {
      if (cls.assigned.has(callable.name)) {
        // `predict = _impl` binds a method no def names: only a type checker can see its signature.
        report(
          locate(cls.at),
          `\`${cls.qualname}.${callable.name}\` is assigned, not defined with \`def\`, so its signature is not checked statically (deep mode checks it with pyright)`,
          { severity: 'note' },
        );
        continue;
      }
      if (!callable.required) continue;
      const inherited = lookup.externalBases.length
        ? `; it may be inherited from ${lookup.externalBases.map((b) => `\`${b}\``).join(', ')}, which cannot be checked here — define it in the class to make the interface explicit`
        : '';
      resolved.flagged.add(callable.name);
      report(
        locate(cls.at),
        `\`${cls.qualname}\` has no method \`${callable.name}\`, which the contract requires${inherited}`,
        {
          ...(inherited ? { severity: 'warning' as const } : {}),
        },
      );
      continue;
    }
    const { fn, module, owner } = lookup.found;
    const title = `${owner.qualname}.${fn.name}`;
    for (const m of compareCallable(callable, fn, {
      mode,
      isMethod: true,
      imports: module.imports,
      aliases: module.aliases,
      title,
    })) {
      report(locate(m.at), m.message);
      mark(fn, m.subject);
    }
  }
  if (requireAnnotations) {
    for (const method of cls.methods) {
      if (!isPublicMethod(method) || isOverload(method)) continue;
      reportUnannotated(method, true, `${cls.qualname}.${method.name}`, reportedSubjects, report);
    }
  }
  return resolved;
}

function hasBase(cls: PyClass, module: PyModule, wanted: string[]): boolean {
  return cls.bases.some((base) => {
    const head = base.split('.')[0];
    const qualified = module.imports.has(head)
      ? [module.imports.get(head), ...base.split('.').slice(1)].join('.')
      : base;
    return wanted.some((w) => qualified === w || qualified.endsWith(`.${w}`));
  });
}

function reportUnannotated(
  fn: PyFunction,
  isMethod: boolean,
  title: string,
  reported: Set<string>,
  report: Reporter,
): void {
  const missing = missingAnnotations(fn, isMethod);
  const params = missing.params.filter((p) => !reported.has(`${fn.name}\0${p.name}`));
  const returns = missing.returns && !reported.has(`${fn.name}\0return`);
  if (params.length === 0 && !returns) return;
  const parts = [
    ...(params.length
      ? [
          `parameter${params.length > 1 ? 's' : ''} ${params.map((p) => `\`${p.name}\``).join(', ')}`,
        ]
      : []),
    ...(returns ? ['the return type'] : []),
  ];
  report(
    locate(fn.at),
    `\`${title}\` is public but ${parts.join(' and ')} ${params.length + (returns ? 1 : 0) > 1 ? 'are' : 'is'} not annotated; the contract requires annotated public methods`,
    {
      fix: 'Annotate every parameter and the return type, or set `interface.requireAnnotations: false` in the contract.',
    },
  );
}
