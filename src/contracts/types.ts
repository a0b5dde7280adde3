// The model contract as the rules use it, after YAML parsing and schema validation.
import type { ParamKind } from './python-defs.js';

/** A 1-based place in a contract (or config) file. */
export interface ContractLocation {
  file: string;
  line: number;
  column: number;
}

/** A problem with a contract file itself: bad YAML, a key the schema does not allow, a bad path. */
export interface ContractProblem extends ContractLocation {
  message: string;
}

export type Preset = 'sklearn' | 'mlflow-pyfunc';
export type MatchMode = 'exact' | 'compatible';

/** One parameter as the contract declares it: Python syntax, or the object form. */
export type ParamDecl =
  | string
  | {
      name: string;
      kind?: ParamKind;
      annotation?: string;
      default?: string | number | boolean | null;
      optional?: boolean;
    };

export interface CallableDecl {
  signature?: string;
  parameters?: ParamDecl[];
  returns?: string;
  /** Optional methods are checked only when the class defines them. */
  required: boolean;
  at: ContractLocation;
}

export interface InterfaceDecl {
  match?: MatchMode;
  requireAnnotations: boolean;
  /** Methods of a class entrypoint, in contract order. */
  methods: Map<string, CallableDecl>;
  /** The signature of a function entrypoint. */
  function?: CallableDecl;
  at: ContractLocation;
}

export type SchemaSourceDecl =
  | { kind: 'file'; path: string; at: ContractLocation }
  | {
      kind: 'inline';
      schema: unknown;
      at: ContractLocation;
      /** Where a JSON pointer inside the inline schema is in the contract file. */
      locate: (path: (string | number)[]) => ContractLocation;
    }
  | {
      kind: 'command';
      argv: string[];
      cwd: string;
      timeoutMs: number;
      env: Record<string, string>;
      at: ContractLocation;
    };

export interface PredictDecl {
  argv: string[];
  mode: 'per-example' | 'batch';
  timeoutMs: number;
  maxOutput: number;
  /** Repository-relative working directory. */
  cwd: string;
  env: Record<string, string>;
  allowPullRequestTarget: boolean;
  at: ContractLocation;
}

export interface EntrypointDecl {
  /** Repository-relative file (`src/model.py`), or a dotted module to resolve (`app.model`). */
  target: string;
  isModule: boolean;
  /** Class or function name, dotted for nested classes. */
  symbol: string;
  raw: string;
  at: ContractLocation;
}

export interface ModelContract {
  /** The file the contract was read from (the config file for inline contracts). */
  file: string;
  /** Position among the file's models, 0-based. */
  index: number;
  name: string;
  entrypoint?: EntrypointDecl;
  preset?: Preset;
  interface?: InterfaceDecl;
  input?: SchemaSourceDecl;
  output?: SchemaSourceDecl;
  /** Repository-relative globs or paths. */
  examples: { pattern: string; at: ContractLocation }[];
  predict?: PredictDecl;
  mlmodel?: { path: string; at: ContractLocation };
  at: ContractLocation;
}

export interface ContractFile {
  file: string;
  models: ModelContract[];
  problems: ContractProblem[];
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_OUTPUT = 1024 * 1024;
