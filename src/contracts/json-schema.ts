// JSON Schema compilation for every draft the contracts may use, chosen by `$schema`:
// 2020-12 (the default), 2019-09, draft-07, draft-06 (ajv) and draft-04 (ajv-draft-04).
// Each schema gets its own ajv instance, so two versions of one `$id` never collide. Patterns
// run on RE2 (linear time), so a hostile `pattern` cannot hang the run. Relative `$ref`s to
// other files of the repository are loaded before compiling.
import Ajv2020 from 'ajv/dist/2020.js';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv07 from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, Options as AjvOptions } from 'ajv';
import { RE2JS } from 're2js';
import { posix } from 'node:path';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

export type Draft = '2020-12' | '2019-09' | 'draft-07' | 'draft-06' | 'draft-04';

export interface SchemaError {
  /** JSON pointer into the validated data. */
  instancePath: string;
  keyword: string;
  /** Human message, including the path. */
  message: string;
  /** Pointer segments to locate in the data: for `additionalProperties` the offending key. */
  path: string[];
  /** Whether `path` names a property key rather than a value. */
  atKey: boolean;
}

export interface CompiledSchema {
  draft: Draft;
  validate(data: unknown): SchemaError[];
}

export interface SchemaProblem {
  /** The schema file the problem is in (a `$ref`'d file may be the culprit). */
  file: string;
  /** JSON pointer into that schema, when known. */
  pointer: string;
  message: string;
}

/** Reads another schema file of the repository for a relative `$ref`; undefined when absent. */
export type RefLoader = (repoPath: string) => unknown;

const MAX_REF_FILES = 64;
const MAX_ERRORS = 100;

/** The draft a schema declares; 2020-12 when it declares none. */
export function detectDraft(schema: unknown): Draft | { unsupported: string } {
  const declared =
    schema && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return { unsupported: String(declared) };
  if (/draft-04\/schema/.test(declared)) return 'draft-04';
  if (/draft-06\/schema/.test(declared)) return 'draft-06';
  if (/draft-07\/schema/.test(declared)) return 'draft-07';
  if (/\/draft\/2019-09\/schema/.test(declared)) return '2019-09';
  if (/\/draft\/2020-12\/schema/.test(declared)) return '2020-12';
  return { unsupported: declared };
}

/** RE2 in place of RegExp for `pattern` and `patternProperties`. */
const re2Engine = Object.assign(
  (pattern: string) => {
    const re = RE2JS.compile(pattern);
    // ajv caches compiled patterns by toString(): it must name the pattern, not "[object Object]".
    return { test: (s: string) => re.matcher(s).find(), toString: () => `RE2JS(${pattern})` };
  },
  { code: 'RE2JS' },
);

interface AjvLike {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  validateSchema(schema: unknown): boolean | Promise<unknown>;
  addSchema(schema: unknown, key?: string): unknown;
  errors?: ErrorObject[] | null;
}

function newAjv(draft: Draft): AjvLike {
  const options: AjvOptions = {
    allErrors: true,
    strict: false,
    logger: false,
    validateFormats: true,
    code: { regExp: re2Engine },
  };
  let ajv: AjvLike;
  switch (draft) {
    case '2020-12':
      ajv = new Ajv2020.default(options);
      break;
    case '2019-09':
      ajv = new Ajv2019.default(options);
      break;
    case 'draft-07':
      ajv = new Ajv07.default(options);
      break;
    case 'draft-06': {
      const instance = new Ajv07.default(options);
      instance.addMetaSchema(draft06);
      ajv = instance;
      break;
    }
    case 'draft-04':
      ajv = new Ajv04.default(options);
      break;
  }
  addFormats.default(ajv as Parameters<typeof addFormats.default>[0]);
  return ajv;
}

const FILE_BASE = 'file:///';

function idKey(draft: Draft): '$id' | 'id' {
  return draft === 'draft-04' ? 'id' : '$id';
}

/** Relative file `$ref`s of a schema (`other.json#/defs/x`), as repository paths. */
function fileRefs(schema: unknown, fromFile: string): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 200 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const target = child.split('#')[0];
        if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target)) {
          found.add(posix.normalize(posix.join(posix.dirname(fromFile), target)));
        }
      } else if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default') {
        walk(child, depth + 1);
      }
    }
  };
  walk(schema, 0);
  return [...found];
}

/**
 * Meta-validate and compile a schema read from `file`. Problems (invalid schema, unresolvable
 * reference, a pattern RE2 cannot run) come back located by pointer instead of thrown.
 */
export function compileSchema(
  schema: unknown,
  file: string,
  loadRef: RefLoader,
): { compiled: CompiledSchema } | { problems: SchemaProblem[] } {
  if (
    typeof schema !== 'boolean' &&
    (!schema || typeof schema !== 'object' || Array.isArray(schema))
  ) {
    return {
      problems: [{ file, pointer: '', message: 'a JSON Schema must be an object or a boolean' }],
    };
  }
  const draft = detectDraft(schema);
  if (typeof draft !== 'string') {
    return {
      problems: [
        {
          file,
          pointer: '/$schema',
          message: `unsupported $schema "${draft.unsupported}": use draft 2020-12, 2019-09, 07, 06 or 04`,
        },
      ],
    };
  }
  const ajv = newAjv(draft);
  const problems = metaProblems(ajv, schema, file);
  if (problems.length) return { problems };

  // Load every file reachable through relative $refs, each validated like the root.
  const queue = fileRefs(schema, file);
  const loaded = new Set<string>([file]);
  while (queue.length) {
    const ref = queue.shift()!;
    if (loaded.has(ref)) continue;
    if (loaded.size > MAX_REF_FILES) {
      return {
        problems: [
          { file, pointer: '', message: `more than ${MAX_REF_FILES} files reached through $ref` },
        ],
      };
    }
    loaded.add(ref);
    const referenced = ref.startsWith('..') ? undefined : loadRef(ref);
    if (referenced === undefined) {
      return {
        problems: [
          { file, pointer: '', message: `$ref to "${ref}": the file is missing or unreadable` },
        ],
      };
    }
    const refProblems = metaProblems(ajv, referenced, ref);
    if (refProblems.length) return { problems: refProblems };
    ajv.addSchema(withoutId(referenced, draft), FILE_BASE + ref);
    queue.push(...fileRefs(referenced, ref));
  }

  try {
    const root =
      typeof schema === 'object' && !(schema as Record<string, unknown>)[idKey(draft)]
        ? { ...(schema as Record<string, unknown>), [idKey(draft)]: FILE_BASE + file }
        : schema;
    const validate = ajv.compile(root);
    return {
      compiled: {
        draft,
        validate(data: unknown): SchemaError[] {
          if (validate(data)) return [];
          return (validate.errors ?? []).slice(0, MAX_ERRORS).map((e) => describeError(e, data));
        },
      },
    };
  } catch (error) {
    return { problems: [{ file, pointer: '', message: compileMessage(error) }] };
  }
}

function withoutId(schema: unknown, draft: Draft): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const copy = { ...(schema as Record<string, unknown>) };
  const key = idKey(draft);
  if (typeof copy[key] === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(copy[key] as string))
    return copy;
  delete copy[key];
  return copy;
}

function metaProblems(ajv: AjvLike, schema: unknown, file: string): SchemaProblem[] {
  let valid: boolean;
  try {
    valid = ajv.validateSchema(schema) === true;
  } catch (error) {
    return [{ file, pointer: '', message: compileMessage(error) }];
  }
  if (valid) return [];
  // The meta-schema's anyOf branches each complain about one bad keyword: keep the specific one.
  const byPointer = new Map<string, ErrorObject[]>();
  for (const e of ajv.errors ?? [])
    byPointer.set(e.instancePath, [...(byPointer.get(e.instancePath) ?? []), e]);
  return [...byPointer.entries()].slice(0, 20).map(([pointer, errors]) => {
    const specific = errors.filter((e) => !['anyOf', 'oneOf', 'type', 'if'].includes(e.keyword));
    const chosen = specific.length
      ? specific
      : errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
    const texts = [
      ...new Set((chosen.length ? chosen : errors).map((e) => e.message ?? 'is invalid')),
    ];
    return {
      file,
      pointer,
      message: `not a valid JSON Schema: ${pointer || '(root)'} ${texts.join('; ')}`,
    };
  });
}

function compileMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/RE2|regex|pattern|missing closing|invalid (escape|character class|repeat)/i.test(message)) {
    return `a pattern cannot be compiled for linear-time matching (RE2: no look-around or back-references): ${message}`;
  }
  return `the schema cannot be compiled: ${message}`;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, path: string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current && typeof current === 'object')
      current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An ajv error as a sentence a data scientist can act on, with where to point at. */
export function describeError(error: ErrorObject, data: unknown): SchemaError {
  const path = pointerSegments(error.instancePath);
  const where = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  let message = `${where} ${error.message ?? 'is invalid'}`;
  let atKey = false;
  let target = path;
  switch (error.keyword) {
    case 'required':
      message = `${where} is missing required property "${String(params.missingProperty)}"`;
      break;
    case 'additionalProperties':
      target = [...path, String(params.additionalProperty)];
      atKey = true;
      message = `${where}: property "${String(params.additionalProperty)}" is not allowed by the schema`;
      break;
    case 'enum':
      message = `${where} must be one of ${(params.allowedValues as unknown[]).map(preview).join(', ')} (got ${preview(valueAt(data, path))})`;
      break;
    case 'const':
      message = `${where} must be ${preview(params.allowedValue)} (got ${preview(valueAt(data, path))})`;
      break;
    case 'type': {
      const types = Array.isArray(params.type)
        ? params.type.map(String)
        : String(params.type).split(',');
      message = `${where} must be ${types.join(' or ')} (got ${preview(valueAt(data, path))})`;
      break;
    }
    case 'format':
      message = `${where} must be a valid ${String(params.format)} (got ${preview(valueAt(data, path))})`;
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      message = `${where} ${error.message ?? ''} (got ${preview(valueAt(data, path))})`;
      break;
  }
  return { instancePath: error.instancePath, keyword: error.keyword, message, path: target, atKey };
}
