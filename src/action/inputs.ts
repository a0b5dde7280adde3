// The action's inputs (action.yml), read and validated in one place. Every bad value is
// reported at once with what was expected, so one failed run shows everything to fix.
import { isAbsolute } from 'node:path';
import type { FailOn, Scope } from '../engine/result.js';

export interface ActionInputs {
  /** Config file, relative to the workspace or absolute; undefined to find one (or use defaults). */
  config?: string;
  /** Include globs; undefined for the whole repository. */
  paths?: string[];
  /** undefined leaves the config's fail-on in force (else `error`). */
  failOn?: FailOn;
  /** Where to write SARIF; undefined for `$RUNNER_TEMP/handoff-gate.sarif`. */
  sarifFile?: string;
  /** Where to write the JSON report; undefined for none. */
  jsonFile?: string;
  scope: Scope;
  strict: boolean;
}

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `invalid input: ${problems[0]}`
        : `invalid inputs:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InputError';
  }
}

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];
export const SCOPE_VALUES: readonly Scope[] = ['all', 'changed-files', 'changed-lines'];

/** Reads one input by its action.yml name; `@actions/core`'s getInput in the action. */
export type InputReader = (name: string) => string;

export function readInputs(read: InputReader): ActionInputs {
  const problems: string[] = [];
  const text = (name: string): string | undefined => read(name).trim() || undefined;

  const failOn = oneOf('fail-on', text('fail-on'), FAIL_ON_VALUES, problems);
  const scope = oneOf('scope', text('scope'), SCOPE_VALUES, problems) ?? 'all';
  const strict = boolean('strict', text('strict'), problems);
  const paths = globList(read('paths'), problems);

  if (problems.length) throw new InputError(problems);
  return {
    config: text('config'),
    paths,
    failOn,
    sarifFile: text('sarif-file'),
    jsonFile: text('json-file'),
    scope,
    strict,
  };
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  if (value === undefined) return undefined;
  const normal = value.toLowerCase();
  if ((allowed as readonly string[]).includes(normal)) return normal as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return undefined;
}

/** YAML 1.2 core booleans, as the runner's own getBooleanInput accepts them. */
function boolean(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined) return false;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return false;
}

/**
 * Globs separated by newlines or commas. A comma inside `{a,b}` or `[...]` belongs to the glob,
 * so `src/{train,serve}/**` stays one pattern.
 */
export function splitGlobs(value: string): string[] {
  const globs: string[] = [];
  let current = '';
  let braces = 0;
  let brackets = 0;
  for (const ch of value) {
    if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (ch === '[') brackets++;
    else if (ch === ']') brackets = Math.max(0, brackets - 1);
    if (ch === '\n' || ch === '\r' || (ch === ',' && braces === 0 && brackets === 0)) {
      globs.push(current);
      current = '';
      braces = 0;
      brackets = 0;
      continue;
    }
    current += ch;
  }
  globs.push(current);
  return globs.map((glob) => glob.trim()).filter((glob) => glob !== '');
}

function globList(value: string, problems: string[]): string[] | undefined {
  const globs = splitGlobs(value);
  for (const glob of globs) {
    const pattern = glob.startsWith('!') ? glob.slice(1) : glob;
    if (isAbsolute(pattern) || /^[A-Za-z]:[\\/]/.test(pattern)) {
      problems.push(`paths: "${glob}" is absolute; globs are relative to the repository root`);
    } else if (pattern.split(/[\\/]/).includes('..')) {
      problems.push(`paths: "${glob}" leaves the repository; globs are relative to its root`);
    }
  }
  return globs.length ? globs : undefined;
}
