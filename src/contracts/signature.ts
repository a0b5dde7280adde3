// Declared callables: a contract's signature strings and parameter lists, read with the same
// Python parser as the code, so `(self, X: pd.DataFrame, *, k: int = 5) -> np.ndarray` means
// exactly what it means in Python.
import type { Tree } from 'web-tree-sitter';
import { readParameters, type ParamKind } from './python-defs.js';
import type { CallableDecl, ContractLocation, ParamDecl } from './types.js';

export interface DeclaredParam {
  name: string;
  kind: ParamKind;
  annotation?: string;
  /** Python source of the required default value. */
  default?: string;
  /** The parameter must have a default (any value when `default` is unset). */
  optional: boolean;
}

export interface DeclaredCallable {
  name: string;
  /** Undefined when the contract constrains only the return type. */
  params?: DeclaredParam[];
  returns?: string;
  required: boolean;
  at: ContractLocation;
}

export type PythonParser = (text: string) => Promise<Tree>;

const SIGNATURE_NAME = '__handoff_signature__';

async function parseSignature(
  signature: string,
  parse: PythonParser,
): Promise<{ params: DeclaredParam[]; returns?: string } | { error: string }> {
  if (signature.length > 4000 || signature.includes('\n\n'))
    return { error: 'signature is too long' };
  const tree = await parse(`def ${SIGNATURE_NAME}${signature.trim()}:\n    pass\n`);
  try {
    const fn = tree.rootNode.namedChildren[0];
    if (
      tree.rootNode.hasError ||
      tree.rootNode.namedChildren.length !== 1 ||
      fn?.type !== 'function_definition'
    ) {
      return {
        error: `"${signature}" is not a Python signature like "(self, X: pd.DataFrame) -> np.ndarray"`,
      };
    }
    const params = readParameters(fn.childForFieldName('parameters')).map((p) => ({
      name: p.name,
      kind: p.kind,
      ...(p.annotation !== undefined ? { annotation: p.annotation } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
      optional: p.default !== undefined,
    }));
    const returns = fn.childForFieldName('return_type')?.text;
    return returns === undefined ? { params } : { params, returns };
  } finally {
    tree.delete();
  }
}

function defaultSource(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

async function readParamDecls(
  decls: ParamDecl[],
  parse: PythonParser,
): Promise<{ params: DeclaredParam[] } | { error: string }> {
  const params: DeclaredParam[] = [];
  let afterStar = false;
  for (const decl of decls) {
    if (typeof decl === 'string') {
      const trimmed = decl.trim();
      if (trimmed === '*') {
        afterStar = true;
        continue;
      }
      if (trimmed === '/') {
        for (const p of params) if (p.kind === 'positional-or-keyword') p.kind = 'positional-only';
        continue;
      }
      const parsed = await parseSignature(`(${afterStar ? '*, ' : ''}${trimmed})`, parse);
      if ('error' in parsed || parsed.params.length !== 1) {
        return {
          error: `parameter "${decl}" is not one Python parameter like "X: pd.DataFrame" or "y=None"`,
        };
      }
      const [param] = parsed.params;
      if (param.kind === 'var-positional') afterStar = true;
      params.push(param);
    } else {
      const kind = decl.kind ?? (afterStar ? 'keyword-only' : 'positional-or-keyword');
      if (kind === 'var-positional' || kind === 'keyword-only') afterStar = true;
      const param: DeclaredParam = { name: decl.name, kind, optional: decl.optional === true };
      if (decl.annotation !== undefined) param.annotation = decl.annotation;
      if (decl.default !== undefined) {
        param.default = defaultSource(decl.default);
        param.optional = true;
      }
      params.push(param);
    }
  }
  return { params };
}

/** Turn a contract's callable declaration into parameters; `error` for a signature that does not parse. */
export async function resolveCallable(
  name: string,
  decl: CallableDecl,
  parse: PythonParser,
): Promise<{ callable: DeclaredCallable } | { error: string }> {
  const callable: DeclaredCallable = { name, required: decl.required, at: decl.at };
  if (decl.signature !== undefined) {
    const parsed = await parseSignature(decl.signature, parse);
    if ('error' in parsed) return parsed;
    callable.params = parsed.params;
    if (parsed.returns !== undefined) callable.returns = parsed.returns;
  }
  if (decl.parameters !== undefined) {
    const parsed = await readParamDecls(decl.parameters, parse);
    if ('error' in parsed) return parsed;
    callable.params = parsed.params;
  }
  if (decl.returns !== undefined) callable.returns = decl.returns;
  return { callable };
}

/** Drop a leading `self`/`cls` the contract may spell out for a method. */
export function withoutImplicitFirst(params: DeclaredParam[]): DeclaredParam[] {
  const first = params[0];
  return first && (first.name === 'self' || first.name === 'cls') && first.kind !== 'keyword-only'
    ? params.slice(1)
    : params;
}
