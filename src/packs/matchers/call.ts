// `call`: calls of qualified names, resolved through the file's imports (`torch.load` matches
// `from torch import load as l; l(f)`), with optional conditions on their arguments
// (`args: { weights_only: { not-equals: "True" } }`). Captures: `name` (qualified), `callee`
// (as written) and `arg.<key>` (the source text of each argument a condition names).
import type { RE2JS } from 're2js';
import type { KeyPath } from '../../config/types.js';
import type { CodeUnit } from '../../engine/types.js';
import { captureText, type Match } from '../match.js';
import { callSites, codeUnits, type Argument, type CallSite } from '../python-code.js';
import { compileNamePattern, NamePatternError, type NamePattern } from '../qualified-names.js';
import { compileRegex, PatternError } from '../re2.js';
import {
  MAX_MATCHES_PER_FILE,
  normalise,
  report,
  stringList,
  type CompileEnv,
  type Matcher,
} from './types.js';

interface ArgumentCondition {
  key: string;
  position?: number;
  missing?: boolean;
  equals?: string;
  notEquals?: string;
  regex?: RE2JS;
  literal?: boolean;
}

/** Compile a list of qualified-name patterns at `path`; undefined (and problems) when one is bad. */
export function compileNamePatterns(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): NamePattern[] | undefined {
  const names = stringList(value);
  const patterns: NamePattern[] = [];
  let ok = true;
  names.forEach((name, index) => {
    try {
      patterns.push(compileNamePattern(name));
    } catch (error) {
      if (!(error instanceof NamePatternError)) throw error;
      report(env, typeof value === 'string' ? path : [...path, index], error.message);
      ok = false;
    }
  });
  return ok ? patterns : undefined;
}

export function compileCallMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const spec = normalise(value, 'name');
  const namesPath = spec === value ? [...path, 'name'] : path;
  const patterns = compileNamePatterns(spec.name, namesPath, env);
  const conditions = compileConditions(spec.args, [...path, 'args'], env);
  if (!patterns || !conditions) return undefined;

  return {
    captures: new Set(['name', 'callee', ...conditions.map((c) => `arg.${c.key}`)]),
    reads: 'code',
    async match(ctx, file) {
      const units = codeUnits(ctx, file);
      if (!mayCall(units, patterns)) return [];
      const found: Match[] = [];
      for (const unit of units) {
        if (found.length >= MAX_MATCHES_PER_FILE) break;
        for (const site of await callSites(ctx, unit)) {
          if (!patterns.some((p) => p.matches(site.qualified))) continue;
          if (!conditions.every((c) => holds(c, site))) continue;
          found.push({ file, unit, span: site.span, captures: capturesOf(site, conditions) });
          if (found.length >= MAX_MATCHES_PER_FILE) break;
        }
      }
      return found;
    },
  };
}

/** Cheap text test before parsing: some pattern has all its literal segments in the file's code. */
export function mayCall(units: readonly CodeUnit[], patterns: readonly NamePattern[]): boolean {
  return patterns.some((pattern) =>
    pattern.literals.every((literal) => units.some((unit) => unit.text.includes(literal))),
  );
}

function compileConditions(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): ArgumentCondition[] | undefined {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const conditions: ArgumentCondition[] = [];
  let ok = true;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const spec = (raw ?? {}) as Record<string, unknown>;
    const condition: ArgumentCondition = { key };
    if (/^\d+$/.test(key)) condition.position = Number(key);
    if (typeof spec.missing === 'boolean') condition.missing = spec.missing;
    if (typeof spec.exists === 'boolean') {
      if (condition.missing !== undefined && condition.missing === spec.exists) {
        report(env, [...path, key], `argument '${key}' cannot be both missing and existing`);
        ok = false;
      }
      condition.missing = !spec.exists;
    }
    if ('equals' in spec) condition.equals = pythonText(spec.equals);
    if ('not-equals' in spec) condition.notEquals = pythonText(spec['not-equals']);
    if (typeof spec.literal === 'boolean') condition.literal = spec.literal;
    if (typeof spec.regex === 'string') {
      try {
        condition.regex = compileRegex(spec.regex);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        report(env, [...path, key, 'regex'], error.message);
        ok = false;
      }
    }
    const valueTests = ['equals', 'not-equals', 'regex', 'literal'].filter((k) => k in spec);
    if (condition.missing === true && valueTests.length > 0) {
      report(
        env,
        [...path, key],
        `argument '${key}' is required to be missing, so '${valueTests[0]}' can never hold; remove one of them`,
      );
      ok = false;
    }
    conditions.push(condition);
  }
  return ok ? conditions : undefined;
}

/** How a YAML value is written in Python: `true` → `True`, `null` → `None`. */
function pythonText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value).replace(/\s+/g, ' ').trim();
}

function argumentOf(
  site: CallSite,
  condition: ArgumentCondition,
): Argument | 'unknown' | undefined {
  const argument =
    condition.position !== undefined
      ? site.positional[condition.position]
      : site.keywords.get(condition.key);
  if (argument) return argument;
  // `*args` / `**kwargs` may pass it: nothing can be said either way.
  const splat = condition.position !== undefined ? site.splat.positional : site.splat.keywords;
  return splat ? 'unknown' : undefined;
}

function holds(condition: ArgumentCondition, site: CallSite): boolean {
  const argument = argumentOf(site, condition);
  if (argument === 'unknown') return false;
  if (condition.missing === true) return argument === undefined;
  if (condition.missing === false && argument === undefined) return false;
  if (condition.notEquals !== undefined && argument?.text === condition.notEquals) return false;
  if (argument === undefined) {
    // Left out: only "not equal to" can hold (checked above); value tests need a value.
    return (
      condition.equals === undefined &&
      condition.regex === undefined &&
      condition.literal === undefined
    );
  }
  if (condition.equals !== undefined && argument.text !== condition.equals) return false;
  if (condition.regex && !condition.regex.test(argument.text)) return false;
  if (condition.literal !== undefined && argument.literal !== condition.literal) return false;
  return true;
}

function capturesOf(site: CallSite, conditions: ArgumentCondition[]): Record<string, string> {
  const captures: Record<string, string> = {
    name: captureText(site.qualified),
    callee: captureText(site.written),
  };
  for (const condition of conditions) {
    const argument = argumentOf(site, condition);
    captures[`arg.${condition.key}`] =
      typeof argument === 'object' ? captureText(argument.text) : '';
  }
  return captures;
}
