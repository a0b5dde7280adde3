// The cheap outline of one Python file or notebook, from the lexer alone (no tree): its imports
// with their context (function, TYPE_CHECKING, try/except ImportError, main guard), top-level
// definitions, decorators, class bases, dotted names it uses, and top-level statements that are
// not definitions or imports. Import graph, roles and the notebook check are built from this.
import type { CodeDocument, CodeUnit, Location, Magic } from '../engine/types.js';
import type { ScannedImport } from './import-record.js';
import {
  isName,
  isOp,
  readDotted,
  splitTopLevel,
  statementsOf,
  tokensText,
  type Statement,
} from './statements.js';
import {
  catchesImportError,
  classBases,
  isHarmless,
  isMainGuard,
  isTypeChecking,
  parameterNames,
  runTarget,
} from './token-patterns.js';
import { logicalLines, type Token } from './tokenize.js';

export interface DefinitionInfo {
  name: string;
  location: Location;
  /** Parameter names of a function (empty for classes). */
  params: string[];
}

export interface ClassInfo extends DefinitionInfo {
  /** Base class expressions as dotted text (`mlflow.pyfunc.PythonModel`). */
  bases: string[];
  methods: string[];
}

export interface DecoratorInfo {
  /** Dotted decorator name without the call (`app.route`, `bentoml.service`). */
  name: string;
  /** Plain string literals among its arguments (`'/predict'`). */
  strings: string[];
  location: Location;
  /** The def or class it decorates, when seen. */
  target?: string;
}

export interface ReferenceInfo {
  /** First place the dotted name is used (computed on first read). */
  readonly location: Location;
  count: number;
  /** Whether some use calls it. */
  called: boolean;
  /** Top-level definitions it is used in ('' for module level, `__main__` for the main block). */
  scopes: Set<string>;
}

export interface TopLevelCode {
  location: Location;
  /** Short source text of the statement. */
  snippet: string;
}

export interface Outline {
  file: string;
  imports: ScannedImport[];
  functions: DefinitionInfo[];
  classes: ClassInfo[];
  decorators: DecoratorInfo[];
  /** Dotted names used in code, keyed by text (`mlflow.start_run`, `Flask`). */
  references: Map<string, ReferenceInfo>;
  /** Module-level statements that run on import and are not definitions, imports or constants. */
  topLevelCode: TopLevelCode[];
}

const MAX_TOP_LEVEL = 50;
const KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield True False None'.split(
    ' ',
  ),
);
/** Magics that execute something when a notebook is run as a module (`%matplotlib` only configures). */
const EXECUTING_MAGIC =
  /^(?:%?%?(?:run|pip|conda|sh|bash|system|sx|script|capture|time|timeit|writefile|load)\b)/;

type BlockKind = 'def' | 'class' | 'typeOnly' | 'main' | 'try' | 'handler' | 'neutral' | 'code';

interface TryState {
  guards: boolean;
}

interface Block {
  indent: number;
  kind: BlockKind;
  name?: string;
  tryState?: TryState;
}

interface Sibling {
  kind: 'if-typecheck' | 'if-not-typecheck' | 'if-main' | 'if' | 'try' | 'other';
  tryState?: TryState;
}

interface PendingImport {
  record: ScannedImport;
  tries: TryState[];
}

/** Build the outline of a code document (one unit for `.py`, one per code cell for notebooks). */
export function outlineOf(doc: CodeDocument): Outline {
  const outline = emptyOutline(doc.file);
  for (const unit of doc.units) new UnitScanner(doc.file, unit, outline, false).scan();
  // Uses are only needed for the few files a rule looks into: collect them on first read.
  let references: Map<string, ReferenceInfo> | undefined;
  Object.defineProperty(outline, 'references', {
    enumerable: true,
    get: () => (references ??= referencesOf(doc)),
  });
  return outline;
}

function emptyOutline(file: string): Outline {
  return {
    file,
    imports: [],
    functions: [],
    classes: [],
    decorators: [],
    references: new Map(),
    topLevelCode: [],
  };
}

function referencesOf(doc: CodeDocument): Map<string, ReferenceInfo> {
  const scratch = emptyOutline(doc.file);
  for (const unit of doc.units) new UnitScanner(doc.file, unit, scratch, true).scan();
  return scratch.references;
}

class UnitScanner {
  private stack: Block[] = [];
  private siblings = new Map<number, Sibling>();
  private pending: PendingImport[] = [];
  private decorators: DecoratorInfo[] = [];
  private readonly isNotebook: boolean;

  constructor(
    private readonly file: string,
    private readonly unit: CodeUnit,
    private readonly outline: Outline,
    private readonly withReferences: boolean,
  ) {
    this.isNotebook = unit.cellIndex !== undefined;
  }

  scan(): void {
    for (const magic of this.unit.magics) this.magic(magic);
    for (const line of logicalLines(this.unit.text)) {
      for (const statement of statementsOf(line)) this.statement(statement);
    }
    for (const { record, tries } of this.pending) {
      record.guarded = tries.some((t) => t.guards);
      this.outline.imports.push(record);
    }
  }

  private locate(first: Token, last: Token = first): Location {
    return this.unit.locate(first.row, first.col, last.endRow, last.endCol);
  }

  private magic(magic: Magic): void {
    // Line and cell magics come without their `%`; Databricks `# MAGIC` lines keep it (and may be markdown).
    if (magic.kind === 'databricks' && !magic.command.trim().startsWith('%')) return;
    const command = magic.command.trim().replace(/^%+/, '');
    const location = this.unit.locate(magic.row, magic.column);
    if (magic.kind !== 'shell' && /^run\s/.test(command)) {
      const target = runTarget(command.slice(4));
      if (target) {
        this.pending.push({
          record: {
            module: target,
            names: [],
            level: 0,
            file: this.file,
            location,
            typeOnly: false,
            inFunction: false,
            guarded: false,
            kind: 'notebook-run',
            scope: '',
            mainGuard: false,
            binds: {},
          },
          tries: [],
        });
      }
    }
    const executes = magic.kind === 'shell' || EXECUTING_MAGIC.test(command);
    if (executes && this.isNotebook)
      this.topLevel(location, (magic.kind === 'shell' ? '!' : '%') + command);
  }

  private statement(statement: Statement): void {
    const { indent, tokens } = statement;
    const first = tokens[0];
    // Close blocks this statement is not inside of.
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].indent >= indent)
      this.stack.pop();
    if (this.siblings.size > 0)
      for (const key of this.siblings.keys()) if (key > indent) this.siblings.delete(key);

    // A def header's parameters are bindings, not uses.
    if (this.withReferences && statement.keyword !== 'def') this.collectReferences(tokens);
    if (
      tokens.some(
        (t) => t.kind === 'name' && (t.value === 'import_module' || t.value === '__import__'),
      )
    ) {
      this.collectDynamicImports(tokens);
    }

    if (isOp(first, '@')) {
      this.decorator(tokens);
      return;
    }
    if (statement.keyword !== undefined) {
      this.header(statement);
      return;
    }
    this.siblings.set(indent, { kind: 'other' });
    if (isName(first, 'import')) this.importStatement(tokens);
    else if (isName(first, 'from')) this.fromStatement(tokens);
    this.judgeTopLevel(tokens);
  }

  private get scope(): string {
    return this.stack
      .filter((b) => (b.kind === 'def' || b.kind === 'class') && b.name)
      .map((b) => b.name)
      .join('.');
  }

  /** The top-level def or class being scanned ('' at module level, `__main__` in the main block). */
  private get topScope(): string {
    const top = this.stack.find((b) => b.kind === 'def' || b.kind === 'class');
    if (top?.name) return top.name;
    return this.stack.some((b) => b.kind === 'main') ? '__main__' : '';
  }

  private get inFunction(): boolean {
    return this.stack.some((b) => b.kind === 'def');
  }

  private header(statement: Statement): void {
    const { indent, keyword } = statement;
    const header = statement.header ?? [];
    const previous = this.siblings.get(indent);
    let block: Block = { indent, kind: 'code' };
    let sibling: Sibling = { kind: 'other' };
    const nameToken = header.find((t, i) => i > 0 && t.kind === 'name' && t.value !== 'def');

    switch (keyword) {
      case 'def': {
        const name = nameToken?.value ?? '<def>';
        block = { indent, kind: 'def', name };
        this.definition(name, header, false);
        break;
      }
      case 'class': {
        const name = nameToken?.value ?? '<class>';
        block = { indent, kind: 'class', name };
        this.definition(name, header, true);
        break;
      }
      case 'if': {
        const condition = header.slice(1);
        if (isTypeChecking(condition)) {
          block = { indent, kind: 'typeOnly' };
          sibling = { kind: 'if-typecheck' };
        } else if (isName(condition[0], 'not') && isTypeChecking(condition.slice(1))) {
          block = { indent, kind: 'neutral' };
          sibling = { kind: 'if-not-typecheck' };
        } else if (isMainGuard(condition)) {
          block = { indent, kind: 'main' };
          sibling = { kind: 'if-main' };
        } else {
          sibling = { kind: 'if' };
        }
        break;
      }
      case 'elif':
        sibling = previous ?? { kind: 'if' };
        if (previous?.kind === 'if-typecheck' || previous?.kind === 'if-not-typecheck') {
          sibling = { kind: 'if' };
        }
        break;
      case 'else':
        if (previous?.kind === 'if-typecheck') block = { indent, kind: 'neutral' };
        else if (previous?.kind === 'if-not-typecheck') block = { indent, kind: 'typeOnly' };
        else if (previous?.kind === 'try') block = { indent, kind: 'neutral' };
        else if (previous?.kind === 'if-main') block = { indent, kind: 'neutral' };
        sibling = { kind: 'other' };
        break;
      case 'try': {
        const tryState: TryState = { guards: false };
        block = { indent, kind: 'try', tryState };
        sibling = { kind: 'try', tryState };
        break;
      }
      case 'except':
        if (previous?.kind === 'try' && previous.tryState && catchesImportError(header.slice(1))) {
          previous.tryState.guards = true;
        }
        block = { indent, kind: 'handler' };
        sibling = previous?.kind === 'try' ? previous : { kind: 'other' };
        break;
      case 'finally':
        block = { indent, kind: 'neutral' };
        break;
      default:
        break;
    }
    if (block.kind === 'code') this.judgeTopLevel(header);
    this.siblings.set(indent, sibling);
    this.stack.push(block);
  }

  private definition(name: string, header: Token[], isClass: boolean): void {
    const location = this.locate(header[0], header[header.length - 1]);
    for (const decorator of this.decorators) decorator.target = name;
    this.decorators = [];
    const parents = this.stack.filter((b) => b.kind === 'def' || b.kind === 'class');
    if (parents.length === 0) {
      if (isClass) {
        this.outline.classes.push({
          name,
          location,
          params: [],
          bases: classBases(header),
          methods: [],
        });
      } else {
        this.outline.functions.push({ name, location, params: parameterNames(header) });
      }
      return;
    }
    const owner = parents[parents.length - 1];
    if (!isClass && parents.length === 1 && owner.kind === 'class') {
      const info = this.outline.classes.find((c) => c.name === owner.name);
      info?.methods.push(name);
    }
  }

  private decorator(tokens: Token[]): void {
    const dotted = readDotted(tokens, 1);
    if (!dotted) return;
    const strings = tokens
      .filter((t) => t.kind === 'string' && t.literal !== undefined)
      .map((t) => t.literal as string);
    const info: DecoratorInfo = {
      name: dotted.name,
      strings,
      location: this.locate(tokens[0], tokens[tokens.length - 1]),
    };
    this.decorators.push(info);
    this.outline.decorators.push(info);
  }

  private record(
    first: Token,
    last: Token,
    module: string,
    names: string[],
    level: number,
    kind: ScannedImport['kind'],
    binds: Record<string, string>,
  ): void {
    const record: ScannedImport = {
      module,
      names,
      level,
      file: this.file,
      location: this.locate(first, last),
      typeOnly: this.stack.some((b) => b.kind === 'typeOnly'),
      inFunction: this.inFunction,
      guarded: false,
      kind,
      scope: this.scope,
      mainGuard: this.stack.some((b) => b.kind === 'main'),
      binds,
    };
    const tries = this.stack
      .filter((b) => b.kind === 'try' && b.tryState)
      .map((b) => b.tryState as TryState);
    this.pending.push({ record, tries });
  }

  /** `import a.b as c, d` */
  private importStatement(tokens: Token[]): void {
    for (const part of splitTopLevel(tokens.slice(1))) {
      const dotted = readDotted(part, 0);
      if (!dotted) continue;
      const alias =
        isName(part[dotted.next], 'as') && isName(part[dotted.next + 1])
          ? part[dotted.next + 1].value
          : undefined;
      const binds = alias
        ? { [alias]: dotted.name }
        : { [dotted.name.split('.')[0]]: dotted.name.split('.')[0] };
      this.record(part[0], part[part.length - 1], dotted.name, [], 0, 'import', binds);
    }
  }

  /** `from ..pkg.mod import (a as b, c)` */
  private fromStatement(tokens: Token[]): void {
    let i = 1;
    let level = 0;
    while (tokens[i]?.kind === 'op' && (tokens[i].value === '.' || tokens[i].value === '...')) {
      level += tokens[i].value.length;
      i++;
    }
    let module = '';
    const dotted = readDotted(tokens, i);
    if (dotted && dotted.name !== 'import') {
      module = dotted.name;
      i = dotted.next;
    }
    if (!isName(tokens[i], 'import')) return;
    const rest = tokens
      .slice(i + 1)
      .filter((t) => !(t.kind === 'op' && (t.value === '(' || t.value === ')')));
    const names: string[] = [];
    const binds: Record<string, string> = {};
    const base = '.'.repeat(level) + module;
    for (const part of splitTopLevel(rest)) {
      if (isOp(part[0], '*')) {
        names.push('*');
        continue;
      }
      if (!isName(part[0])) continue;
      const name = part[0].value;
      names.push(name);
      const alias = isName(part[1], 'as') && isName(part[2]) ? part[2].value : name;
      binds[alias] = base.endsWith('.') || base === '' ? base + name : `${base}.${name}`;
    }
    if (names.length === 0 && level === 0 && module === '') return;
    this.record(tokens[0], tokens[tokens.length - 1], module, names, level, 'from', binds);
  }

  /** `importlib.import_module("x")`, `import_module(".x", package=...)`, `__import__("x")`. */
  private collectDynamicImports(tokens: Token[]): void {
    for (let i = 0; i < tokens.length - 2; i++) {
      const t = tokens[i];
      if (t.kind !== 'name') continue;
      let callee = '';
      if (t.value === '__import__' && !isOp(tokens[i - 1], '.')) callee = '__import__';
      else if (t.value === 'import_module') {
        const viaImportlib =
          isOp(tokens[i - 1], '.') &&
          isName(tokens[i - 2], 'importlib') &&
          !isOp(tokens[i - 3], '.');
        if (viaImportlib || !isOp(tokens[i - 1], '.')) callee = 'import_module';
      }
      if (!callee || !isOp(tokens[i + 1], '(')) continue;
      const arg = tokens[i + 2];
      if (arg.kind !== 'string' || arg.literal === undefined) continue;
      if (!isOp(tokens[i + 3], ')') && !isOp(tokens[i + 3], ',')) continue;
      const match = /^(\.*)([A-Za-z_][\w.]*)?$/.exec(arg.literal.trim());
      if (!match || (match[1] === '' && !match[2])) continue;
      const level = match[1].length;
      const module = match[2] ?? '';
      const lambdaBefore = tokens.slice(0, i).some((x) => isName(x, 'lambda'));
      const start =
        isName(tokens[i - 2], 'importlib') && callee === 'import_module' ? tokens[i - 2] : t;
      const close = tokens.slice(i + 3).find((x) => isOp(x, ')')) ?? arg;
      const binds: Record<string, string> = {};
      this.record(start, close, module, [], level, 'importlib', binds);
      if (lambdaBefore) this.pending[this.pending.length - 1].record.inFunction = true;
    }
  }

  /** Dotted names used as expressions (not attributes of something else), with first location. */
  private collectReferences(tokens: Token[]): void {
    if (isName(tokens[0], 'import') || isName(tokens[0], 'from')) return;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'name' || isOp(tokens[i - 1], '.') || KEYWORDS.has(t.value)) continue;
      const dotted = readDotted(tokens, i);
      if (!dotted) continue;
      const called = isOp(tokens[dotted.next], '(');
      const existing = this.outline.references.get(dotted.name);
      if (existing) {
        existing.count++;
        existing.called ||= called;
        existing.scopes.add(this.topScope);
      } else {
        this.outline.references.set(
          dotted.name,
          new Reference(this.unit, t, tokens[dotted.next - 1], called, this.topScope),
        );
      }
      i = dotted.next - 1;
    }
  }

  /** Record module-level statements that execute on import and are not definitions or imports. */
  private judgeTopLevel(tokens: Token[]): void {
    // Only notebooks are judged: a notebook imported as a module must hold definitions only.
    if (!this.isNotebook || this.outline.topLevelCode.length >= MAX_TOP_LEVEL) return;
    const enclosing = this.stack.filter(
      (b) =>
        b.kind !== 'try' && b.kind !== 'handler' && b.kind !== 'neutral' && b.kind !== 'typeOnly',
    );
    if (enclosing.length > 0) return;
    if (isHarmless(tokens)) return;
    this.topLevel(this.locate(tokens[0], tokens[tokens.length - 1]), tokensText(tokens));
  }

  private topLevel(location: Location, snippet: string): void {
    if (this.outline.topLevelCode.length < MAX_TOP_LEVEL)
      this.outline.topLevelCode.push({ location, snippet });
  }
}

/** A reference whose raw location is only computed when a rule asks for it. */
class Reference implements ReferenceInfo {
  count = 1;
  readonly scopes: Set<string>;
  private located?: Location;

  constructor(
    private readonly unit: CodeUnit,
    private readonly first: Token,
    private readonly last: Token,
    public called: boolean,
    scope: string,
  ) {
    this.scopes = new Set([scope]);
  }

  get location(): Location {
    this.located ??= this.unit.locate(
      this.first.row,
      this.first.col,
      this.last.endRow,
      this.last.endCol,
    );
    return this.located;
  }
}
