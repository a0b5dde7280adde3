// Programmatic packs: ES modules whose rules follow exactly the contract of the built-in rules
// (types/index.d.ts). A module exports `rules` (and optionally `name`, `version`, `engine`,
// `description`, `fixtures`), or a default export holding the same fields. Each rule's shape is
// checked when the module loads, so a typo fails the config with a message instead of the run.
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_ID } from '../config/merge.js';
import type { Rule } from '../engine/types.js';
import { VERSION } from '../version.js';
import { fileProblem, fileProblems } from './problems.js';
import { parseRange, parseVersion, satisfies, VersionRangeError } from './semver.js';
import type { LoadedPack } from './types.js';

const SEVERITIES = ['error', 'warning', 'note'];
const DOC_PARTS = ['what', 'why', 'example', 'instead'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The shape a programmatic pack module exports (types/index.d.ts names it `Pack`). */
interface PackExports {
  name?: unknown;
  version?: unknown;
  engine?: unknown;
  description?: unknown;
  fixtures?: unknown;
  rules?: unknown;
}

/**
 * Load a programmatic pack module. `url` is where its rules' pages link when their metadata names
 * no `helpUri` (the module on GitHub, else on this machine).
 */
export async function loadProgrammaticPack(
  path: string,
  display: string,
  source: string,
  url = pathToFileURL(path).href,
): Promise<LoadedPack> {
  let module: Record<string, unknown>;
  try {
    // webpackIgnore: the bundler (ncc) must leave this import to Node, not resolve it at build time.
    module = (await import(/* webpackIgnore: true */ pathToFileURL(path).href)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw fileProblem(display, `the pack module could not be loaded: ${firstLine(error)}`);
  }
  const exported = packExports(module);
  const problems: string[] = [];
  const name = exported.name;
  if (name !== undefined && (typeof name !== 'string' || !NAME.test(name))) {
    problems.push(
      `'name' must be a pack name of letters, digits, '.', '_' and '-' (got ${show(name)})`,
    );
  }
  if (exported.engine !== undefined)
    problems.push(...engineProblems(exported.engine, typeof name === 'string' ? name : display));
  if (!Array.isArray(exported.rules)) {
    problems.push(
      "the module must export 'rules', a list of rules (or a default export with a 'rules' list)",
    );
    throw fileProblems(display, problems);
  }
  const rules = exported.rules as unknown[];
  const ids = new Set<string>();
  rules.forEach((rule, index) => {
    for (const problem of ruleProblems(rule, typeof name === 'string' ? name : undefined)) {
      problems.push(`rules[${index}]${problem}`);
    }
    const id = (rule as Rule | null)?.meta?.id;
    if (typeof id === 'string') {
      if (ids.has(id))
        problems.push(`rules[${index}].meta.id '${id}' is used by another rule of the pack`);
      ids.add(id);
    }
  });
  if (problems.length) throw fileProblems(display, problems);
  // Without a page of their own, findings link to the pack rather than to a built-in rule page
  // that does not exist. The author's objects are left as they are.
  const typed = (rules as Rule[]).map((rule): Rule =>
    rule.meta.helpUri === undefined
      ? { meta: { ...rule.meta, helpUri: url }, check: (ctx) => rule.check(ctx) }
      : rule,
  );
  return {
    name: typeof name === 'string' ? name : display,
    ...(typeof exported.version === 'string' ? { version: exported.version } : {}),
    ...(typeof exported.description === 'string' ? { description: exported.description } : {}),
    ...(typeof exported.engine === 'string' ? { engine: exported.engine } : {}),
    kind: 'programmatic',
    source,
    display,
    ...(typeof exported.fixtures === 'string'
      ? { fixtures: resolve(dirname(path), exported.fixtures) }
      : {}),
    rules: typed,
    // `recommended: false` in a rule's meta makes it opt-in, as `enabled: false` does in YAML.
    enabled: typed.filter((rule) => rule.meta.recommended !== false).map((rule) => rule.meta.id),
    tests: new Map(),
  };
}

function packExports(module: Record<string, unknown>): PackExports {
  if (Array.isArray(module.rules)) return module as PackExports;
  const fallback = module.default;
  if (Array.isArray(fallback)) return { rules: fallback };
  if (typeof fallback === 'object' && fallback !== null) return fallback as PackExports;
  return module as PackExports;
}

function engineProblems(engine: unknown, pack: string): string[] {
  if (typeof engine !== 'string')
    return [`'engine' must be a version range such as '>=0.1.0 <2' (got ${show(engine)})`];
  try {
    if (satisfies(parseVersion(VERSION)!, parseRange(engine))) return [];
    return [`pack '${pack}' needs handoff-gate ${engine}, but this is ${VERSION}`];
  } catch (error) {
    if (!(error instanceof VersionRangeError)) throw error;
    return [`'engine' must be a version range such as '>=0.1.0 <2': ${error.message}`];
  }
}

/** What is wrong with one exported rule, as suffixes of `rules[i]`. */
function ruleProblems(rule: unknown, pack: string | undefined): string[] {
  if (typeof rule !== 'object' || rule === null)
    return [` must be a rule object with meta and check (got ${show(rule)})`];
  const { meta, check } = rule as Partial<Rule>;
  const problems: string[] = [];
  if (typeof check !== 'function') problems.push('.check must be a function (ctx) => void');
  if (typeof meta !== 'object' || meta === null)
    return [...problems, '.meta must be an object with id, title, defaultSeverity and docs'];
  const id = meta.id;
  if (typeof id !== 'string' || !RULE_ID.test(id) || !id.includes('/')) {
    problems.push(
      `.meta.id must be a namespaced rule id such as ${pack ?? 'my-pack'}/my-rule (got ${show(id)})`,
    );
  } else if (pack !== undefined && !id.startsWith(`${pack}/`)) {
    problems.push(`.meta.id '${id}' must start with the pack name: '${pack}/...'`);
  }
  if (typeof meta.title !== 'string' || meta.title === '')
    problems.push('.meta.title must be a non-empty string');
  if (!SEVERITIES.includes(meta.defaultSeverity as string)) {
    problems.push(
      `.meta.defaultSeverity must be one of ${SEVERITIES.join(', ')} (got ${show(meta.defaultSeverity)})`,
    );
  }
  const docs = meta.docs as unknown as Record<string, unknown> | undefined;
  if (typeof docs !== 'object' || docs === null)
    problems.push(`.meta.docs must be an object with ${DOC_PARTS.join(', ')}`);
  else {
    for (const part of DOC_PARTS)
      if (typeof docs[part] !== 'string') problems.push(`.meta.docs.${part} must be a string`);
  }
  if (
    meta.optionsSchema !== undefined &&
    (typeof meta.optionsSchema !== 'object' || meta.optionsSchema === null)
  ) {
    problems.push('.meta.optionsSchema must be a JSON Schema object');
  }
  return problems;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value)
    ? 'a list'
    : typeof value === 'object' && value !== null
      ? 'an object'
      : String(value);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
