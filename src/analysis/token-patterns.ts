// What the tokens of one statement mean: TYPE_CHECKING and main guards, handlers that catch
// ImportError, def parameters, class bases, `%run` targets, and statements that only define.
import { isName, isOp, readDotted, splitTopLevel } from './statements.js';
import type { Token } from './tokenize.js';

const GUARDING_EXCEPTIONS = new Set([
  'ImportError',
  'ModuleNotFoundError',
  'Exception',
  'BaseException',
]);

export function isTypeChecking(tokens: Token[]): boolean {
  const dotted = readDotted(tokens, 0);
  return (
    dotted !== undefined &&
    dotted.next === tokens.length &&
    /(^|\.)TYPE_CHECKING$/.test(dotted.name)
  );
}

export function isMainGuard(tokens: Token[]): boolean {
  if (tokens.length !== 3 || !isOp(tokens[1], '==')) return false;
  const [a, , b] = tokens;
  const isDunder = (t: Token) => isName(t, '__name__');
  const isMain = (t: Token) => t.kind === 'string' && t.literal === '__main__';
  return (isDunder(a) && isMain(b)) || (isMain(a) && isDunder(b));
}

export function catchesImportError(tokens: Token[]): boolean {
  if (tokens.length === 0) return true;
  const asAt = tokens.findIndex((t) => isName(t, 'as'));
  const caught = asAt >= 0 ? tokens.slice(0, asAt) : tokens;
  return caught.some((t) => t.kind === 'name' && GUARDING_EXCEPTIONS.has(t.value));
}

/** Parameter names of a def header (`*`, `/` and `self` markers left out). */
export function parameterNames(header: Token[]): string[] {
  const open = header.findIndex((t) => isOp(t, '('));
  if (open < 0) return [];
  let depth = 0;
  let close = header.length;
  for (let i = open; i < header.length; i++) {
    if (isOp(header[i], '(')) depth++;
    else if (isOp(header[i], ')') && --depth === 0) {
      close = i;
      break;
    }
  }
  const names: string[] = [];
  for (const part of splitTopLevel(header.slice(open + 1, close))) {
    const name = part.find((t) => t.kind === 'name');
    if (name) names.push(name.value);
  }
  return names;
}

export function classBases(header: Token[]): string[] {
  const open = header.findIndex((t) => isOp(t, '('));
  if (open < 0) return [];
  const inner = header.slice(
    open + 1,
    header.length - (isOp(header[header.length - 1], ')') ? 1 : 0),
  );
  const bases: string[] = [];
  for (const part of splitTopLevel(inner)) {
    if (isOp(part[1], '=')) continue; // metaclass=..., keyword arguments
    const dotted = readDotted(part, 0);
    if (dotted) bases.push(dotted.name);
  }
  return bases;
}

/** `%run -i "path/to/other.ipynb" args` → `path/to/other.ipynb`. */
export function runTarget(args: string): string | undefined {
  const parts = args.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  let skipNext = false;
  for (const part of parts) {
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (part.startsWith('-')) {
      // `-m module` names a module; `-t`, `-N n`, `-p` take values or are flags.
      if (part === '-N' || part === '-p') skipNext = true;
      continue;
    }
    return part.replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/**
 * Statements that define rather than do: docstrings, `pass`, `...`, `global`, imports (judged
 * elsewhere), and assignments of constants (no call on the right-hand side).
 */
export function isHarmless(tokens: Token[]): boolean {
  const first = tokens[0];
  if (!first) return true;
  if (
    tokens.length === 1 &&
    (first.kind === 'string' || isName(first, 'pass') || isOp(first, '...'))
  )
    return true;
  if (tokens.every((t) => t.kind === 'string')) return true;
  if (
    isName(first, 'import') ||
    isName(first, 'from') ||
    isName(first, 'global') ||
    isName(first, 'nonlocal')
  ) {
    return true;
  }
  const assign = tokens.findIndex((t) => t.kind === 'op' && (t.value === '=' || t.value === ':'));
  if (assign <= 0) return false;
  const target = tokens.slice(0, assign);
  if (!target.every((t) => t.kind === 'name' || isOp(t, ',') || isOp(t, '(') || isOp(t, ')')))
    return false;
  const value = tokens.slice(assign + 1);
  return !value.some(
    (t, i) =>
      isOp(t, '(') &&
      i > 0 &&
      (value[i - 1].kind === 'name' || isOp(value[i - 1], ')') || isOp(value[i - 1], ']')),
  );
}
