// Type annotations as comparable values. Two spellings of one type must compare equal:
// `pd.DataFrame`, `pandas.DataFrame` and `DataFrame` imported from pandas; `Optional[X]`,
// `Union[X, None]` and `X | None`; `List[int]` and `list[int]`; `"Model"` and `Model`.
// Annotations are parsed from their source text by a small parser of the annotation subset of
// Python, so contract strings and code are read the same way and no tree is needed.

export type Ann =
  | { kind: 'name'; name: string }
  | { kind: 'subscript'; base: Ann; args: Ann[] }
  | { kind: 'union'; items: Ann[] }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'literal'; value: string }
  | { kind: 'list'; items: Ann[] }
  /** A quoted annotation: `inner` is what the string holds, `raw` the string as written (for Literal). */
  | { kind: 'forward'; inner: Ann; raw: string };

export class AnnotationSyntaxError extends Error {}

type Token =
  | { t: 'name'; v: string }
  | { t: 'str'; v: string; raw: string }
  | { t: 'num'; v: string }
  | { t: 'op'; v: string };

const MAX_ANNOTATION = 2000;
const MAX_DEPTH = 32;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s|\\/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ t: 'name', v: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9][0-9_.xXa-fA-FeEjJ]*/.exec(text.slice(i))!;
      tokens.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const m = /^([rbuRBU]{0,2})?("""|'''|"|')/.exec(text.slice(i))!;
      const quote = m[2];
      let j = i + quote.length;
      let value = '';
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else {
          value += text[j++];
        }
      }
      if (j >= text.length) throw new AnnotationSyntaxError('unterminated string');
      j += quote.length;
      tokens.push({ t: 'str', v: value, raw: text.slice(i, j) });
      i = j;
    } else if (text.startsWith('...', i)) {
      tokens.push({ t: 'op', v: '...' });
      i += 3;
    } else if ('[](),|.'.includes(c)) {
      tokens.push({ t: 'op', v: c });
      i++;
    } else {
      throw new AnnotationSyntaxError(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly depth: number,
  ) {}

  parseAll(): Ann {
    const ann = this.union(0);
    if (this.pos < this.tokens.length) {
      throw new AnnotationSyntaxError(`unexpected ${JSON.stringify(this.tokens[this.pos].v)}`);
    }
    return ann;
  }

  private peek(v: string): boolean {
    const tok = this.tokens[this.pos];
    return tok?.t === 'op' && tok.v === v;
  }

  private expect(v: string): void {
    if (!this.peek(v)) {
      const tok = this.tokens[this.pos];
      throw new AnnotationSyntaxError(
        tok ? `expected "${v}" before ${JSON.stringify(tok.v)}` : `expected "${v}" at the end`,
      );
    }
    this.pos++;
  }

  private union(level: number): Ann {
    if (level > MAX_DEPTH) throw new AnnotationSyntaxError('annotation nested too deeply');
    const items = [this.primary(level)];
    while (this.peek('|')) {
      this.pos++;
      items.push(this.primary(level));
    }
    return items.length === 1 ? items[0] : { kind: 'union', items };
  }

  private primary(level: number): Ann {
    let ann = this.atom(level);
    while (this.peek('[')) {
      this.pos++;
      const args = this.args(']', level + 1);
      this.expect(']');
      ann = { kind: 'subscript', base: ann, args };
    }
    return ann;
  }

  private args(close: string, level: number): Ann[] {
    const items: Ann[] = [];
    while (!this.peek(close)) {
      items.push(this.union(level));
      if (!this.peek(',')) break;
      this.pos++;
    }
    return items;
  }

  private atom(level: number): Ann {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new AnnotationSyntaxError('annotation ends too early');
    if (tok.t === 'name') {
      if (tok.v === 'None') return { kind: 'none' };
      let name = tok.v;
      while (this.peek('.') && this.tokens[this.pos + 1]?.t === 'name') {
        name += `.${this.tokens[this.pos + 1].v}`;
        this.pos += 2;
      }
      return { kind: 'name', name };
    }
    if (tok.t === 'str') {
      // A forward reference: the string holds an annotation. Literal[...] arguments are
      // turned back into literals when the subscript is canonicalised.
      if (this.depth >= 4) return { kind: 'literal', value: tok.raw };
      try {
        const inner = new Parser(tokenize(tok.v), this.depth + 1).parseAll();
        return { kind: 'forward', inner, raw: tok.raw };
      } catch {
        return { kind: 'literal', value: tok.raw };
      }
    }
    if (tok.t === 'num') return { kind: 'literal', value: tok.v };
    if (tok.v === '...') return { kind: 'ellipsis' };
    if (tok.v === '[') {
      const items = this.args(']', level + 1);
      this.expect(']');
      return { kind: 'list', items };
    }
    if (tok.v === '(') {
      const inner = this.args(')', level + 1);
      this.expect(')');
      return inner.length === 1 ? inner[0] : { kind: 'list', items: inner };
    }
    throw new AnnotationSyntaxError(`unexpected ${JSON.stringify(tok.v)}`);
  }
}

/** Parse annotation source text (`Optional[pd.DataFrame]`, `"Model"`, `int | None`). Throws AnnotationSyntaxError. */
export function parseAnnotation(text: string): Ann {
  if (text.length > MAX_ANNOTATION) throw new AnnotationSyntaxError('annotation too long');
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new AnnotationSyntaxError('empty annotation');
  return new Parser(tokens, 0).parseAll();
}

/** Local name → fully qualified name, from a file's imports (`pd` → `pandas`). */
export type ImportMap = ReadonlyMap<string, string>;

/** What a name means when the file (or a contract, which has no imports) does not import it. */
const CONVENTIONAL: Record<string, string> = {
  pd: 'pandas',
  np: 'numpy',
  npt: 'numpy.typing',
  DataFrame: 'pandas.DataFrame',
  Series: 'pandas.Series',
  ndarray: 'numpy.ndarray',
  NDArray: 'numpy.typing.NDArray',
  ArrayLike: 'numpy.typing.ArrayLike',
};

const TYPING_NAMES = new Set([
  'Any',
  'Optional',
  'Union',
  'List',
  'Dict',
  'Tuple',
  'Set',
  'FrozenSet',
  'Type',
  'Text',
  'Sequence',
  'Mapping',
  'MutableMapping',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Callable',
  'Generator',
  'Collection',
  'Literal',
  'Annotated',
  'Deque',
  'DefaultDict',
  'OrderedDict',
  'Counter',
  'AbstractSet',
  'Awaitable',
  'Coroutine',
  'AsyncIterator',
  'AsyncIterable',
  'Hashable',
  'Sized',
  'Container',
  'ClassVar',
  'Final',
  'NoReturn',
  'Never',
  'Self',
  'TypedDict',
  'NamedTuple',
]);

/** Aliases that name the same type; the right-hand side is the canonical spelling. */
const SAME_TYPE: Record<string, string> = {
  'typing.List': 'list',
  'typing.Dict': 'dict',
  'typing.Tuple': 'tuple',
  'typing.Set': 'set',
  'typing.FrozenSet': 'frozenset',
  'typing.Type': 'type',
  'typing.Text': 'str',
  'typing.Deque': 'collections.deque',
  'typing.DefaultDict': 'collections.defaultdict',
  'typing.OrderedDict': 'collections.OrderedDict',
  'typing.Counter': 'collections.Counter',
  'typing.AbstractSet': 'collections.abc.Set',
  'pandas.core.frame.DataFrame': 'pandas.DataFrame',
  'pandas.core.series.Series': 'pandas.Series',
  'numpy.core.ndarray': 'numpy.ndarray',
  'numpy.typing.NDArray': 'numpy.typing.NDArray',
  'builtins.list': 'list',
  'builtins.dict': 'dict',
};
for (const abc of [
  'Sequence',
  'Mapping',
  'MutableMapping',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Callable',
  'Generator',
  'Collection',
  'Awaitable',
  'Coroutine',
  'AsyncIterator',
  'AsyncIterable',
  'Hashable',
  'Sized',
  'Container',
]) {
  SAME_TYPE[`typing.${abc}`] = `collections.abc.${abc}`;
}

/** Resolve a dotted name through the imports, then to its canonical spelling. */
function qualify(name: string, imports: ImportMap): string {
  const [head, ...rest] = name.split('.');
  let resolved: string;
  if (imports.has(head)) resolved = [imports.get(head)!, ...rest].join('.');
  else if (CONVENTIONAL[head]) resolved = [CONVENTIONAL[head], ...rest].join('.');
  else if (TYPING_NAMES.has(head) && rest.length === 0) resolved = `typing.${head}`;
  else resolved = name;
  resolved = resolved.replace(/^typing_extensions\./, 'typing.');
  return SAME_TYPE[resolved] ?? resolved;
}

/** Canonical form: names qualified, aliases unified, Optional/Union flattened into sorted unions. */
export function canonicalise(ann: Ann, imports: ImportMap = new Map()): Ann {
  switch (ann.kind) {
    case 'name': {
      const name = qualify(ann.name, imports);
      return name === 'typing.NoneType' || name === 'types.NoneType'
        ? { kind: 'none' }
        : { kind: 'name', name };
    }
    case 'union':
      return makeUnion(ann.items.map((item) => canonicalise(item, imports)));
    case 'list':
      return { kind: 'list', items: ann.items.map((item) => canonicalise(item, imports)) };
    case 'forward':
      return canonicalise(ann.inner, imports);
    case 'subscript': {
      const base = canonicalise(ann.base, imports);
      const baseName = base.kind === 'name' ? base.name : '';
      if (baseName === 'typing.Literal') {
        return { kind: 'subscript', base, args: ann.args.map(literalOf) };
      }
      const args = ann.args.map((arg) => canonicalise(arg, imports));
      if (baseName === 'typing.Optional' && args.length === 1)
        return makeUnion([args[0], { kind: 'none' }]);
      if (baseName === 'typing.Union') return makeUnion(args);
      if (baseName === 'typing.Annotated' && args.length >= 1) return args[0];
      return { kind: 'subscript', base, args };
    }
    default:
      return ann;
  }
}

function literalOf(ann: Ann): Ann {
  if (ann.kind === 'forward') return { kind: 'literal', value: ann.raw };
  if (ann.kind === 'none') return { kind: 'literal', value: 'None' };
  return ann.kind === 'name' ? { kind: 'literal', value: ann.name } : ann;
}

function makeUnion(items: Ann[]): Ann {
  const flat: Ann[] = [];
  for (const item of items) {
    if (item.kind === 'union') flat.push(...item.items);
    else flat.push(item);
  }
  const byText = new Map<string, Ann>();
  for (const item of flat) byText.set(printAnnotation(item), item);
  const sorted = [...byText.entries()]
    .sort(([a], [b]) => (a === 'None' ? 1 : b === 'None' ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);
  return sorted.length === 1 ? sorted[0] : { kind: 'union', items: sorted };
}

/** Python-like text of an annotation (canonical ones print with qualified names). */
export function printAnnotation(ann: Ann): string {
  switch (ann.kind) {
    case 'name':
      return ann.name;
    case 'none':
      return 'None';
    case 'ellipsis':
      return '...';
    case 'literal':
      return normaliseLiteral(ann.value);
    case 'list':
      return `[${ann.items.map(printAnnotation).join(', ')}]`;
    case 'union':
      return ann.items.map(printAnnotation).join(' | ');
    case 'forward':
      return JSON.stringify(printAnnotation(ann.inner));
    case 'subscript':
      return `${printAnnotation(ann.base)}[${ann.args.map(printAnnotation).join(', ')}]`;
  }
}

function normaliseLiteral(value: string): string {
  const m = /^[rbuRBU]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(value);
  return m ? JSON.stringify(m[2]) : value;
}

/**
 * Whether two canonical annotations name the same type. A bare or partly qualified name matches
 * a fully qualified one with the same trailing segments, so a contract may write `Payload` for
 * `app.models.Payload`.
 */
export function sameAnnotation(a: Ann, b: Ann): boolean {
  if (a.kind === 'name' && b.kind === 'name') return sameName(a.name, b.name);
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'none':
    case 'ellipsis':
      return true;
    case 'literal':
      return normaliseLiteral(a.value) === normaliseLiteral((b as typeof a).value);
    case 'subscript': {
      const other = b as typeof a;
      return sameAnnotation(a.base, other.base) && sameList(a.args, other.args);
    }
    case 'list':
    case 'union': {
      const other = b as typeof a;
      if (a.kind === 'union') {
        return (
          a.items.length === other.items.length &&
          a.items.every((item) => other.items.some((o) => sameAnnotation(item, o)))
        );
      }
      return sameList(a.items, other.items);
    }
    default:
      return false;
  }
}

function sameList(a: Ann[], b: Ann[]): boolean {
  return a.length === b.length && a.every((item, i) => sameAnnotation(item, b[i]));
}

function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.endsWith(`.${short}`);
}

/** Module-level type aliases: name → the annotation text it stands for (`Features = pd.DataFrame`). */
export type AliasMap = ReadonlyMap<string, string>;

/** Replace alias names by what they stand for, a few levels deep (aliases of aliases). */
function expandAliases(ann: Ann, aliases: AliasMap, depth = 0): Ann {
  if (depth > 5 || aliases.size === 0) return ann;
  switch (ann.kind) {
    case 'name': {
      const target = aliases.get(ann.name);
      if (target === undefined) return ann;
      try {
        return expandAliases(parseAnnotation(target), aliases, depth + 1);
      } catch {
        return ann;
      }
    }
    case 'subscript':
      return {
        kind: 'subscript',
        base: expandAliases(ann.base, aliases, depth),
        args: ann.args.map((a) => expandAliases(a, aliases, depth)),
      };
    case 'union':
    case 'list':
      return { ...ann, items: ann.items.map((a) => expandAliases(a, aliases, depth)) };
    case 'forward':
      return { ...ann, inner: expandAliases(ann.inner, aliases, depth) };
    default:
      return ann;
  }
}

/** Parse and canonicalise in one step; undefined when the text is not an annotation we can read. */
export function readAnnotation(
  text: string,
  imports: ImportMap = new Map(),
  aliases: AliasMap = new Map(),
): Ann | undefined {
  try {
    return canonicalise(expandAliases(parseAnnotation(text), aliases), imports);
  } catch (error) {
    if (error instanceof AnnotationSyntaxError) return undefined;
    throw error;
  }
}
