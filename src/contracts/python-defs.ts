// Definitions of a Python module read from its tree-sitter tree: imports, top-level functions
// and classes with their methods and full signatures. Only what the interface checks need.
import type { Node, Tree } from 'web-tree-sitter';
import type { CodeUnit } from '../engine/types.js';

export type ParamKind =
  'positional-only' | 'positional-or-keyword' | 'var-positional' | 'keyword-only' | 'var-keyword';

export interface PyParam {
  name: string;
  kind: ParamKind;
  /** Annotation source text, as written. */
  annotation?: string;
  /** Default value source text, as written. */
  default?: string;
  row: number;
  column: number;
}

/** A 0-based position inside one code unit. */
export interface UnitPosition {
  unit: CodeUnit;
  row: number;
  column: number;
}

export interface PyFunction {
  name: string;
  params: PyParam[];
  returns?: string;
  /** Decorator expressions without `@`, e.g. `staticmethod`, `app.post("/predict")`. */
  decorators: string[];
  isAsync: boolean;
  /** Where the `def` keyword is (after decorators), the line people read as the definition. */
  at: UnitPosition;
}

export interface PyClass {
  name: string;
  /** Dotted path for nested classes: `Outer.Inner`. */
  qualname: string;
  /** Base class expressions as written (keyword arguments such as metaclass= excluded). */
  bases: string[];
  decorators: string[];
  methods: PyFunction[];
  classes: PyClass[];
  /** Names bound by assignment in the class body (`predict = _predict_impl`). */
  assigned: Set<string>;
  at: UnitPosition;
}

export interface PyModule {
  /** Local name → qualified name: `pd` → `pandas`, `DataFrame` → `pandas.DataFrame`. */
  imports: Map<string, string>;
  /** Module-level type aliases: `Features = pd.DataFrame`, `Labels: TypeAlias = "np.ndarray"`, `type V = list[float]`. */
  aliases: Map<string, string>;
  functions: PyFunction[];
  classes: PyClass[];
}

/** Collect the module-level definitions of one or more code units (a file, or a notebook's cells). */
export function readModule(units: { unit: CodeUnit; tree: Tree }[]): PyModule {
  const module: PyModule = { imports: new Map(), aliases: new Map(), functions: [], classes: [] };
  for (const { unit, tree } of units) {
    collectImports(tree.rootNode, module.imports);
    for (const child of tree.rootNode.namedChildren) {
      const alias = readAlias(child);
      if (alias) module.aliases.set(alias[0], alias[1]);
      const def = unwrapDecorated(child);
      if (!def) continue;
      if (def.node.type === 'function_definition') {
        module.functions.push(readFunction(def.node, def.decorators, unit));
      } else if (def.node.type === 'class_definition') {
        module.classes.push(readClass(def.node, def.decorators, unit, ''));
      }
    }
  }
  return module;
}

function unwrapDecorated(node: Node): { node: Node; decorators: string[] } | undefined {
  if (node.type === 'function_definition' || node.type === 'class_definition') {
    return { node, decorators: [] };
  }
  if (node.type !== 'decorated_definition') return undefined;
  const definition = node.childForFieldName('definition');
  if (!definition) return undefined;
  const decorators = node.namedChildren
    .filter((c) => c.type === 'decorator')
    .map((c) => c.text.replace(/^@\s*/, '').trim());
  return { node: definition, decorators };
}

const ALIAS_VALUES = new Set([
  'identifier',
  'attribute',
  'subscript',
  'generic_type',
  'binary_operator',
]);

/** `Name = <type expression>` (or `Name: TypeAlias = ...`, `type Name = ...`) at module level. */
function readAlias(node: Node): [string, string] | undefined {
  if (node.type === 'type_alias_statement') {
    const name = node.childForFieldName('left')?.text;
    const value = node.childForFieldName('right')?.text;
    return name && value && /^[A-Za-z_]\w*$/.test(name) ? [name, value] : undefined;
  }
  const assignment = node.type === 'expression_statement' ? node.namedChildren[0] : undefined;
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || !right) return undefined;
  const declared = assignment.childForFieldName('type')?.text;
  const isTypeAlias = declared !== undefined && /(^|\.)TypeAlias$/.test(declared);
  if (declared !== undefined && !isTypeAlias) return undefined;
  if (right.type === 'string' && isTypeAlias) return [left.text, right.text];
  if (!ALIAS_VALUES.has(right.type)) return undefined;
  if (right.type === 'binary_operator' && !right.children.some((c) => c.type === '|'))
    return undefined;
  return [left.text, right.text];
}

function collectImports(root: Node, imports: Map<string, string>): void {
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (stmt.type === 'import_statement') {
      for (const name of stmt.childrenForFieldName('name')) {
        if (name.type === 'aliased_import') {
          const target = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          if (target && alias) imports.set(alias, target);
        } else {
          // `import a.b` binds `a`, through which `a.b.X` is reached.
          const head = name.text.split('.')[0];
          if (!imports.has(head)) imports.set(head, head);
        }
      }
    } else {
      const from = stmt.childForFieldName('module_name')?.text.replace(/\s+/g, '');
      if (!from) continue;
      for (const name of stmt.childrenForFieldName('name')) {
        const target =
          name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
        const local =
          name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
        if (!target || !local) continue;
        const sep = from.endsWith('.') ? '' : '.';
        imports.set(local, `${from}${sep}${target}`);
      }
    }
  }
}

function position(node: Node, unit: CodeUnit): UnitPosition {
  return { unit, row: node.startPosition.row, column: node.startPosition.column };
}

function readClass(node: Node, decorators: string[], unit: CodeUnit, outer: string): PyClass {
  const name = node.childForFieldName('name')?.text ?? '';
  const qualname = outer ? `${outer}.${name}` : name;
  const bases = (node.childForFieldName('superclasses')?.namedChildren ?? [])
    .filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment')
    .map((c) => c.text);
  const cls: PyClass = {
    name,
    qualname,
    bases,
    decorators,
    methods: [],
    classes: [],
    assigned: new Set(),
    at: position(node, unit),
  };
  for (const child of node.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = child.type === 'expression_statement' ? child.namedChildren[0] : undefined;
    const target =
      assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (target?.type === 'identifier') cls.assigned.add(target.text);
    const def = unwrapDecorated(child);
    if (!def) continue;
    if (def.node.type === 'function_definition')
      cls.methods.push(readFunction(def.node, def.decorators, unit));
    else cls.classes.push(readClass(def.node, def.decorators, unit, qualname));
  }
  return cls;
}

function readFunction(node: Node, decorators: string[], unit: CodeUnit): PyFunction {
  const fn: PyFunction = {
    name: node.childForFieldName('name')?.text ?? '',
    params: readParameters(node.childForFieldName('parameters')),
    decorators,
    isAsync: node.children.some((c) => c.type === 'async'),
    at: position(node, unit),
  };
  const returns = node.childForFieldName('return_type');
  if (returns) fn.returns = returns.text;
  return fn;
}

/** Read a `parameters` node into parameters with their kinds. Exported for signature strings. */
export function readParameters(node: Node | null): PyParam[] {
  const params: PyParam[] = [];
  let after: 'positional' | 'keyword-only' = 'positional';
  for (const child of node?.namedChildren ?? []) {
    switch (child.type) {
      case 'positional_separator':
        for (const p of params) if (p.kind === 'positional-or-keyword') p.kind = 'positional-only';
        continue;
      case 'keyword_separator':
        after = 'keyword-only';
        continue;
      case 'comment':
        continue;
    }
    const param = readParameter(
      child,
      after === 'keyword-only' ? 'keyword-only' : 'positional-or-keyword',
    );
    if (!param) continue;
    if (param.kind === 'var-positional') after = 'keyword-only';
    params.push(param);
  }
  return params;
}

function readParameter(node: Node, plainKind: ParamKind): PyParam | undefined {
  const at = { row: node.startPosition.row, column: node.startPosition.column };
  switch (node.type) {
    case 'identifier':
      return { name: node.text, kind: plainKind, ...at };
    case 'list_splat_pattern':
      return { name: splatName(node), kind: 'var-positional', ...at };
    case 'dictionary_splat_pattern':
      return { name: splatName(node), kind: 'var-keyword', ...at };
    case 'typed_parameter': {
      const inner = node.namedChildren.find((c) => c.type !== 'type' && c.type !== 'comment');
      const base = inner ? readParameter(inner, plainKind) : undefined;
      const type = node.childForFieldName('type');
      return base ? { ...base, ...at, ...(type ? { annotation: type.text } : {}) } : undefined;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = node.childForFieldName('name')?.text;
      if (!name) return undefined;
      const param: PyParam = { name, kind: plainKind, ...at };
      const type = node.childForFieldName('type');
      const value = node.childForFieldName('value');
      if (type) param.annotation = type.text;
      if (value) param.default = value.text;
      return param;
    }
    default:
      return undefined;
  }
}

function splatName(node: Node): string {
  return (
    node.namedChildren.find((c) => c.type === 'identifier')?.text ?? node.text.replace(/^\*+/, '')
  );
}

/** Find a class by dotted qualname (`Outer.Inner`). */
export function findClass(module: PyModule, qualname: string): PyClass | undefined {
  const [head, ...rest] = qualname.split('.');
  // Notebooks often redefine a class in a later cell; the last definition is the one that runs.
  let cls = [...module.classes].reverse().find((c) => c.name === head);
  for (const part of rest) cls = cls?.classes.find((c) => c.name === part);
  return cls;
}

export function findFunction(module: PyModule, name: string): PyFunction | undefined {
  return [...module.functions].reverse().find((f) => f.name === name);
}

/** Whether a method takes an implicit first argument (`self` or `cls`). */
export function hasImplicitFirst(fn: PyFunction): boolean {
  return !fn.decorators.some((d) => d === 'staticmethod' || d.endsWith('.staticmethod'));
}
