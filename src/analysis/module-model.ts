// The call-level model of one module, from tree-sitter: its functions and methods, what each body
// calls (and which functions it passes along as callbacks), and what runs at import time. Built
// only for modules the separation check actually walks into (serving modules and what they call).
import type { Node } from 'web-tree-sitter';
import type { CodeUnit, Location, RuleContext } from '../engine/types.js';

export interface CallSite {
  unit: CodeUnit;
  row: number;
  column: number;
  endRow: number;
  endColumn: number;
  /** Dotted callee (`train.trainmodel`, `self.model.fit`, `fit_model`); `?.fit` when the receiver is an expression. */
  callee: string;
  /** The receiver part of the callee ('' for a plain name). */
  receiver: string;
  /** The last name (`fit`). */
  method: string;
  args: number;
  /** A function passed along rather than called (`Thread(target=train)`, `tasks.add_task(train)`). */
  reference: boolean;
  /** Short source text, for messages. */
  text: string;
  /** Plain string literals of the first argument (`"python train.py"`, `["python", "train.py"]`). */
  strings: string[];
}

export type BodyKind = 'module' | 'main' | 'function';

export interface Body {
  file: string;
  kind: BodyKind;
  /** '' for module and main bodies; `f` or `Class.method` for functions. */
  qual: string;
  /** The class a method belongs to. */
  className?: string;
  calls: CallSite[];
  location: Location;
}

export interface ClassModel {
  name: string;
  bases: string[];
  methods: Set<string>;
}

export interface ModuleModel {
  file: string;
  module: Body;
  main: Body;
  functions: Map<string, Body>;
  classes: Map<string, ClassModel>;
}

const MODELS = 'analysis:module-models';
const MAX_TEXT = 60;
const MAX_NESTING = 64;

/** The module model of a file, parsed once per run; undefined when the file cannot be read. */
export async function moduleModelFor(
  ctx: RuleContext<unknown>,
  file: string,
): Promise<ModuleModel | undefined> {
  const cache = ctx.shared(MODELS, () => new Map<string, Promise<ModuleModel | undefined>>());
  let model = cache.get(file);
  if (!model) {
    model = buildModel(ctx, file);
    cache.set(file, model);
  }
  return model;
}

async function buildModel(
  ctx: RuleContext<unknown>,
  file: string,
): Promise<ModuleModel | undefined> {
  const doc = ctx.sources.code(file);
  if (!doc) return undefined;
  const first = doc.units[0];
  const start: Location = first ? first.locate(0, 0) : { file, line: 1 };
  const model: ModuleModel = {
    file,
    module: { file, kind: 'module', qual: '', calls: [], location: start },
    main: { file, kind: 'main', qual: '', calls: [], location: start },
    functions: new Map(),
    classes: new Map(),
  };
  for (const unit of doc.units) {
    const tree = await ctx.sources.tree(unit);
    if (!tree) continue;
    new ModelBuilder(file, unit, model).statements(tree.rootNode.namedChildren, 'module');
  }
  return model;
}

class ModelBuilder {
  constructor(
    private readonly file: string,
    private readonly unit: CodeUnit,
    private readonly model: ModuleModel,
  ) {}

  /** Module-level statements: definitions are registered, the rest runs on import (or under main). */
  statements(nodes: (Node | null)[], where: 'module' | 'main', depth = 0): void {
    // Module-level if/try nesting deeper than this is hostile input; its calls still count.
    if (depth > MAX_NESTING) {
      for (const node of nodes) this.calls(node, this.body(where));
      return;
    }
    for (const node of nodes) {
      if (!node) continue;
      switch (node.type) {
        case 'function_definition':
          this.func(node, undefined);
          break;
        case 'class_definition':
          this.cls(node, where);
          break;
        case 'decorated_definition':
          this.decorated(node, undefined, where);
          break;
        case 'if_statement':
          if (isMainGuard(node.childForFieldName('condition'))) {
            this.statements(blockOf(node.childForFieldName('consequence')), 'main', depth + 1);
            for (const alt of node.childrenForFieldName('alternative'))
              this.statements(alt ? blockOf(alt) : [], where, depth + 1);
          } else {
            this.calls(node.childForFieldName('condition'), this.body(where));
            this.statements(blockOf(node.childForFieldName('consequence')), where, depth + 1);
            for (const alt of node.childrenForFieldName('alternative')) {
              if (!alt) continue;
              this.calls(alt.childForFieldName('condition'), this.body(where));
              this.statements(blockOf(alt), where, depth + 1);
            }
          }
          break;
        case 'try_statement':
          this.statements(blockOf(node.childForFieldName('body')), where, depth + 1);
          for (const clause of node.namedChildren) {
            if (clause && clause.type !== 'block')
              this.statements(blockOf(clause), where, depth + 1);
          }
          break;
        default:
          this.calls(node, this.body(where));
      }
    }
  }

  private body(where: 'module' | 'main'): Body {
    return where === 'module' ? this.model.module : this.model.main;
  }

  private decorated(node: Node, className: string | undefined, where: 'module' | 'main'): void {
    const definition = node.childForFieldName('definition');
    const decorators = node.namedChildren.filter((c): c is Node => c?.type === 'decorator');
    // Decorator expressions run where the definition is (at import for module-level ones).
    const owner = className ? this.model.module : this.body(where);
    for (const decorator of decorators) this.calls(decorator, owner);
    if (definition?.type === 'function_definition') this.func(definition, className);
    else if (definition?.type === 'class_definition') this.cls(definition, where);
  }

  private func(node: Node, className: string | undefined): void {
    const name = node.childForFieldName('name')?.text ?? '<def>';
    const qual = className ? `${className}.${name}` : name;
    const body: Body = {
      file: this.file,
      kind: 'function',
      qual,
      className,
      calls: [],
      location: this.locate(node),
    };
    // Default values are evaluated where the def runs; the body when it is called.
    this.calls(node.childForFieldName('parameters'), this.model.module);
    this.calls(node.childForFieldName('body'), body);
    const existing = this.model.functions.get(qual);
    if (existing) existing.calls.push(...body.calls);
    else this.model.functions.set(qual, body);
  }

  private cls(node: Node, where: 'module' | 'main'): void {
    const name = node.childForFieldName('name')?.text ?? '<class>';
    const bases: string[] = [];
    const superclasses = node.childForFieldName('superclasses');
    for (const base of superclasses?.namedChildren ?? []) {
      const dotted = base ? dottedText(base) : undefined;
      if (dotted) bases.push(dotted);
    }
    const info: ClassModel = this.model.classes.get(name) ?? { name, bases, methods: new Set() };
    this.model.classes.set(name, info);
    for (const statement of blockOf(node.childForFieldName('body'))) {
      if (!statement) continue;
      if (statement.type === 'function_definition') {
        info.methods.add(statement.childForFieldName('name')?.text ?? '');
        this.func(statement, name);
      } else if (statement.type === 'decorated_definition') {
        const definition = statement.childForFieldName('definition');
        if (definition?.type === 'function_definition')
          info.methods.add(definition.childForFieldName('name')?.text ?? '');
        this.decorated(statement, name, where);
      } else {
        // Class-body statements run when the class statement runs.
        this.calls(statement, this.body(where));
      }
    }
  }

  /** Every call (and passed-along function reference) under `node`, into `body`. */
  private calls(node: Node | null, body: Body): void {
    if (!node) return;
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop() as Node;
      if (current.type === 'call') this.call(current, body);
      for (let i = current.namedChildCount - 1; i >= 0; i--) {
        const child = current.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private call(node: Node, body: Body): void {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return;
    const argNodes =
      args?.type === 'argument_list'
        ? args.namedChildren.filter((a): a is Node => a !== null && a.type !== 'comment')
        : [];
    let callee = dottedText(fn);
    let receiver = '';
    let method = '';
    if (fn.type === 'attribute') {
      method = fn.childForFieldName('attribute')?.text ?? '';
      const object = fn.childForFieldName('object');
      receiver = (object && dottedText(object)) ?? '?';
      if (callee === undefined) callee = `?.${method}`;
    } else if (callee !== undefined) {
      method = callee;
    }
    if (callee === undefined) return;
    const site = this.site(node, fn, callee, receiver, method, argNodes.length, false);
    site.strings = argNodes[0] ? literalStrings(argNodes[0]) : [];
    body.calls.push(site);
    // Functions handed to something else (threads, background tasks, executors) run too.
    for (const arg of argNodes) {
      const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      if (!value || (value.type !== 'identifier' && value.type !== 'attribute')) continue;
      const ref = dottedText(value);
      if (!ref) continue;
      const parts = ref.split('.');
      body.calls.push(
        this.site(
          value,
          value,
          ref,
          parts.slice(0, -1).join('.'),
          parts[parts.length - 1],
          0,
          true,
        ),
      );
    }
  }

  private site(
    node: Node,
    fn: Node,
    callee: string,
    receiver: string,
    method: string,
    args: number,
    reference: boolean,
  ): CallSite {
    const text = node.text.replace(/\s+/g, ' ');
    return {
      unit: this.unit,
      row: fn.startPosition.row,
      column: fn.startPosition.column,
      endRow: node.endPosition.row,
      endColumn: node.endPosition.column,
      callee,
      receiver,
      method,
      args,
      reference,
      text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - 1) + '…' : text,
      strings: [],
    };
  }

  private locate(node: Node): Location {
    return this.unit.locate(node.startPosition.row, node.startPosition.column);
  }
}

/** A plain string's content, or each plain string of a list or tuple; f-strings are left out. */
function literalStrings(node: Node): string[] {
  if (node.type === 'string') {
    if (node.namedChildren.some((c) => c?.type === 'interpolation')) return [];
    return [
      node.namedChildren
        .filter((c) => c?.type === 'string_content')
        .map((c) => c?.text ?? '')
        .join(''),
    ];
  }
  if (node.type === 'list' || node.type === 'tuple') {
    // One level only: a command is a flat list of words.
    return node.namedChildren.flatMap((c) => (c?.type === 'string' ? literalStrings(c) : []));
  }
  return [];
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else. */
export function dottedText(node: Node): string | undefined {
  const parts: string[] = [];
  let current: Node | null = node;
  // Iterative: a hostile `a.a.a…` chain thousands deep must not exhaust the stack.
  while (current?.type === 'attribute') {
    const attribute = current.childForFieldName('attribute');
    if (!attribute) return undefined;
    parts.push(attribute.text);
    current = current.childForFieldName('object');
  }
  if (current?.type !== 'identifier') return undefined;
  parts.push(current.text);
  return parts.reverse().join('.');
}

function blockOf(node: Node | null): (Node | null)[] {
  if (!node) return [];
  if (node.type === 'block') return node.namedChildren;
  const body = node.childForFieldName('body') ?? node.childForFieldName('consequence');
  if (body) return body.type === 'block' ? body.namedChildren : [body];
  return node.namedChildren
    .filter((c) => c?.type === 'block')
    .flatMap((b) => (b ? b.namedChildren : []));
}

function isMainGuard(condition: Node | null): boolean {
  if (!condition || condition.type !== 'comparison_operator') return false;
  const text = condition.text.replace(/\s+/g, '');
  return /^(__name__==(['"])__main__\2|(['"])__main__\3==__name__)$/.test(text);
}

/** Where a call site is, in the raw file. */
export function siteLocation(site: CallSite): Location {
  return site.unit.locate(site.row, site.column, site.endRow, site.endColumn);
}
