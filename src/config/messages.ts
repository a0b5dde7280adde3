// Turn ajv errors into messages a user can act on: what was expected, what was found, and the
// nearest valid name when a key or value looks like a typo. Each message comes with the key
// path to locate it at.
import type { ErrorObject } from './ajv.js';
import { didYouMean } from './suggest.js';
import type { KeyPath } from './types.js';

export interface LocatedMessage {
  path: KeyPath;
  /** Point at the key (unknown keys) or at the value (wrong values). */
  at: 'key' | 'value';
  message: string;
}

/**
 * Messages for one validation run. `base` is prepended to every path (the location of the
 * validated value in its document); `label` names that value in messages ('' for the file).
 */
export function describeErrors(
  errors: readonly ErrorObject[],
  base: KeyPath = [],
  label = '',
): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const described = describeError(error, base, label);
    if (!described) continue;
    const id = `${described.path.join('\0')}\0${described.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    messages.push(described);
  }
  return messages;
}

function describeError(
  error: ErrorObject,
  base: KeyPath,
  label: string,
): LocatedMessage | undefined {
  const path = [...base, ...pointerSegments(error.instancePath)];
  const relative = pointerSegments(error.instancePath);
  const name = displayName(label, relative);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;

  // Errors inside `propertyNames` are about a key, not a value.
  if (error.propertyName !== undefined) {
    if (error.keyword === 'propertyNames') return undefined;
    const expected = expectation(schema.patternErrorMessage) ?? 'a valid name';
    return {
      path: [...path, error.propertyName],
      at: 'key',
      message: `'${error.propertyName}' is not ${expected}`,
    };
  }

  switch (error.keyword) {
    // The branch that failed reports its own error; "must match then schema" adds nothing.
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const properties = Object.keys((schema.properties as Record<string, unknown>) ?? {});
      const where = name === '' ? '' : ` in ${name}`;
      const hint = didYouMean(key, properties);
      const expected =
        hint || properties.length === 0 ? '' : `; expected ${listOf(properties, 'or')}`;
      return {
        path: [...path, key],
        at: 'key',
        message: `unknown ${/(^|\.)options(\.|$)/.test(name) ? 'option' : 'key'} '${key}'${where}${hint}${expected}`,
      };
    }
    case 'enum': {
      const values = (params.allowedValues as unknown[]) ?? [];
      const got = error.data;
      const hint =
        typeof got === 'string'
          ? didYouMean(
              got,
              values.filter((v): v is string => typeof v === 'string'),
            )
          : '';
      return {
        path,
        at: 'value',
        message: `${subject(name)} must be one of ${values.map(String).join(', ')} (got ${show(got)}${hint})`,
      };
    }
    case 'const':
      return {
        path,
        at: 'value',
        message: `${subject(name)} must be ${show(params.allowedValue)} (got ${show(error.data)})`,
      };
    case 'type': {
      const expected =
        expectation(schema.errorMessage) ?? describeTypes(String(params.type).split(','));
      return {
        path,
        at: 'value',
        message: `${subject(name)} must be ${expected} (got ${show(error.data)})`,
      };
    }
    case 'format':
      if (params.format === 're2') {
        return {
          path,
          at: 'value',
          message: `${subject(name)} must be a regular expression in RE2 syntax (no lookaround or backreferences) (got ${show(error.data)})`,
        };
      }
      return { path, at: 'value', message: `${subject(name)} ${error.message ?? 'is invalid'}` };
    case 'pattern': {
      const expected =
        expectation(schema.patternErrorMessage) ?? `text matching /${String(params.pattern)}/`;
      return {
        path,
        at: 'value',
        message: `${subject(name)} must be ${expected} (got ${show(error.data)})`,
      };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const word = {
        minimum: 'at least',
        exclusiveMinimum: 'greater than',
        maximum: 'at most',
        exclusiveMaximum: 'less than',
      }[error.keyword];
      return {
        path,
        at: 'value',
        message: `${subject(name)} must be ${word} ${String(params.limit)} (got ${show(error.data)})`,
      };
    }
    case 'minLength':
      return params.limit === 1
        ? { path, at: 'value', message: `${subject(name)} must not be empty` }
        : {
            path,
            at: 'value',
            message: `${subject(name)} must be at least ${String(params.limit)} characters long`,
          };
    case 'minItems':
      return {
        path,
        at: 'value',
        message: `${subject(name)} must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`,
      };
    case 'required':
      return {
        path,
        at: 'value',
        message: `${subject(name)} is missing the required key '${String(params.missingProperty)}'`,
      };
    default:
      return { path, at: 'value', message: `${subject(name)} ${error.message ?? 'is invalid'}` };
  }
}

/** Split an ajv instancePath (a JSON Pointer) into keys and indices. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

/** `rules.hardcoded-paths.ignore[2]` style names for a key path. */
export function displayName(label: string, path: KeyPath): string {
  let name = label;
  for (const step of path) {
    name = typeof step === 'number' ? `${name}[${step}]` : name === '' ? step : `${name}.${step}`;
  }
  return name;
}

/**
 * The noun phrase of an editor message (`errorMessage`, `patternErrorMessage`): schemas word
 * them as "Expected a list of globs." for editors, messages here read "... must be a list of globs".
 */
function expectation(editorMessage: unknown): string | undefined {
  if (typeof editorMessage !== 'string' || editorMessage.trim() === '') return undefined;
  return editorMessage
    .trim()
    .replace(/^expected\s+/i, '')
    .replace(/\.$/, '');
}

function subject(name: string): string {
  return name === '' ? 'the configuration' : name;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function describeTypes(types: string[]): string {
  return listOf(
    types.map((type) => TYPE_WORDS[type] ?? type),
    'or',
  );
}

/** How a found value reads in a message. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `'${text}'`;
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function listOf(items: string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
