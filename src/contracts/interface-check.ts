// Compare a declared callable with the definition in the code. `exact` wants the same
// parameters (names, order, kinds, defaults); `compatible` wants every call the contract allows
// to work (extra parameters need defaults, positional-only names are free). Annotations are
// compared after normalisation in both modes.
import {
  printAnnotation,
  readAnnotation,
  sameAnnotation,
  type AliasMap,
  type ImportMap,
} from './annotations.js';
import {
  hasImplicitFirst,
  type ParamKind,
  type PyFunction,
  type PyParam,
  type UnitPosition,
} from './python-defs.js';
import { withoutImplicitFirst, type DeclaredCallable, type DeclaredParam } from './signature.js';
import type { MatchMode } from './types.js';

export interface Mismatch {
  message: string;
  at: UnitPosition;
  /** The parameter the mismatch is about; `undefined` for the callable itself; `return` for the return type. */
  subject?: string;
}

const KIND_TEXT: Record<ParamKind, string> = {
  'positional-only': 'positional-only',
  'positional-or-keyword': 'positional-or-keyword',
  'var-positional': '*args',
  'keyword-only': 'keyword-only',
  'var-keyword': '**kwargs',
};

const POSITIONAL: ParamKind[] = ['positional-only', 'positional-or-keyword'];

function paramAt(fn: PyFunction, p: PyParam): UnitPosition {
  return { unit: fn.at.unit, row: p.row, column: p.column };
}

/** Parameters the caller passes, without `self`/`cls`. */
export function explicitParams(fn: PyFunction, isMethod: boolean): PyParam[] {
  return isMethod && hasImplicitFirst(fn) ? fn.params.slice(1) : fn.params;
}

function normaliseDefault(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '"');
}

function annotationMismatch(
  label: string,
  declared: string,
  actual: string | undefined,
  imports: ImportMap,
  aliases: AliasMap,
): string | undefined {
  const want = readAnnotation(declared);
  if (!want) return `the contract's annotation "${declared}" for ${label} cannot be read`;
  if (actual === undefined) return `${label} has no annotation; the contract says \`${declared}\``;
  const got = readAnnotation(actual, imports, aliases);
  if (!got)
    return `${label} is annotated \`${actual}\`, which cannot be read; the contract says \`${declared}\``;
  if (sameAnnotation(want, got)) return undefined;
  const detail =
    printAnnotation(got) !== actual || printAnnotation(want) !== declared
      ? ` (normalised: \`${printAnnotation(got)}\` vs \`${printAnnotation(want)}\`)`
      : '';
  return `${label} is annotated \`${actual}\`; the contract says \`${declared}\`${detail}`;
}

/** All mismatches between a declared callable and its definition. `title` names it in messages. */
export function compareCallable(
  declared: DeclaredCallable,
  fn: PyFunction,
  options: {
    mode: MatchMode;
    isMethod: boolean;
    imports: ImportMap;
    aliases?: AliasMap;
    title: string;
  },
): Mismatch[] {
  const { mode, isMethod, imports, title } = options;
  const aliases = options.aliases ?? new Map<string, string>();
  const found: Mismatch[] = [];
  const actual = explicitParams(fn, isMethod);
  if (declared.params) {
    const wanted = isMethod ? withoutImplicitFirst(declared.params) : declared.params;
    const matched =
      mode === 'exact'
        ? compareExact(wanted, actual, fn, title, found)
        : compareCompatible(wanted, actual, fn, title, found);
    for (const [want, got] of matched) {
      if (want.annotation === undefined) continue;
      const problem = annotationMismatch(
        `\`${title}\` parameter \`${got.name}\``,
        want.annotation,
        got.annotation,
        imports,
        aliases,
      );
      if (problem) found.push({ message: problem, at: paramAt(fn, got), subject: got.name });
    }
  }
  if (declared.returns !== undefined) {
    const problem = annotationMismatch(
      `\`${title}\` return type`,
      declared.returns,
      fn.returns,
      imports,
      aliases,
    );
    if (problem) {
      found.push({
        message: problem.replace('return type has no annotation', 'has no return annotation'),
        at: fn.at,
        subject: 'return',
      });
    }
  }
  return found;
}

type Pair = [DeclaredParam, PyParam];

function compareExact(
  wanted: DeclaredParam[],
  actual: PyParam[],
  fn: PyFunction,
  title: string,
  found: Mismatch[],
): Pair[] {
  const pairs: Pair[] = [];
  wanted.forEach((want, i) => {
    const got = actual[i];
    if (!got) {
      found.push({
        message: `\`${title}\` is missing parameter \`${want.name}\` (position ${i + 1} in the contract)`,
        at: fn.at,
        subject: want.name,
      });
      return;
    }
    const at = paramAt(fn, got);
    if (got.name !== want.name) {
      found.push({
        message: `\`${title}\` parameter ${i + 1} is \`${got.name}\`; the contract says \`${want.name}\``,
        at,
        subject: got.name,
      });
      return;
    }
    pairs.push([want, got]);
    if (got.kind !== want.kind) {
      found.push({
        message: `\`${title}\` parameter \`${got.name}\` is ${KIND_TEXT[got.kind]}; the contract says ${KIND_TEXT[want.kind]}`,
        at,
        subject: got.name,
      });
    }
    if (want.default !== undefined) {
      if (got.default === undefined) {
        found.push({
          message: `\`${title}\` parameter \`${got.name}\` has no default; the contract says \`= ${want.default}\``,
          at,
          subject: got.name,
        });
      } else if (normaliseDefault(got.default) !== normaliseDefault(want.default)) {
        found.push({
          message: `\`${title}\` parameter \`${got.name}\` defaults to \`${got.default}\`; the contract says \`${want.default}\``,
          at,
          subject: got.name,
        });
      }
    } else if (
      want.optional &&
      got.default === undefined &&
      got.kind !== 'var-positional' &&
      got.kind !== 'var-keyword'
    ) {
      found.push({
        message: `\`${title}\` parameter \`${got.name}\` must have a default (the contract marks it optional)`,
        at,
        subject: got.name,
      });
    } else if (!want.optional && got.default !== undefined) {
      found.push({
        message: `\`${title}\` parameter \`${got.name}\` has a default \`${got.default}\` the contract does not declare`,
        at,
        subject: got.name,
      });
    }
  });
  for (const extra of actual.slice(wanted.length)) {
    found.push({
      message: `\`${title}\` parameter \`${extra.name}\` is not in the contract`,
      at: paramAt(fn, extra),
      subject: extra.name,
    });
  }
  return pairs;
}

function compareCompatible(
  wanted: DeclaredParam[],
  actual: PyParam[],
  fn: PyFunction,
  title: string,
  found: Mismatch[],
): Pair[] {
  const pairs: Pair[] = [];
  const used = new Set<PyParam>();
  const varPositional = actual.find((p) => p.kind === 'var-positional');
  const varKeyword = actual.find((p) => p.kind === 'var-keyword');
  const positional = actual.filter((p) => POSITIONAL.includes(p.kind));
  let position = 0;
  for (const want of wanted) {
    if (want.kind === 'var-positional' || want.kind === 'var-keyword') {
      const got = want.kind === 'var-positional' ? varPositional : varKeyword;
      if (got) {
        used.add(got);
        pairs.push([want, got]);
      } else {
        found.push({
          message: `\`${title}\` must accept ${KIND_TEXT[want.kind]} (\`${want.kind === 'var-positional' ? '*' : '**'}${want.name}\`)`,
          at: fn.at,
          subject: want.name,
        });
      }
      continue;
    }
    let got: PyParam | undefined;
    if (POSITIONAL.includes(want.kind)) {
      got = positional[position++];
      if (got && want.kind === 'positional-or-keyword' && got.name !== want.name) {
        found.push({
          message: `\`${title}\` parameter ${position} is \`${got.name}\`; callers may pass it by name as \`${want.name}\``,
          at: paramAt(fn, got),
          subject: got.name,
        });
      }
      if (!got && varPositional) {
        used.add(varPositional);
        continue;
      }
    } else {
      got = actual.find(
        (p) =>
          p.name === want.name && (p.kind === 'keyword-only' || p.kind === 'positional-or-keyword'),
      );
      if (!got && varKeyword) {
        used.add(varKeyword);
        continue;
      }
    }
    if (!got) {
      found.push({
        message: `\`${title}\` does not accept \`${want.name}\`${POSITIONAL.includes(want.kind) ? ` as positional argument ${position}` : ' as a keyword argument'}`,
        at: fn.at,
        subject: want.name,
      });
      continue;
    }
    used.add(got);
    pairs.push([want, got]);
    if (want.optional && got.default === undefined) {
      found.push({
        message: `\`${title}\` parameter \`${got.name}\` needs a default: callers may leave it out`,
        at: paramAt(fn, got),
        subject: got.name,
      });
    }
  }
  for (const extra of actual) {
    if (
      used.has(extra) ||
      extra.default !== undefined ||
      extra.kind === 'var-positional' ||
      extra.kind === 'var-keyword'
    )
      continue;
    found.push({
      message: `\`${title}\` parameter \`${extra.name}\` is required but the contract's callers never pass it; give it a default`,
      at: paramAt(fn, extra),
      subject: extra.name,
    });
  }
  return pairs;
}

/** Parameters and return of a definition that carry no annotation. */
export function missingAnnotations(
  fn: PyFunction,
  isMethod: boolean,
): { params: PyParam[]; returns: boolean } {
  const params = explicitParams(fn, isMethod).filter((p) => p.annotation === undefined);
  const returns = fn.returns === undefined && fn.name !== '__init__';
  return { params, returns };
}

export function isOverload(fn: PyFunction): boolean {
  return fn.decorators.some((d) => d === 'overload' || d.endsWith('.overload'));
}

/** Public methods: no leading underscore, plus `__call__` (the model called as a function). */
export function isPublicMethod(fn: PyFunction): boolean {
  return !fn.name.startsWith('_') || fn.name === '__call__';
}
