// A PEP 508 dependency specification parser that keeps offsets:
//   name [extras] (version-spec | @ url) [; marker]
// It never throws: malformed input gives `{ error, offset }`.

export interface Pep508Requirement {
  name: string;
  /** Offsets of the name in the parsed string. */
  nameStart: number;
  nameEnd: number;
  extras: string[];
  /** Raw version specifier without surrounding parentheses or spaces at its ends ('' when bare). */
  specifier: string;
  url?: string;
  marker?: string;
}

export interface Pep508Error {
  error: string;
  offset: number;
}

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const OPERATOR = /(===|~=|==|!=|<=|>=|<|>)/y;
const VERSION = /[A-Za-z0-9_.*+!-]+/y;
const ARBITRARY = /[^\s,;)]+/y;

export function isPep508Error(value: Pep508Requirement | Pep508Error): value is Pep508Error {
  return 'error' in value;
}

export function parsePep508(input: string): Pep508Requirement | Pep508Error {
  let at = skipSpace(input, 0);
  NAME.lastIndex = at;
  const nameMatch = NAME.exec(input);
  if (!nameMatch) return { error: 'expected a distribution name', offset: at };
  const nameStart = at;
  const name = nameMatch[0];
  at = skipSpace(input, NAME.lastIndex);

  let extras: string[] = [];
  if (input[at] === '[') {
    const close = input.indexOf(']', at);
    if (close < 0) return { error: 'unclosed "[" in extras', offset: at };
    const inner = input.slice(at + 1, close);
    extras = inner
      .split(',')
      .map((extra) => extra.trim())
      .filter((extra) => extra.length > 0);
    const bad = extras.find((extra) => !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(extra));
    if (bad !== undefined) return { error: `invalid extra name "${bad}"`, offset: at + 1 };
    at = skipSpace(input, close + 1);
  }

  const result: Pep508Requirement = {
    name,
    nameStart,
    nameEnd: nameStart + name.length,
    extras,
    specifier: '',
  };

  if (input[at] === '@') {
    at = skipSpace(input, at + 1);
    const urlMatch = /\S+/y;
    urlMatch.lastIndex = at;
    const url = urlMatch.exec(input);
    if (!url) return { error: 'expected a URL after "@"', offset: at };
    result.url = url[0];
    at = urlMatch.lastIndex;
    // In the URL form a marker needs whitespace before ';' (';' may occur in URLs).
    const rest = input.slice(at);
    if (rest.trim() === '') return result;
    const marker = /^\s+;(.*)$/s.exec(rest);
    if (!marker) return { error: 'expected end or "; marker" after the URL', offset: at };
    const text = marker[1]!.trim();
    if (text === '') return { error: 'empty environment marker', offset: input.length };
    result.marker = text;
    return result;
  }

  const spec = readSpecifier(input, at);
  if ('error' in spec) return spec;
  result.specifier = spec.text;
  at = skipSpace(input, spec.end);
  if (at >= input.length) return result;
  if (input[at] !== ';') {
    return {
      error: result.specifier
        ? 'expected end or ";" after the version specifier'
        : 'expected a version specifier, "@ url", ";" or end after the name',
      offset: at,
    };
  }
  const marker = input.slice(at + 1).trim();
  if (marker === '') return { error: 'empty environment marker', offset: at + 1 };
  result.marker = marker;
  return result;
}

function readSpecifier(input: string, start: number): { text: string; end: number } | Pep508Error {
  let at = start;
  const parenthesised = input[at] === '(';
  if (parenthesised) at = skipSpace(input, at + 1);
  const begin = at;
  let end = at;
  let count = 0;
  for (;;) {
    OPERATOR.lastIndex = at;
    const op = OPERATOR.exec(input);
    if (!op) {
      if (count === 0) break;
      return { error: 'expected a comparison operator after ","', offset: at };
    }
    at = skipSpace(input, OPERATOR.lastIndex);
    const pattern = op[1] === '===' ? ARBITRARY : VERSION;
    pattern.lastIndex = at;
    const version = pattern.exec(input);
    if (!version) return { error: `expected a version after "${op[1]}"`, offset: at };
    at = pattern.lastIndex;
    end = at;
    count++;
    const next = skipSpace(input, at);
    if (input[next] !== ',') break;
    at = skipSpace(input, next + 1);
  }
  if (parenthesised) {
    const close = skipSpace(input, end);
    if (input[close] !== ')')
      return { error: 'expected ")" after the version specifier', offset: close };
    return { text: input.slice(begin, end).trim(), end: close + 1 };
  }
  return { text: input.slice(begin, end).trim(), end: count ? end : start };
}

function skipSpace(input: string, at: number): number {
  while (at < input.length && (input[at] === ' ' || input[at] === '\t')) at++;
  return at;
}
