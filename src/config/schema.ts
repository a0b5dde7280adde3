// Check a config or pack document against rules/schemas/config.schema.json, the same schema
// editors use, and locate each problem at its key or value.
import { compileSchema, type ValidateFunction } from './ajv.js';
import { describeErrors, displayName } from './messages.js';
import { readShipped } from './shipped.js';
import type { ConfigDocument, ConfigProblem } from './types.js';

export const CONFIG_SCHEMA_FILE = 'schemas/config.schema.json';

let validator: ValidateFunction | undefined;

/** The parsed config schema, as shipped. */
export function configSchema(): Record<string, unknown> {
  return JSON.parse(readShipped(CONFIG_SCHEMA_FILE)) as Record<string, unknown>;
}

/** Structural problems of one document: unknown keys, wrong types, values out of range. */
export function validateDocument(document: ConfigDocument): ConfigProblem[] {
  validator ??= compileSchema(configSchema(), { useDefaults: false });
  // An empty file is an empty config, not a type error.
  const value = document.value === null ? {} : document.value;
  if (validator(value)) return [];
  return describeErrors(validator.errors ?? []).map(({ path, at, message }) => ({
    file: document.file,
    ...document.locate(path, at),
    key: displayName('', path),
    message,
  }));
}
