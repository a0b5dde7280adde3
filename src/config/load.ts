// Find, read and resolve the config: the file (or the defaults), the packs it extends, and the
// command line, into one ResolvedConfig, or a ConfigError listing every problem at once.
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';
import { mergeLayers, type Layer } from './merge.js';
import { DEFAULT_EXTENDS, resolvePacks } from './packs.js';
import { validateDocument } from './schema.js';
import type { Rule } from '../engine/types.js';
import { displayPath, isInside } from '../workspace/paths.js';
import type {
  ConfigDocument,
  ConfigProblem,
  LoadConfigOptions,
  Pack,
  ResolvedConfig,
} from './types.js';
import { parseConfigDocument } from './yaml-document.js';

/** Where a config is looked for, first found wins. */
export const CONFIG_FILE_NAMES = [
  '.github/handoff.yml',
  '.github/handoff.yaml',
  'handoff.yml',
  'handoff.yaml',
] as const;

/** A real config is a few KiB; anything this large is a mistake or hostile. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(root: string, opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const absoluteRoot = resolve(root);
  const file =
    opts.file !== undefined ? resolve(absoluteRoot, opts.file) : await findConfigFile(absoluteRoot);
  if (file === undefined) return resolveConfigText(undefined, { ...opts, root: absoluteRoot });
  const text = await readConfigText(absoluteRoot, file, opts.file === undefined);
  return resolveConfigText(text, { ...opts, root: absoluteRoot, file });
}

/** Absolute path of the first config file present under `root`, or undefined. */
export async function findConfigFile(root: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = resolve(root, name);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Absent (or unreadable, which reading it will report): try the next name.
    }
  }
  return undefined;
}

export interface ResolveTextOptions extends Omit<LoadConfigOptions, 'file'> {
  root: string;
  /** Absolute path the text was read from; absent for the built-in defaults. */
  file?: string;
  /** How the summary names the source (the file's root-relative path by default). */
  source?: string;
}

/**
 * Resolve config text that is already in hand (read from the PR's base commit, for example).
 * `text` undefined means no config file: the recommended defaults.
 */
export async function resolveConfigText(
  text: string | undefined,
  opts: ResolveTextOptions,
): Promise<ResolvedConfig> {
  const display = opts.file === undefined ? 'defaults' : displayPath(opts.root, opts.file);
  const parsed = parseConfigDocument(text ?? '', display);
  const problems: ConfigProblem[] = [...parsed.problems];
  const document = parsed.document;
  if (parsed.problems.length === 0) problems.push(...validateDocument(document));

  const resolved = await resolvePacks(document, DEFAULT_EXTENDS, opts.resolvePack);
  problems.push(...resolved.problems);
  const validated = new Set<ConfigDocument>([document]);
  for (const pack of resolved.packs) {
    if (validated.has(pack.document)) continue;
    validated.add(pack.document);
    problems.push(...validateDocument(pack.document));
  }

  const layers: Layer[] = [
    ...resolved.packs.map((pack) => ({
      document: pack.document,
      enableRecommended: pack.enableRecommended,
      builtin: pack.builtin,
    })),
    { document },
  ];
  // Rules from custom packs are registered like built-ins, so the config can set and tune them.
  const packRules = collectPackRules(
    resolved.packs,
    opts.rules.map((meta) => meta.id),
    problems,
  );
  const merged = mergeLayers(
    layers,
    [...opts.rules, ...packRules.map((rule) => rule.meta)],
    opts.cli,
  );
  problems.push(...merged.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    source: opts.source ?? display,
    ...(opts.file !== undefined ? { file: opts.file } : {}),
    ...merged.config,
    raw: document.data,
    ...(packRules.length ? { packRules } : {}),
  };
}

/** The rules of the extended packs, each id once; an id two sources define is a problem. */
function collectPackRules(
  packs: readonly Pack[],
  registered: readonly string[],
  problems: ConfigProblem[],
): Rule[] {
  const owners = new Map<string, string>(registered.map((id) => [id, 'handoff-gate']));
  const rules: Rule[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules ?? []) {
      const owner = owners.get(rule.meta.id);
      if (owner !== undefined) {
        problems.push({
          file: pack.document.file,
          line: 1,
          column: 1,
          key: '',
          message: `rule '${rule.meta.id}' of pack '${pack.name}' is already defined by ${owner === 'handoff-gate' ? 'handoff-gate itself' : `pack '${owner}'`}; rename it`,
        });
        continue;
      }
      owners.set(rule.meta.id, pack.name);
      rules.push(rule);
    }
  }
  return rules;
}

async function readConfigText(root: string, file: string, discovered: boolean): Promise<string> {
  const display = displayPath(root, file);
  const fail = (message: string): never => {
    throw new ConfigError([{ file: display, line: 1, column: 1, key: '', message }]);
  };
  let size: number;
  try {
    const stats = await stat(file);
    if (!stats.isFile()) fail('the config path is not a file');
    size = stats.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT'
        ? 'config file not found'
        : `config file cannot be read (${code ?? String(error)})`,
    );
  }
  if (size > MAX_CONFIG_BYTES) {
    fail(`config file is ${size} bytes; the limit is ${MAX_CONFIG_BYTES} bytes`);
  }
  // A config found by name must not lead out of the repository through a symbolic link.
  if (discovered && !isInside(await realpath(root), await realpath(file))) {
    fail('config file is a symbolic link to a file outside the repository; refusing to read it');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(
      `config file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (text.includes('\0')) fail('config file is binary, not YAML text');
  return text;
}
