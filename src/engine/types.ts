// The rule contract shared by built-in rules, programmatic packs and declarative packs.
// Everything a rule sees comes through `RuleContext`; everything it says goes through `report`.
import type { Tree } from 'web-tree-sitter';
import type { Document } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';

/** A JSON Schema object (draft 2020-12 unless `$schema` says otherwise). */
export type JSONSchemaType = Record<string, unknown>;

export type Severity = 'error' | 'warning' | 'note';
/** What a config may set a rule to. `off` removes the rule from the run. */
export type SeveritySetting = 'off' | Severity;

/** Where a finding sits inside a notebook: 1-based index among all cells, 1-based line in that cell. */
export interface CellRef {
  index: number;
  line: number;
}

/** A position in a file as the user sees it on GitHub: 1-based lines and columns of the raw file. */
export interface Location {
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  cell?: CellRef;
}

export interface Fix {
  /** Human description of the fix, shown as the hint. */
  description: string;
  /** Optional replacement text for the reported range. */
  replacement?: string;
}

export interface Report extends Location {
  message: string;
  /** Overrides the rule's help for this one finding (for example, the exact pin that would fix it). */
  fix?: Fix | string;
  /** Severity for this finding only; defaults to the rule's configured severity. */
  severity?: Severity;
  /** The text the fingerprint is built from; defaults to the trimmed source line. */
  snippet?: string;
  /** Other files this finding depends on (an import chain, a schema pair): it stays in scope when any changes. */
  related?: string[];
  /** Structured extras reporters may render (a chain for a Mermaid graph, for example). */
  data?: Record<string, unknown>;
}

export interface Finding extends Location {
  ruleId: string;
  severity: Severity;
  message: string;
  /** How to fix it: the report's fix, else the rule's docs "instead" part. */
  help: string;
  helpUri?: string;
  fingerprint: string;
  snippet?: string;
  related?: string[];
  data?: Record<string, unknown>;
  /** Set by filters: why the finding is not counted (suppression comment, baseline). */
  suppressed?: { kind: 'inline' | 'baseline'; reason?: string };
}

export interface RuleDocs {
  /** What it does. */
  what: string;
  /** Why it matters at handoff. */
  why: string;
  /** A short example that is reported (code, config or manifest text). */
  example: string;
  /** What to do instead (also the default fix hint). */
  instead: string;
  /** Language of the example fence in generated docs (python, yaml, text, ...). */
  exampleLang?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** JSON Schema of the rule's options object; validated before the rule runs. */
  optionsSchema?: JSONSchemaType;
  /** Default option values, merged under the configured ones. */
  defaultOptions?: Record<string, unknown>;
  /** Link to the rule's page; built-ins default to docs/rules/<id>.md in the repository. */
  helpUri?: string;
  /** Whether the rule is in the `recommended` pack (the default with no config). */
  recommended?: boolean;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  check(ctx: RuleContext<Options>): void | Promise<void>;
  /** Optional: lines saying how the rule classified the repository (`check --explain`). */
  explain?(ctx: RuleContext<Options>): Promise<string[]> | string[];
}

/** A file the run knows about. Paths are repository-relative and use `/`. */
export interface WorkspaceFile {
  path: string;
  size: number;
}

/** One piece of Python the rules may read: a `.py` file, or one code cell of a notebook. */
export interface CodeUnit {
  file: string;
  /** 1-based index among all cells for notebook cells; undefined for `.py` files. */
  cellIndex?: number;
  /** Source text with IPython magics and shell escapes blanked out (same line count). */
  text: string;
  /** The magic and shell lines that were blanked, with their 0-based line in `text`. */
  magics: Magic[];
  /** Map a 0-based line and column in `text` to a location in the raw file. */
  locate(row: number, column: number, endRow?: number, endColumn?: number): Location;
}

export interface Magic {
  row: number;
  /** `%` line magic, `%%` cell magic, `!` shell escape, `# MAGIC` Databricks line. */
  kind: 'line' | 'cell' | 'shell' | 'databricks';
  /** Text after the prefix, for example `pip install pandas`. */
  command: string;
  /** Column in `text` where the command starts. */
  column: number;
}

/** A `.py` file or notebook as a list of code units. */
export interface CodeDocument {
  file: string;
  kind: 'python' | 'notebook';
  units: CodeUnit[];
}

export interface ParseErrorReport {
  file: string;
  line: number;
  column?: number;
  message: string;
}

/** Lazily parsed, cached views of workspace files. Each view is parsed at most once per run; raw bytes are kept within a memory budget and re-read past it. */
export interface Sources {
  /** Raw bytes, or undefined when the file is absent, binary, over the size cap or outside the workspace. */
  bytes(file: string): Buffer | undefined;
  /** UTF-8 text, same conditions as `bytes`. */
  text(file: string): string | undefined;
  /** Python code of a `.py` file or the code cells of an `.ipynb`; undefined when unreadable or malformed. */
  code(file: string): CodeDocument | undefined;
  /** tree-sitter tree of a code unit (parsed on first use, cached). */
  tree(unit: CodeUnit): Promise<Tree | undefined>;
  /** YAML documents with positions (the `yaml` package); undefined and a parse-error finding when malformed. */
  yaml(file: string): Document.Parsed[] | undefined;
  /** JSON tree with offsets (jsonc-parser); undefined and a parse-error finding when malformed. */
  json(file: string): JsonNode | undefined;
  /** TOML value (smol-toml); undefined and a parse-error finding when malformed. */
  toml(file: string): Record<string, unknown> | undefined;
  /** Convert a character offset of `text(file)` to a 1-based line and column. */
  position(file: string, offset: number): { line: number; column: number };
}

export interface RuleContext<Options = Record<string, unknown>> {
  /** The repository root on disk (absolute). */
  readonly root: string;
  /** The files this rule should look at (after global and per-rule ignores, and `paths`). */
  readonly files: readonly WorkspaceFile[];
  /** Every file in the workspace, for rules that resolve across files (imports, locks beside manifests). */
  readonly allFiles: readonly WorkspaceFile[];
  readonly options: Options;
  readonly severity: Severity;
  readonly sources: Sources;
  /** Whether strict mode is on (the `strict` pack or `--strict`). */
  readonly strict: boolean;
  /** Content of a file at the PR's base commit, when a base is known. */
  base(file: string): Promise<string | undefined>;
  /** Shared, lazily computed analyses (import graph, manifests) keyed by name. */
  shared<T>(key: string, compute: () => T): T;
  report(report: Report): void;
  /** A non-fatal problem reading a file; becomes a `parse-error` finding once per file. */
  parseError(error: ParseErrorReport): void;
}
