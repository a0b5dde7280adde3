// `query`: a tree-sitter query over Python and notebook code. Every capture (`@name`) is usable in
// the message; the finding sits on the `at` capture, else on the outermost one. The regex
// predicates (`#match?` and its variants) run on RE2, not on JavaScript's backtracking engine.
import type { Language, Query, QueryCapture, QueryMatch, QueryPredicate } from 'web-tree-sitter';
import type * as TreeSitter from 'web-tree-sitter';
import type { RE2JS } from 're2js';
import type { KeyPath } from '../../config/types.js';
import webTreeSitter from '../../sources/web-tree-sitter.cjs';
import { captureText, type Match } from '../match.js';
import { codeUnits, nodeSpan, treeOf } from '../python-code.js';
import { compileRegex, PatternError } from '../re2.js';
import {
  MAX_MATCHES_PER_FILE,
  normalise,
  report,
  reportInValue,
  type CompileEnv,
  type Matcher,
} from './types.js';

const ts = webTreeSitter as typeof TreeSitter;

/** In-progress matches a query may hold at once (tree-sitter's own bound on query work). */
const MATCH_LIMIT = 4096;

/**
 * The regex predicates, renamed to an upper-case spelling of the same length (so error offsets
 * stay true) that web-tree-sitter leaves to us instead of running with `new RegExp`.
 */
const REGEX_PREDICATES: Record<string, { positive: boolean; every: boolean }> = {
  'MATCH?': { positive: true, every: true },
  'NOT-MATCH?': { positive: false, every: true },
  'ANY-MATCH?': { positive: true, every: false },
  'ANY-NOT-MATCH?': { positive: false, every: false },
};
/** Predicates web-tree-sitter evaluates itself (plain string comparisons) or stores. */
const BUILTIN_PREDICATES = [
  'eq?',
  'not-eq?',
  'any-eq?',
  'any-not-eq?',
  'any-of?',
  'not-any-of?',
  'is?',
  'is-not?',
  'set!',
];
const SUPPORTED = [
  ...BUILTIN_PREDICATES.slice(0, 6),
  'match?',
  'not-match?',
  'any-match?',
  'any-not-match?',
];

interface RegexPredicate {
  capture: string;
  regex: RE2JS;
  positive: boolean;
  every: boolean;
}

export async function compileQueryMatcher(
  value: unknown,
  path: KeyPath,
  env: CompileEnv,
): Promise<Matcher | undefined> {
  const spec = normalise(value, 'pattern');
  const sourcePath = typeof value === 'string' ? path : [...path, 'pattern'];
  const source = String(spec.pattern ?? '');
  const at = typeof spec.at === 'string' ? spec.at : undefined;
  const rewritten = renameRegexPredicates(source);

  let language: Language;
  try {
    language = await env.language();
  } catch (error) {
    report(
      env,
      sourcePath,
      `cannot load the Python grammar for queries: ${(error as Error).message}`,
    );
    return undefined;
  }
  let query: Query;
  try {
    query = new ts.Query(language, rewritten.text);
  } catch (error) {
    const offset = (error as { index?: unknown }).index;
    const message = (error as Error).message.replace(/ at offset \d+: .*$/s, '');
    reportInValue(
      env,
      sourcePath,
      typeof offset === 'number' ? offset : 0,
      `invalid tree-sitter query: ${restoreNames(message)}`,
    );
    return undefined;
  }

  if (query.captureNames.length === 0) {
    report(env, sourcePath, 'a query needs at least one capture (@name) to place its findings on');
    return undefined;
  }
  if (at !== undefined && !query.captureNames.includes(at)) {
    report(
      env,
      [...path, 'at'],
      `'${at}' is not a capture of the query; its captures are ${query.captureNames.map((n) => `@${n}`).join(', ')}`,
    );
    return undefined;
  }

  const predicates: RegexPredicate[][] = [];
  let ok = true;
  for (let pattern = 0; pattern < query.patternCount(); pattern++) {
    predicates[pattern] = [];
    const start = query.startIndexForPattern(pattern);
    const end = query.endIndexForPattern(pattern);
    const seen = new Map<string, number>();
    for (const predicate of query.predicatesForPattern(pattern)) {
      // The n-th predicate of this operator in the pattern is the n-th one written there.
      const nth = seen.get(predicate.operator) ?? 0;
      seen.set(predicate.operator, nth + 1);
      const written = rewritten.predicates.filter(
        (p) => p.offset >= start && p.offset < end && p.operator === predicate.operator,
      )[nth];
      const compiled = compilePredicate(predicate, (message) => {
        reportInValue(env, sourcePath, written?.offset ?? start, message);
        ok = false;
      });
      if (compiled) predicates[pattern].push(compiled);
    }
  }
  if (!ok) return undefined;
  const requirements = requiredTexts(query, rewritten.predicates);

  return {
    captures: new Set(query.captureNames),
    reads: 'code',
    async match(ctx, file) {
      const found: Match[] = [];
      for (const unit of codeUnits(ctx, file)) {
        if (found.length >= MAX_MATCHES_PER_FILE) break;
        const seen = new Set<string>();
        // Parsing is the cost: skip units that lack the texts every pattern's predicates need.
        if (
          !requirements.some((needs) =>
            needs.every((alternatives) => alternatives.some((t) => unit.text.includes(t))),
          )
        ) {
          continue;
        }
        const tree = await treeOf(ctx, unit);
        if (!tree) continue;
        for (const result of query.matches(tree.rootNode, { matchLimit: MATCH_LIMIT })) {
          if (!predicates[result.patternIndex].every((p) => holds(p, result.captures))) continue;
          const node = placement(result, at);
          if (!node) continue;
          const span = nodeSpan(node);
          const key = `${span.startRow}:${span.startColumn}:${span.endRow}:${span.endColumn}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({ file, unit, span, captures: capturesOf(result.captures) });
          if (found.length >= MAX_MATCHES_PER_FILE) break;
        }
      }
      return found;
    },
  };
}

function compilePredicate(
  predicate: QueryPredicate,
  fail: (message: string) => void,
): RegexPredicate | undefined {
  const kind = REGEX_PREDICATES[predicate.operator];
  if (!kind) {
    fail(
      `unsupported predicate #${predicate.operator}; supported are ${SUPPORTED.map((p) => `#${p}`).join(', ')}`,
    );
    return undefined;
  }
  const name = `#${predicate.operator.toLowerCase()}`;
  const [capture, pattern] = predicate.operands;
  if (predicate.operands.length !== 2 || capture.type !== 'capture' || pattern.type !== 'string') {
    fail(`${name} takes a capture and a string: (${name} @name "regex")`);
    return undefined;
  }
  try {
    return { capture: capture.name, regex: compileRegex(pattern.value), ...kind };
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    fail(`${name}: ${error.message}`);
    return undefined;
  }
}

/** Same semantics as tree-sitter's own: no node captured means the positive forms fail. */
function holds(predicate: RegexPredicate, captures: QueryCapture[]): boolean {
  const texts = captures.filter((c) => c.name === predicate.capture).map((c) => c.node.text);
  if (texts.length === 0) return !predicate.positive;
  const test = (text: string) => predicate.regex.test(text) === predicate.positive;
  return predicate.every ? texts.every(test) : texts.some(test);
}

/** The `at` capture's node, else the outermost captured node (earliest start, then longest). */
function placement(result: QueryMatch, at: string | undefined) {
  if (at !== undefined) return result.captures.find((c) => c.name === at)?.node;
  let best = result.captures[0]?.node;
  for (const { node } of result.captures) {
    if (
      node.startIndex < best.startIndex ||
      (node.startIndex === best.startIndex && node.endIndex > best.endIndex)
    ) {
      best = node;
    }
  }
  return best;
}

function capturesOf(captures: QueryCapture[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, node } of captures) {
    // A quantified capture (`@arg*`) names its first node.
    if (!(name in values)) values[name] = captureText(node.text);
  }
  return values;
}

interface Token {
  kind: 'string' | 'predicate' | 'capture' | 'open' | 'close' | 'text';
  /** Source text. */
  text: string;
  /** A string's decoded value (undefined when an escape is not understood); a name without its sigil. */
  value?: string;
  offset: number;
}

/** Split a query into strings, comments (dropped into `text`), predicates, captures and parens. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const start = i;
    if (c === '"') {
      let j = i + 1;
      let value: string | undefined = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') {
          const escaped = ESCAPES[source[j + 1]];
          value = escaped === undefined || value === undefined ? undefined : value + escaped;
          j += 2;
        } else {
          if (value !== undefined) value += source[j];
          j++;
        }
      }
      i = Math.min(j + 1, source.length);
      tokens.push({ kind: 'string', text: source.slice(start, i), value, offset: start });
    } else if (c === ';') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      tokens.push({ kind: 'text', text: source.slice(start, i), offset: start });
    } else if (c === '#' || c === '@') {
      const name = /^[A-Za-z0-9_.?!-]*/.exec(source.slice(i + 1, i + 129))![0];
      i += 1 + name.length;
      tokens.push({
        kind: c === '#' ? 'predicate' : 'capture',
        text: source.slice(start, i),
        value: name,
        offset: start,
      });
    } else {
      i++;
      tokens.push({
        kind: c === '(' ? 'open' : c === ')' ? 'close' : 'text',
        text: c,
        offset: start,
      });
    }
  }
  return tokens;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
};

/**
 * Rename `#match?`-family predicates to their upper-case form, and list every predicate with its
 * operator, first capture and string arguments (for locating problems and for the text prefilter).
 */
export function renameRegexPredicates(source: string): {
  text: string;
  predicates: WrittenPredicate[];
} {
  const tokens = tokenize(source);
  const predicates: WrittenPredicate[] = [];
  let text = '';
  tokens.forEach((token, index) => {
    if (token.kind !== 'predicate') {
      text += token.text;
      return;
    }
    const name = token.value ?? '';
    const upper = name.toUpperCase();
    const operator = upper in REGEX_PREDICATES && name === name.toLowerCase() ? upper : name;
    text += `#${operator}`;
    const args = tokens.slice(
      index + 1,
      tokens.findIndex((t, at) => at > index && t.kind === 'close'),
    );
    predicates.push({
      offset: token.offset,
      operator,
      capture: args.find((t) => t.kind === 'capture')?.value,
      strings: args.filter((t) => t.kind === 'string').map((t) => t.value),
    });
  });
  return { text, predicates };
}

interface WrittenPredicate {
  offset: number;
  operator: string;
  capture?: string;
  /** Decoded string arguments (undefined for one with an escape this scanner does not know). */
  strings: (string | undefined)[];
}

/**
 * Texts a unit must contain for a pattern to match: `(#eq? @x "load")` on a capture that is
 * always present, `(#any-eq? ...)` and `(#any-of? @x "a" "b")` (one of them). Each entry is a
 * list of alternatives. A pattern with none of these is not filtered.
 */
function requiredTexts(query: Query, predicates: readonly WrittenPredicate[]): string[][][] {
  const requirements: string[][][] = [];
  for (let pattern = 0; pattern < query.patternCount(); pattern++) {
    const start = query.startIndexForPattern(pattern);
    const end = query.endIndexForPattern(pattern);
    const needs: string[][] = [];
    for (const p of predicates) {
      if (p.offset < start || p.offset >= end || p.capture === undefined) continue;
      const values = p.strings.filter((v): v is string => v !== undefined && v !== '');
      if (values.length !== p.strings.length || values.length === 0) continue;
      const captureIndex = query.captureNames.indexOf(p.capture);
      const quantifier = query.captureQuantifiers[pattern]?.[captureIndex];
      // `#eq?` holds vacuously when an optional capture is absent; the `any-` forms do not.
      const alwaysPresent =
        quantifier === ts.CaptureQuantifier.One || quantifier === ts.CaptureQuantifier.OneOrMore;
      if ((p.operator === 'eq?' && alwaysPresent) || p.operator === 'any-eq?')
        needs.push([values[0]]);
      else if (p.operator === 'any-of?') needs.push(values);
    }
    requirements.push(needs);
  }
  return requirements;
}

/** Error messages quote the rewritten source: show the predicates as the author wrote them. */
function restoreNames(message: string): string {
  return message.replace(/#(ANY-NOT-MATCH|ANY-MATCH|NOT-MATCH|MATCH)\?/g, (m) => m.toLowerCase());
}
