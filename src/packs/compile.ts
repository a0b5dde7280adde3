// From a schema-valid pack document to rules with exactly the built-in contract: metadata with
// docs, an options schema (`files`, `exclude`), and a check() that runs the compiled matcher over
// the rule's files and reports each match with its message. Every semantic problem (a bad regex,
// an invalid query, an unknown `{{name}}`, an id outside the pack's namespace, an engine range
// this version does not satisfy) is reported at its place in the pack file.
import { pathToFileURL } from 'node:url';
import type { Language } from 'web-tree-sitter';
import type { ConfigProblem, KeyPath } from '../config/types.js';
import type { JSONSchemaType, Rule, RuleMeta, Severity } from '../engine/types.js';
import { pythonRuntime } from '../sources/python.js';
import { VERSION } from '../version.js';
import { compileGlobs } from '../workspace/globs.js';
import { globProblem } from './glob-safety.js';
import { locationOf } from './match.js';
import { compileMatcher, type CompileEnv, type Matcher } from './matchers/index.js';
import type { Reads } from './matchers/types.js';
import type { PackDocument } from './pack-document.js';
import { parseRange, parseVersion, satisfies, VersionRangeError } from './semver.js';
import { parseTemplate, TemplateError, type Template } from './template.js';
import type { LoadedPack } from './types.js';

/** Where a pack came from, for ids, links and fixtures. */
export interface PackOrigin {
  source: string;
  /** Absolute path of the pack file when it is on this machine. */
  path?: string;
  /** A browsable URL of the pack file (remote packs: the file on GitHub at its commit). */
  url?: string;
}

/** The files each kind of matcher reads when a rule names none. */
const DEFAULT_FILES: Record<Reads, string[]> = {
  code: ['*.py', '*.ipynb'],
  data: ['*.yml', '*.yaml', '*.json', '*.toml'],
  any: ['*'],
};

const OPTIONS_SCHEMA: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    files: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "Globs of the files the rule looks at, replacing the pack's `files`.",
    },
    exclude: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "Globs of files the rule skips, added to the pack's `exclude`.",
    },
  },
};

interface RuleSpec {
  id: string;
  title: string;
  severity?: Severity;
  enabled?: boolean;
  message?: string;
  docs: { what: string; why: string; fix: string; example?: string; 'example-lang'?: string };
  files?: string[];
  exclude?: string[];
  tests?: string[];
  match: unknown;
}

/** Compile a pack document the schema accepted; problems go to `problems`, located in the file. */
export async function compilePack(
  document: PackDocument,
  origin: PackOrigin,
  problems: ConfigProblem[],
): Promise<LoadedPack | undefined> {
  const data = document.data;
  const name = String(data.name);
  const before = problems.length;
  checkEngine(document, String(data.engine), problems);

  const env: CompileEnv = { document, problems, language: loadLanguage };
  const docsUrl =
    typeof data['docs-url'] === 'string'
      ? parseDocsUrl(document, data['docs-url'], problems)
      : undefined;
  const rules: Rule[] = [];
  const enabled: string[] = [];
  const tests = new Map<string, string[]>();
  const seen = new Map<string, number>();
  const specs = data.rules as RuleSpec[];
  for (const [index, spec] of specs.entries()) {
    const path = ['rules', index];
    const id = ruleId(name, spec.id);
    if (!id.startsWith(`${name}/`)) {
      problems.push(
        document.problem(
          [...path, 'id'],
          `rule id '${spec.id}' must start with the pack name: '${name}/...'`,
        ),
      );
      continue;
    }
    if (seen.has(id)) {
      problems.push(
        document.problem(
          [...path, 'id'],
          `rule id '${id}' is already used by rules[${seen.get(id)}]`,
        ),
      );
      continue;
    }
    seen.set(id, index);
    const rule = await compileRule(id, spec, path, env, docsUrl, origin);
    if (!rule) continue;
    rules.push(rule);
    if (spec.enabled !== false) enabled.push(id);
    if (spec.tests?.length) tests.set(id, spec.tests);
  }
  if (problems.length > before) return undefined;
  return {
    name,
    version: String(data.version),
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    engine: String(data.engine),
    kind: 'declarative',
    source: origin.source,
    display: document.file,
    rules,
    enabled,
    tests,
  };
}

/** `no-debugger` → `ml-platform/no-debugger`; an id with a slash is kept as written. */
function ruleId(pack: string, written: string): string {
  return written.includes('/') ? written : `${pack}/${written}`;
}

function checkEngine(document: PackDocument, engine: string, problems: ConfigProblem[]): void {
  try {
    const range = parseRange(engine);
    if (!satisfies(parseVersion(VERSION)!, range)) {
      problems.push(
        document.problem(
          ['engine'],
          `pack '${String(document.data.name)}' needs handoff-gate ${engine}, but this is ${VERSION}; use a version of the pack made for ${VERSION}, or upgrade handoff-gate`,
        ),
      );
    }
  } catch (error) {
    if (!(error instanceof VersionRangeError)) throw error;
    problems.push(
      document.problem(
        ['engine'],
        `engine must be a version range such as '>=0.1.0 <2': ${error.message}`,
      ),
    );
  }
}

function parseDocsUrl(
  document: PackDocument,
  text: string,
  problems: ConfigProblem[],
): Template | undefined {
  try {
    const template = parseTemplate(text);
    const unknown = template.names.find((n) => n !== 'id' && n !== 'rule');
    if (unknown === undefined) return template;
    problems.push(
      document.problem(
        ['docs-url'],
        `unknown placeholder {{${unknown}}}; docs-url may use {{id}} and {{rule}}`,
      ),
    );
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    problems.push({
      ...document.problem(['docs-url'], error.message),
      ...document.locateInValue(['docs-url'], error.offset),
    });
  }
  return undefined;
}

async function compileRule(
  id: string,
  spec: RuleSpec,
  path: KeyPath,
  env: CompileEnv,
  docsUrl: Template | undefined,
  origin: PackOrigin,
): Promise<Rule | undefined> {
  const globsOk = (['files', 'exclude', 'tests'] as const).every((key) =>
    checkGlobs(spec[key], [...path, key], env),
  );
  const matcher = await compileMatcher(spec.match, [...path, 'match'], env);
  const message = compileMessage(spec, path, matcher, env);
  if (!matcher || !message || !globsOk) return undefined;
  if (usesFileExists(spec.match) && !spec.files?.length) {
    env.problems.push(
      env.document.problem(
        path,
        'a rule with file-exists needs files: the files that must each have the companion file',
        'key',
      ),
    );
    return undefined;
  }
  const meta: RuleMeta = {
    id,
    title: spec.title,
    defaultSeverity: spec.severity ?? 'warning',
    docs: {
      what: spec.docs.what,
      why: spec.docs.why,
      example: spec.docs.example ?? '',
      exampleLang: spec.docs['example-lang'] ?? (matcher.reads === 'code' ? 'python' : 'text'),
      instead: spec.docs.fix,
    },
    optionsSchema: OPTIONS_SCHEMA,
    defaultOptions: {},
    helpUri: helpUri(id, docsUrl, origin),
  };
  return declarativeRule(
    meta,
    matcher,
    message,
    spec.files ?? DEFAULT_FILES[matcher.reads],
    spec.exclude ?? [],
  );
}

function compileMessage(
  spec: RuleSpec,
  path: KeyPath,
  matcher: Matcher | undefined,
  env: CompileEnv,
): Template | undefined {
  const text = spec.message ?? spec.title;
  const at = spec.message === undefined ? [...path, 'title'] : [...path, 'message'];
  let template: Template;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    env.problems.push({
      ...env.document.problem(at, error.message),
      ...env.document.locateInValue(at, error.offset),
    });
    return undefined;
  }
  if (!matcher) return template;
  const known = new Set(['file', ...matcher.captures]);
  const unknown = template.names.find((name) => !known.has(name));
  if (unknown !== undefined) {
    const offset = text.search(
      new RegExp(`\\{\\{\\s*${unknown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`),
    );
    const names = [...known]
      .sort()
      .map((n) => `{{${n}}}`)
      .join(', ');
    env.problems.push({
      ...env.document.problem(
        at,
        `{{${unknown}}} is not captured by this rule's matcher; it captures ${names}`,
      ),
      ...env.document.locateInValue(at, Math.max(0, offset)),
    });
    return undefined;
  }
  return template;
}

/** Whether every glob of a list compiles; problems at each one that does not. */
function checkGlobs(globs: string[] | undefined, path: KeyPath, env: CompileEnv): boolean {
  let ok = true;
  globs?.forEach((glob, index) => {
    const unsafe = globProblem(glob);
    if (unsafe) {
      env.problems.push(
        env.document.problem([...path, index], `invalid glob '${glob}': ${unsafe}`),
      );
      ok = false;
      return;
    }
    try {
      compileGlobs([glob]);
    } catch (error) {
      env.problems.push(
        env.document.problem(
          [...path, index],
          `invalid glob '${glob}': ${(error as Error).message}`,
        ),
      );
      ok = false;
    }
  });
  return ok;
}

/** Whether a matcher tree uses file-exists anywhere. */
function usesFileExists(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesFileExists);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(
    ([key, inner]) => key === 'file-exists' || (key !== 'key' && usesFileExists(inner)),
  );
}

function helpUri(
  id: string,
  docsUrl: Template | undefined,
  origin: PackOrigin,
): string | undefined {
  if (docsUrl) return docsUrl.render({ id, rule: id.slice(id.indexOf('/') + 1) });
  if (origin.url) return origin.url;
  return origin.path ? pathToFileURL(origin.path).href : undefined;
}

function declarativeRule(
  meta: RuleMeta,
  matcher: Matcher,
  message: Template,
  files: readonly string[],
  exclude: readonly string[],
): Rule {
  return {
    meta,
    async check(ctx) {
      const options = ctx.options as { files?: string[]; exclude?: string[] };
      const included = compileGlobs(options.files ?? files);
      const excluded = compileGlobs([...exclude, ...(options.exclude ?? [])]);
      for (const { path } of ctx.files) {
        if (!included(path) || excluded(path)) continue;
        for (const match of await matcher.match(ctx, path)) {
          ctx.report({
            ...locationOf(match),
            message: message.render({ file: match.file, ...match.captures }),
          });
        }
      }
    },
  };
}

/** The Python grammar; pythonRuntime() loads it once per process (and retries after a failure). */
function loadLanguage(): Promise<Language> {
  return pythonRuntime().then((runtime) => runtime.language);
}
