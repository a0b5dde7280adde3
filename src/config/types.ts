// The resolved policy a run uses, and the pieces the loader builds it from.
import type { FailOn } from '../engine/result.js';
import type { Rule, RuleMeta, SeveritySetting } from '../engine/types.js';

export interface RuleSettings {
  severity: SeveritySetting;
  /** The rule's default options merged with every layer's, validated against its schema. */
  options: Record<string, unknown>;
  /** Globs of files this rule does not check (on top of the global `ignore`). */
  ignore: string[];
}

export interface ResolvedConfig {
  /** Where the policy came from, for the summary: the config file's path, or `defaults`. */
  source: string;
  /** Absolute path of the config file, when there is one. */
  file?: string;
  /** Set when the config, a pack or the command line chose one; the run defaults to `error`. */
  failOn?: FailOn;
  strict: boolean;
  /** Include globs; empty means every file. */
  paths: string[];
  ignore: string[];
  maxFileSize: number;
  /** Every registered rule, `off` when no layer turned it on. */
  rules: Map<string, RuleSettings>;
  contracts: unknown[];
  /** The config file as parsed, before merging (empty without a file). */
  raw: Record<string, unknown>;
  /** Rules the extended packs bring (custom rule packs), to run next to the built-ins. */
  packRules?: Rule[];
}

/** One thing wrong with a config or pack file, at the key or value that is wrong. */
export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path of the offending key (`rules.hardcoded-paths.severity`); empty for the whole file. */
  key: string;
  message: string;
}

/** A step into a YAML document: a mapping key or a sequence index. */
export type KeyPath = readonly (string | number)[];

/** A parsed config-format document that can say where each of its keys and values sits. */
export interface ConfigDocument {
  /** How problems name the file: root-relative when inside the root, else absolute. */
  file: string;
  /** The document as plain data; an empty object when it is empty or not a mapping. */
  data: Record<string, unknown>;
  /** The top-level value as parsed (null for an empty file), which may not be a mapping. */
  value: unknown;
  /** The 1-based position of the value at `path` (or of its key), or of the nearest ancestor present. */
  locate(path: KeyPath, at?: 'key' | 'value'): { line: number; column: number };
  /** Whether a node exists at exactly `path`. */
  has(path: KeyPath): boolean;
}

/** A rule pack: a document in the config format, applied below the documents that extend it. */
export interface Pack {
  /** A canonical name (a resolved path or URL for custom packs): it identifies the pack for
   * deduplication and cycle detection, and names it in messages. */
  name: string;
  document: ConfigDocument;
  /** Turn on every rule whose meta is `recommended`, at its default severity, before the document. */
  enableRecommended?: boolean;
  /** Shipped with handoff-gate: rule ids this build does not register are skipped, not errors. */
  builtin?: boolean;
  /** Rules the pack defines (a custom rule pack); the document turns on the ones it enables. */
  rules?: Rule[];
}

/**
 * Resolves an `extends` entry that is not a built-in pack name. Returns undefined when it does
 * not know the entry; throws a ConfigError for a pack it found but could not read (located in the
 * pack), or a PackError for an entry it cannot use (located at the entry).
 */
export type PackResolver = (entry: string, from: ConfigDocument) => Promise<Pack | undefined>;

export interface LoadConfigOptions {
  /** Config file path, relative to root or absolute; found by name when absent. */
  file?: string;
  /** Metas of every registered rule: ids are checked against them, options against their schemas. */
  rules: RuleMeta[];
  /** Command-line overrides, applied over everything else. */
  cli?: Partial<{ failOn: FailOn; strict: boolean }>;
  /** Resolves custom `extends` entries (local or remote packs). */
  resolvePack?: PackResolver;
}
