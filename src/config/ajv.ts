// Ajv instances for the config schema and for rule option schemas. Option schemas are draft
// 2020-12 unless their `$schema` names 2019-09, draft-07 or draft-04; each draft gets its own
// instance, created on first use. Compiled validators are cached per schema object.
import Ajv2019Module from 'ajv/dist/2019.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { RE2JS } from 're2js';
import type { JSONSchemaType } from '../engine/types.js';

export type { ErrorObject, ValidateFunction };

// These packages are CommonJS whose module.exports is the class and also carries `.default`.
const Ajv2020 = Ajv2020Module.default;
const Ajv2019 = Ajv2019Module.default;
const Ajv07 = AjvModule.default;
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

type AnyAjv = InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft04>;

/** Non-standard keywords editors understand (VS Code's JSON and YAML services), kept as annotations. */
const EDITOR_KEYWORDS = ['errorMessage', 'patternErrorMessage', 'markdownDescription'];

const DRAFTS: Record<string, (options: Options) => AnyAjv> = {
  '2020-12': (options) => new Ajv2020(options),
  '2019-09': (options) => new Ajv2019(options),
  'draft-07': (options) => new Ajv07(options),
  'draft-04': (options) => new AjvDraft04(options),
};

export interface CompileOptions {
  /** Fill in `default` values while validating (rule options: yes; the config file: no). */
  useDefaults: boolean;
}

const instances = new Map<string, AnyAjv>();
const compiled = new Map<boolean, WeakMap<object, ValidateFunction>>([
  [true, new WeakMap()],
  [false, new WeakMap()],
]);

/** The draft a schema declares through `$schema`, or undefined when it is not one we support. */
export function schemaDraft(schema: JSONSchemaType): string | undefined {
  const declared = schema.$schema;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return undefined;
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  if (/draft-07/.test(declared)) return 'draft-07';
  if (/draft-04/.test(declared)) return 'draft-04';
  return undefined;
}

/**
 * A validator that reports every error (`allErrors`) with the failing data (`verbose`).
 * Throws an Error naming the problem when the schema itself cannot be compiled.
 */
export function compileSchema(schema: JSONSchemaType, opts: CompileOptions): ValidateFunction {
  const cache = compiled.get(opts.useDefaults)!;
  const cached = cache.get(schema);
  if (cached) return cached;
  const draft = schemaDraft(schema);
  if (!draft) throw new Error(`unsupported $schema '${String(schema.$schema)}'`);
  const key = `${draft}:${opts.useDefaults}`;
  let ajv = instances.get(key);
  if (!ajv) {
    // Rule authors write schemas for editors too: unknown annotation keywords must not be fatal.
    ajv = DRAFTS[draft]({
      allErrors: true,
      verbose: true,
      useDefaults: opts.useDefaults,
      strict: false,
      allowUnionTypes: true,
    });
    addFormats(ajv as InstanceType<typeof Ajv2020>);
    // `format: re2` marks options that are regexes: a bad one is a located config error, not a crash.
    ajv.addFormat('re2', { type: 'string', validate: isRe2Pattern });
    for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
    instances.set(key, ajv);
  }
  const validate = ajv.compile(schema);
  cache.set(schema, validate);
  return validate;
}

export function isRe2Pattern(text: string): boolean {
  try {
    RE2JS.compile(text);
    return true;
  } catch {
    return false;
  }
}
