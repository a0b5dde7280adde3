// The string literals of one Python tree that may hold a location, each once, with the value
// the program builds from it: `os.path.join("/home", "me")`, `Path("/content") / "drive"` and
// `"/home/" + user + "/x"` are judged as the joined path, reported at their first literal.
import type { Node } from 'web-tree-sitter';
import { HOLE } from './classify.js';
import { dottedName, literalRole, type LiteralRole } from './python-context.js';
import { isStringNode, stringValue } from './python-strings.js';

export interface PythonLiteral {
  /** The value to classify, interpolations and computed parts as HOLE. */
  value: string;
  /** The literal as written (the first literal of a joined path), for the message. */
  display: string;
  /** Whether `value` joins more than this literal (a join call, a `/` chain, a `+` chain). */
  joined: boolean;
  /** The first literal, where the finding is placed: 0-based rows, UTF-16 columns. */
  node: Node;
  role: LiteralRole;
}

const JOIN_RECEIVERS = /^(os\.path|path|posixpath|ntpath|osp|op)$/;
const PATH_CLASSES = new Set([
  'Path',
  'PurePath',
  'PosixPath',
  'WindowsPath',
  'PurePosixPath',
  'PureWindowsPath',
  'UPath',
]);
// Only strings with one of these can be (or start) a machine path.
const PATH_CHARS = /[/\\~]/;

/** Every literal of the tree that could hold a path, with its joined value and its role. */
export function pythonLiterals(root: Node): PythonLiteral[] {
  const found: PythonLiteral[] = [];
  for (const node of root.descendantsOfType(['string', 'concatenated_string'])) {
    if (!node || node.parent?.type === 'concatenated_string') continue;
    const own = stringValue(node);
    if (!own || !PATH_CHARS.test(own.value)) continue;
    const expression = pathExpression(node, own.value);
    if (expression === 'consumed') continue;
    found.push({
      value: expression.value,
      display: own.display,
      joined: expression.value !== own.value,
      node,
      role: literalRole(expression.anchor, expression.value),
    });
  }
  return found;
}

interface PathExpression {
  /** The outermost expression the literal's value flows into (a join call, a `/` chain). */
  anchor: Node;
  value: string;
}

function pathExpression(literal: Node, own: string): PathExpression | 'consumed' {
  const slot = argumentSlot(literal);
  if (slot) {
    const kind = pathCallKind(slot.call);
    if (kind) {
      if (slot.index > 0) {
        return isStringNode(unwrap(slot.args[0])) ? 'consumed' : { anchor: literal, value: own };
      }
      const joined = joinArguments(slot.args);
      return kind === 'pathlib'
        ? extendPathChain(slot.call, joined)
        : { anchor: slot.call, value: joined };
    }
  }
  const concat = concatenation(literal, own);
  return concat ?? { anchor: literal, value: own };
}

interface ArgumentSlot {
  call: Node;
  args: Node[];
  index: number;
}

/** The call a literal is a positional argument of, and its index there. */
function argumentSlot(literal: Node): ArgumentSlot | undefined {
  let child = literal;
  let parent = literal.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type !== 'argument_list' || parent.parent?.type !== 'call') return undefined;
  const args = parent.namedChildren.filter(
    (arg): arg is Node => !!arg && arg.type !== 'keyword_argument' && arg.type !== 'comment',
  );
  const index = args.findIndex((arg) => arg.startIndex === child.startIndex);
  return index < 0 ? undefined : { call: parent.parent, args, index };
}

function pathCallKind(call: Node): 'join' | 'pathlib' | undefined {
  const callee = call.childForFieldName('function');
  const dotted = callee ? dottedName(callee) : '';
  const dot = dotted.lastIndexOf('.');
  const last = dotted.slice(dot + 1);
  const receiver = dot < 0 ? '' : dotted.slice(0, dot);
  if (last === 'join' && (receiver === '' || JOIN_RECEIVERS.test(receiver))) return 'join';
  if (PATH_CLASSES.has(last)) return 'pathlib';
  return undefined;
}

/** os.path.join semantics: parts joined by '/', a later absolute part restarts the path. */
function joinArguments(args: Node[]): string {
  return joinParts(args.map((arg) => stringValue(unwrap(arg))?.value));
}

/** Join static parts; a computed part (undefined) becomes HOLE and ends what is known. */
function joinParts(parts: (string | undefined)[]): string {
  let path = '';
  for (const part of parts) {
    if (part === undefined) return `${path}${path && !/[/\\]$/.test(path) ? '/' : ''}${HOLE}`;
    if (!path || /^[/\\]|^[A-Za-z]:[\\/]/.test(part)) path = part;
    else path = `${path}${/[/\\]$/.test(path) ? '' : '/'}${part}`;
  }
  return path;
}

/** `Path("/a") / "b" / x` and `.joinpath("b")`: follow the chain while it stays a path. */
function extendPathChain(call: Node, head: string): PathExpression {
  let anchor = call;
  let value = head;
  while (!value.endsWith(HOLE)) {
    const parent = anchor.parent;
    if (isOperator(parent, '/') && sameNode(parent.childForFieldName('left'), anchor)) {
      const right = parent.childForFieldName('right');
      value = joinParts([value, right ? stringValue(unwrap(right))?.value : undefined]);
      anchor = parent;
      continue;
    }
    const call = parent?.parent;
    if (
      parent?.type === 'attribute' &&
      parent.childForFieldName('attribute')?.text === 'joinpath' &&
      call?.type === 'call'
    ) {
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (arg): arg is Node => !!arg,
      );
      value = joinParts([value, ...args.map((arg) => stringValue(unwrap(arg))?.value)]);
      anchor = call;
      continue;
    }
    break;
  }
  return { anchor, value };
}

/** `"/home/" + user + "/x"`: the chain of `+` a literal starts; 'consumed' for its later parts. */
function concatenation(literal: Node, own: string): PathExpression | 'consumed' | undefined {
  const parent = literal.parent;
  if (!isOperator(parent, '+')) return undefined;
  if (!sameNode(parent.childForFieldName('left'), literal)) {
    const head = leftmostOperand(parent);
    return head && isStringNode(head) ? 'consumed' : undefined;
  }
  let anchor: Node = parent;
  let value = own + partValue(parent.childForFieldName('right'));
  for (let next = anchor.parent; isOperator(next, '+'); next = anchor.parent) {
    if (!sameNode(next.childForFieldName('left'), anchor)) break;
    value += partValue(next.childForFieldName('right'));
    anchor = next;
  }
  return { anchor, value };
}

function partValue(node: Node | null): string {
  return (node && stringValue(unwrap(node))?.value) ?? HOLE;
}

function isOperator(node: Node | null | undefined, operator: string): node is Node {
  return node?.type === 'binary_operator' && node.childForFieldName('operator')?.type === operator;
}

function leftmostOperand(node: Node): Node | undefined {
  let current: Node | null = node;
  while (isOperator(current, '+')) current = current.childForFieldName('left');
  return current ?? undefined;
}

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) {
    const inner = current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

function sameNode(a: Node | null | undefined, b: Node): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
