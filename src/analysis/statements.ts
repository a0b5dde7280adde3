// Statement structure over the lexer's logical lines: compound headers with their inline bodies,
// `;`-separated simple statements, and the small token-pattern helpers the outline is built from.
import type { LogicalLine, Token } from './tokenize.js';

export interface Statement {
  /** Indentation; an inline body (`if x: import y`) sits half a column inside its header. */
  indent: number;
  tokens: Token[];
  /** For a compound statement: the tokens of its header, without the colon. */
  header?: Token[];
  /** The compound keyword (`if`, `def`, ...), when this is a header. */
  keyword?: string;
}

const COMPOUND = new Set([
  'if',
  'elif',
  'else',
  'while',
  'for',
  'try',
  'except',
  'finally',
  'with',
  'def',
  'class',
  'async',
  'match',
  'case',
]);

/** Split a logical line into statements: a compound header, its inline body, `;` parts. */
export function statementsOf(line: LogicalLine): Statement[] {
  const out: Statement[] = [];
  split(line.tokens, line.indent, out);
  return out;
}

function split(tokens: Token[], indent: number, out: Statement[]): void {
  const first = tokens[0];
  if (!first) return;
  if (first.kind === 'name' && COMPOUND.has(first.value)) {
    const colon = headerColon(tokens);
    if (colon >= 0) {
      let keyword = first.value;
      if (keyword === 'async' && tokens[1]?.kind === 'name') keyword = tokens[1].value;
      out.push({ indent, tokens: tokens.slice(0, colon), header: tokens.slice(0, colon), keyword });
      const body = tokens.slice(colon + 1);
      if (body.length > 0) split(body, indent + 0.5, out);
      return;
    }
  }
  let start = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'op') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
    else if (t.value === ';' && depth === 0) {
      if (i > start) out.push({ indent, tokens: tokens.slice(start, i) });
      start = i + 1;
    }
  }
  if (start < tokens.length) out.push({ indent, tokens: tokens.slice(start) });
}

/** Index of the colon ending a compound header, skipping colons that belong to lambdas. */
function headerColon(tokens: Token[]): number {
  let depth = 0;
  let lambdas = 0;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'name' && t.value === 'lambda' && depth === 0) lambdas++;
    if (t.kind !== 'op') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
    else if (t.value === ':' && depth === 0) {
      if (lambdas > 0) lambdas--;
      else return i;
    }
  }
  return -1;
}

export function isName(token: Token | undefined, value?: string): boolean {
  return token?.kind === 'name' && (value === undefined || token.value === value);
}

export function isOp(token: Token | undefined, value: string): boolean {
  return token?.kind === 'op' && token.value === value;
}

/** Read `a.b.c` starting at `i`; returns the dotted text and the index after it. */
export function readDotted(tokens: Token[], i: number): { name: string; next: number } | undefined {
  if (!isName(tokens[i])) return undefined;
  let name = tokens[i].value;
  let j = i + 1;
  while (isOp(tokens[j], '.') && isName(tokens[j + 1])) {
    name += '.' + tokens[j + 1].value;
    j += 2;
  }
  return { name, next: j };
}

/** Split tokens on depth-0 commas (for `import a, b` and class bases). */
export function splitTopLevel(tokens: Token[], separator = ','): Token[][] {
  const parts: Token[][] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'op') {
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}')
        depth = Math.max(0, depth - 1);
      else if (t.value === separator && depth === 0) {
        parts.push(current);
        current = [];
        continue;
      }
    }
    current.push(t);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The source-like text of a token run, for messages and snippets. */
export function tokensText(tokens: Token[], limit = 80): string {
  let text = '';
  let previous: Token | undefined;
  for (const t of tokens) {
    const glue =
      previous === undefined ||
      (previous.kind === 'op' && '.([{'.includes(previous.value)) ||
      (t.kind === 'op' && '.,)]}:('.includes(t.value))
        ? ''
        : ' ';
    text += glue + t.value;
    previous = t;
    if (text.length > limit) return text.slice(0, limit - 1) + '…';
  }
  return text;
}
