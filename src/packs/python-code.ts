// Python and notebook code as the code matchers read it: code units, their syntax trees, and the
// call sites of a unit with their written and qualified names and arguments, computed once per
// unit and shared by every rule of the run.
import type { Node, Tree } from 'web-tree-sitter';
import type { CodeUnit } from '../engine/types.js';
import type { MatchContext, Span } from './match.js';
import { EXPRESSION_SEGMENT, importBindings, qualify } from './qualified-names.js';

export function isCodeFile(file: string): boolean {
  const lower = file.toLowerCase();
  return lower.endsWith('.py') || lower.endsWith('.ipynb');
}

/** The code units of a `.py` file or notebook; none for other files or unreadable ones. */
export function codeUnits(ctx: MatchContext, file: string): CodeUnit[] {
  if (!isCodeFile(file)) return [];
  return ctx.sources.code(file)?.units ?? [];
}

export async function treeOf(ctx: MatchContext, unit: CodeUnit): Promise<Tree | undefined> {
  return ctx.sources.tree(unit);
}

export function nodeSpan(node: Node): Span {
  return {
    startRow: node.startPosition.row,
    startColumn: node.startPosition.column,
    endRow: node.endPosition.row,
    endColumn: node.endPosition.column,
  };
}

/** `a.b.c` for names and attribute chains; a base that is not a name becomes `?` (`?.fit`). */
export function writtenName(node: Node): string {
  // Iterative: a hostile chain of thousands of attributes must not exhaust the stack.
  const parts: string[] = [];
  let current: Node | null = node;
  while (current?.type === 'attribute') {
    const attribute = current.childForFieldName('attribute');
    parts.push(attribute?.text ?? EXPRESSION_SEGMENT);
    current = current.childForFieldName('object');
  }
  parts.push(current?.type === 'identifier' ? current.text : EXPRESSION_SEGMENT);
  return parts.reverse().join('.');
}

const LITERAL_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);
const CONTAINER_TYPES = new Set(['tuple', 'list', 'set', 'parenthesized_expression']);

/** Nesting deeper than this is not treated as a literal (and never walked further). */
const MAX_LITERAL_DEPTH = 64;

/** Whether an expression is a constant written in the code (no names, calls or f-string holes). */
export function isLiteral(node: Node, depth = 0): boolean {
  if (depth > MAX_LITERAL_DEPTH) return false;
  if (LITERAL_TYPES.has(node.type)) return true;
  if (node.type === 'string') return !node.namedChildren.some((c) => c?.type === 'interpolation');
  if (node.type === 'concatenated_string') {
    return node.namedChildren.every((c) => !c || isLiteral(c, depth + 1));
  }
  if (node.type === 'unary_operator') {
    const operand = node.childForFieldName('argument');
    return operand !== null && isLiteral(operand, depth + 1);
  }
  if (CONTAINER_TYPES.has(node.type)) {
    return node.namedChildren.every((c) => !c || isLiteral(c, depth + 1));
  }
  if (node.type === 'dictionary') {
    return node.namedChildren.every((pair) => {
      if (!pair || pair.type !== 'pair') return false;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      return (
        key !== null && value !== null && isLiteral(key, depth + 1) && isLiteral(value, depth + 1)
      );
    });
  }
  return false;
}

export interface Argument {
  /** Source text, whitespace runs folded. */
  text: string;
  literal: boolean;
  span: Span;
}

export interface CallSite {
  unit: CodeUnit;
  span: Span;
  /** The callee as written (`pk.load`, `model.fit`, `?.fit`). */
  written: string;
  /** Resolved through the file's imports (`pickle.load`). */
  qualified: string;
  positional: Argument[];
  keywords: Map<string, Argument>;
  /** `*args` or `**kwargs` is passed: an argument not seen may still be given. */
  splat: { positional: boolean; keywords: boolean };
}

function argument(node: Node): Argument {
  return {
    text: node.text.replace(/\s+/g, ' ').trim(),
    literal: isLiteral(node),
    span: nodeSpan(node),
  };
}

function callSite(
  unit: CodeUnit,
  node: Node,
  bindings: ReadonlyMap<string, string>,
): CallSite | undefined {
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!callee) return undefined;
  const written = writtenName(callee);
  const site: CallSite = {
    unit,
    span: nodeSpan(node),
    written,
    qualified: qualify(written, bindings),
    positional: [],
    keywords: new Map(),
    splat: { positional: false, keywords: false },
  };
  // A generator argument (`sum(x for x in y)`) is one positional argument.
  if (args?.type === 'generator_expression') site.positional.push(argument(args));
  else if (args) {
    for (const child of args.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) site.keywords.set(name.text, argument(value));
      } else if (child.type === 'list_splat') site.splat.positional = true;
      else if (child.type === 'dictionary_splat') site.splat.keywords = true;
      else site.positional.push(argument(child));
    }
  }
  return site;
}

/** Every call in a unit, in source order, computed once per unit and run. */
export async function callSites(ctx: MatchContext, unit: CodeUnit): Promise<CallSite[]> {
  const cache = ctx.shared('packs:calls', () => new WeakMap<CodeUnit, Promise<CallSite[]>>());
  let sites = cache.get(unit);
  if (!sites) {
    sites = (async () => {
      const tree = await treeOf(ctx, unit);
      if (!tree) return [];
      const bindings = importBindings(ctx, unit.file);
      const found: CallSite[] = [];
      for (const node of tree.rootNode.descendantsOfType('call')) {
        const site = node ? callSite(unit, node, bindings) : undefined;
        if (site) found.push(site);
      }
      return found;
    })();
    cache.set(unit, sites);
  }
  return sites;
}
