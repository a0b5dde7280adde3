// Scope matchers, mostly used inside `inside`: `function` and `class` match definitions whose name
// matches an RE2 regex (the whole name), `with` matches `with` blocks whose context manager is a
// call (or name) of one of the given qualified names. The match spans the whole definition or
// block, so `inside` keeps what is written in its body. Capture: `name`.
import type { Node } from 'web-tree-sitter';
import type { RE2JS } from 're2js';
import type { KeyPath } from '../../config/types.js';
import { captureText, type Match } from '../match.js';
import { codeUnits, nodeSpan, treeOf, writtenName } from '../python-code.js';
import { importBindings, qualify } from '../qualified-names.js';
import { compileRegex, matchesWhole, PatternError } from '../re2.js';
import { compileNamePatterns, mayCall } from './call.js';
import { MAX_MATCHES_PER_FILE, normalise, report, type CompileEnv, type Matcher } from './types.js';

export function compileDefinitionMatcher(
  kind: 'function' | 'class',
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const spec = normalise(value, 'name');
  const namePath = typeof value === 'string' ? path : [...path, 'name'];
  let regex: RE2JS;
  try {
    regex = compileRegex(String(spec.name ?? ''));
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    report(env, namePath, error.message);
    return undefined;
  }
  const nodeType = kind === 'function' ? 'function_definition' : 'class_definition';
  return {
    captures: new Set(['name']),
    reads: 'code',
    async match(ctx, file) {
      const found: Match[] = [];
      for (const unit of codeUnits(ctx, file)) {
        const tree = await treeOf(ctx, unit);
        for (const node of tree?.rootNode.descendantsOfType(nodeType) ?? []) {
          const name = node?.childForFieldName('name')?.text;
          if (!node || name === undefined || !matchesWhole(regex, name)) continue;
          found.push({ file, unit, span: nodeSpan(node), captures: { name: captureText(name) } });
          if (found.length >= MAX_MATCHES_PER_FILE) return found;
        }
      }
      return found;
    },
  };
}

export function compileWithMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Matcher | undefined {
  const patterns = compileNamePatterns(value, path, env);
  if (!patterns) return undefined;
  return {
    captures: new Set(['name']),
    reads: 'code',
    async match(ctx, file) {
      const found: Match[] = [];
      const units = codeUnits(ctx, file);
      if (!mayCall(units, patterns) || !units.some((unit) => unit.text.includes('with'))) return [];
      const bindings = importBindings(ctx, file);
      for (const unit of units) {
        const tree = await treeOf(ctx, unit);
        for (const node of tree?.rootNode.descendantsOfType('with_statement') ?? []) {
          if (!node) continue;
          const name = contextManagers(node)
            .map((written) => qualify(written, bindings))
            .find((qualified) => patterns.some((p) => p.matches(qualified)));
          if (name === undefined) continue;
          found.push({ file, unit, span: nodeSpan(node), captures: { name: captureText(name) } });
          if (found.length >= MAX_MATCHES_PER_FILE) return found;
        }
      }
      return found;
    },
  };
}

/** Written names of a with statement's context managers: `mlflow.start_run` of `with mlflow.start_run() as r:`. */
function contextManagers(statement: Node): string[] {
  const names: string[] = [];
  for (const item of statement.descendantsOfType('with_item')) {
    // Only this statement's own items, not those of a nested with in its body.
    if (!item || item.startIndex > (statement.childForFieldName('body')?.startIndex ?? Infinity))
      continue;
    let value = item.childForFieldName('value');
    if (value?.type === 'as_pattern') value = value.namedChild(0);
    if (value?.type === 'call') value = value.childForFieldName('function');
    if (value) names.push(writtenName(value));
  }
  return names;
}
