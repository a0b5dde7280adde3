// pip's requirements-file grammar: `\` continuations, `#` comments, file-level options
// (`-r`, `-c`, `--index-url`, ...), per-requirement options (`--hash`, ...), `-e` editables, and
// requirement specifications, with every entry located on its physical line and column.
import type { Position } from './model.js';
import { analyzeRequirement, type RequirementAnalysis } from './requirement-spec.js';
import { splitWords } from './shell-words.js';

export interface RequirementsEntry extends Position {
  /** Where the requirement text ends (exclusive column). */
  endLine: number;
  endColumn: number;
  /** The logical line the entry came from (continuations joined, comment removed). */
  text: string;
  /** The requirement part of that line. */
  requirement: string;
  analysis: RequirementAnalysis;
  editable: boolean;
  hashes: string[];
  /** `--global-option`, `--config-settings`, ... values given on the line. */
  requirementOptions: Record<string, string[]>;
}

export interface RequirementsInclude extends Position {
  kind: 'requirements' | 'constraints';
  path: string;
}

export interface RequirementsOption {
  line: number;
  text: string;
  /** Option name without dashes (`index-url`, `no-binary`), with its values ([] for flags). */
  name: string;
  values: string[];
}

export interface RequirementsInvalid extends Position {
  text: string;
  message: string;
  /** pip ignores the offending part and goes on (trailing arguments after options). */
  ignored?: boolean;
}

export interface RequirementsFile {
  entries: RequirementsEntry[];
  includes: RequirementsInclude[];
  options: RequirementsOption[];
  invalid: RequirementsInvalid[];
}

interface OptionSpec {
  name: string;
  takesValue: boolean;
  /** Allowed after a requirement on the same line. */
  perRequirement?: boolean;
}

// pip's requirements-file options (pip/_internal/req/req_file.py), short and long spellings.
const OPTIONS: Record<string, OptionSpec> = {};
function option(spec: OptionSpec, ...spellings: string[]): void {
  for (const spelling of spellings) OPTIONS[spelling] = spec;
}
option({ name: 'requirement', takesValue: true }, '-r', '--requirement');
option({ name: 'constraint', takesValue: true }, '-c', '--constraint');
option({ name: 'editable', takesValue: true }, '-e', '--editable');
option({ name: 'index-url', takesValue: true }, '-i', '--index-url');
option({ name: 'extra-index-url', takesValue: true }, '--extra-index-url');
option({ name: 'no-index', takesValue: false }, '--no-index');
option({ name: 'find-links', takesValue: true }, '-f', '--find-links');
option({ name: 'pre', takesValue: false }, '--pre');
option({ name: 'prefer-binary', takesValue: false }, '--prefer-binary');
option({ name: 'require-hashes', takesValue: false }, '--require-hashes');
option({ name: 'trusted-host', takesValue: true }, '--trusted-host');
option({ name: 'use-feature', takesValue: true }, '--use-feature');
option({ name: 'only-binary', takesValue: true }, '--only-binary');
option({ name: 'no-binary', takesValue: true }, '--no-binary');
option({ name: 'hash', takesValue: true, perRequirement: true }, '--hash');
option({ name: 'global-option', takesValue: true, perRequirement: true }, '--global-option');
option({ name: 'install-option', takesValue: true, perRequirement: true }, '--install-option');
option(
  { name: 'config-settings', takesValue: true, perRequirement: true },
  '-C',
  '--config-settings',
);

/** pip's COMMENT_RE: a `#` at the start of a line or after whitespace starts a comment. */
const COMMENT = /(^|\s+)#.*$/;

interface Segment {
  /** Offset in the logical line where this physical piece starts. */
  offset: number;
  line: number;
  /** 0-based column in the physical line of the piece's first character. */
  column: number;
}

export interface LogicalLine {
  text: string;
  line: number;
  endLine: number;
  segments: Segment[];
}

/** pip's join_lines: a line ending in `\` (and not a comment) continues on the next one. */
export function logicalLines(content: string): LogicalLine[] {
  const physical = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const result: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  physical.forEach((raw, index) => {
    const lineNumber = index + 1;
    const isComment = /^\s*#/.test(raw);
    if (!raw.endsWith('\\') || isComment) {
      // pip prefixes a comment line with a space so that it is always stripped later.
      const piece = isComment && pending ? ` ${raw}` : raw;
      const column = isComment && pending ? -1 : 0;
      if (pending) {
        pending.segments.push({ offset: pending.text.length, line: lineNumber, column });
        pending.text += piece;
        pending.endLine = lineNumber;
        result.push(pending);
        pending = undefined;
      } else {
        result.push({
          text: raw,
          line: lineNumber,
          endLine: lineNumber,
          segments: [{ offset: 0, line: lineNumber, column: 0 }],
        });
      }
      return;
    }
    const lead = raw.length - raw.replace(/^\\+/, '').length;
    const piece = raw.replace(/^\\+|\\+$/g, '');
    if (!pending) pending = { text: '', line: lineNumber, endLine: lineNumber, segments: [] };
    pending.segments.push({ offset: pending.text.length, line: lineNumber, column: lead });
    pending.text += piece;
    pending.endLine = lineNumber;
  });
  if (pending) result.push(pending);
  return result;
}

/** Map an offset in a logical line to the physical 1-based line and column. */
export function physicalPosition(line: LogicalLine, offset: number): Position {
  let segment = line.segments[0]!;
  for (const candidate of line.segments) {
    if (candidate.offset <= offset) segment = candidate;
    else break;
  }
  return {
    line: segment.line,
    column: Math.max(0, segment.column) + (offset - segment.offset) + 1,
  };
}

export function parseRequirementsText(content: string): RequirementsFile {
  const file: RequirementsFile = { entries: [], includes: [], options: [], invalid: [] };
  for (const logical of logicalLines(content)) parseLogicalLine(logical, file);
  return file;
}

function parseLogicalLine(logical: LogicalLine, file: RequirementsFile): void {
  const withoutComment = logical.text.replace(COMMENT, '');
  const text = withoutComment.trim();
  if (text === '') return;
  const base = withoutComment.length - withoutComment.trimStart().length;
  const at = (offset: number): Position => physicalPosition(logical, base + offset);
  const fail = (message: string, offset = 0): void => {
    file.invalid.push({ ...at(offset), text, message });
  };

  // pip's break_args_options: requirement words come first, options start at the first '-' word.
  const tokens = [...text.matchAll(/\S+/g)];
  const firstOption = tokens.findIndex((token) => token[0].startsWith('-'));
  const argEnd = firstOption < 0 ? text.length : tokens[firstOption]!.index!;
  const args = text.slice(0, argEnd).trimEnd();
  const optionText = text.slice(argEnd);
  const { words, problems } = splitWords(optionText);
  if (problems.length > 0) {
    fail(`cannot split options: ${problems[0]!.message}`, argEnd + problems[0]!.offset);
    return;
  }

  const parsed: { spec: OptionSpec; value?: string; offset: number }[] = [];
  const leftovers: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const offset = argEnd + word.start;
    const eq = word.value.startsWith('--') ? word.value.indexOf('=') : -1;
    const flag = eq > 0 ? word.value.slice(0, eq) : word.value;
    let spec = OPTIONS[flag];
    let value: string | undefined;
    if (!spec && /^-[a-zA-Z]./.test(word.value) && OPTIONS[word.value.slice(0, 2)]) {
      // Short option with its value glued on: -rrequirements.txt, -e.
      spec = OPTIONS[word.value.slice(0, 2)]!;
      value = word.value.slice(2);
    } else if (spec && spec.takesValue) {
      if (eq > 0) value = word.value.slice(eq + 1);
      else {
        const next = words[i + 1];
        if (!next) {
          fail(`option ${flag} needs a value`, offset);
          return;
        }
        value = next.value;
        i++;
      }
    } else if (spec && eq > 0) {
      fail(`option ${flag} takes no value`, offset);
      return;
    }
    if (!spec) {
      if (word.value.startsWith('-')) {
        fail(`unknown option ${flag}`, offset);
        return;
      }
      leftovers.push(word.value);
      continue;
    }
    const entry: { spec: OptionSpec; value?: string; offset: number } = { spec, offset };
    if (value !== undefined) entry.value = value;
    parsed.push(entry);
  }

  if (args !== '') {
    const global = parsed.filter((p) => !p.spec.perRequirement);
    if (global.length > 0) {
      const shown = global
        .map((p) => `--${p.spec.name}${p.value !== undefined ? ` ${p.value}` : ''}`)
        .join(' ');
      fail(`options not allowed after a requirement: ${shown}`, global[0]!.offset);
      return;
    }
    if (leftovers.length > 0) {
      fail(`unexpected argument(s) after the options: ${leftovers.join(' ')}`, argEnd);
      return;
    }
    addEntry(file, text, args, 0, false, parsed, at, fail);
    return;
  }

  const editables = parsed.filter((p) => p.spec.name === 'editable');
  if (leftovers.length > 0) {
    // pip's option parser drops them silently; worth a note, not an error.
    file.invalid.push({
      ...at(argEnd),
      text,
      message: `pip ignores the trailing argument(s) ${leftovers.join(' ')}`,
      ignored: true,
    });
  }
  for (const p of parsed) {
    if (p.spec.name === 'editable') continue;
    if (p.spec.perRequirement && editables.length === 0) {
      fail(`option --${p.spec.name} needs a requirement on the same line`, p.offset);
      continue;
    }
    if (p.spec.name === 'requirement' || p.spec.name === 'constraint') {
      const valueOffset = optionValueOffset(text, p.offset, p.value!);
      file.includes.push({
        kind: p.spec.name === 'requirement' ? 'requirements' : 'constraints',
        path: p.value!,
        ...at(valueOffset),
      });
    }
    if (!p.spec.perRequirement) {
      file.options.push({
        line: logical.line,
        text,
        name: p.spec.name,
        values: p.value !== undefined ? [p.value] : [],
      });
    }
  }
  for (const editable of editables) {
    const valueOffset = optionValueOffset(text, editable.offset, editable.value!);
    addEntry(file, text, editable.value!, valueOffset, true, parsed, at, fail);
  }
}

function addEntry(
  file: RequirementsFile,
  text: string,
  requirement: string,
  offset: number,
  editable: boolean,
  parsed: { spec: OptionSpec; value?: string }[],
  at: (offset: number) => Position,
  fail: (message: string, offset?: number) => void,
): void {
  const analysis = analyzeRequirement(requirement, { editable });
  if (analysis.kind === 'invalid') {
    fail(`invalid requirement "${requirement}": ${analysis.error}`, offset + analysis.offset);
    return;
  }
  const hashes = parsed.filter((p) => p.spec.name === 'hash').map((p) => p.value!);
  const requirementOptions: Record<string, string[]> = {};
  for (const p of parsed) {
    if (!p.spec.perRequirement || p.spec.name === 'hash') continue;
    (requirementOptions[p.spec.name] ??= []).push(p.value ?? '');
  }
  const start = at(offset + analysis.offset);
  const end = at(offset + requirement.trimEnd().length);
  if (hashes.length > 0) analysis.hashed = true;
  file.entries.push({
    ...start,
    endLine: end.line,
    endColumn: end.column,
    text,
    requirement: requirement.trim(),
    analysis,
    editable,
    hashes,
    requirementOptions,
  });
}

/** Offset of an option's value within the line (after `-r `, `--requirement=`, or glued `-rfile`). */
function optionValueOffset(text: string, optionOffset: number, value: string): number {
  const found = text.indexOf(value, optionOffset);
  return found >= 0 ? found : optionOffset;
}
