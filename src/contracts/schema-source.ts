// A model's input or output schema, at head and at the PR base: from a JSON or YAML file, inline
// in the contract, or printed by a command (a pydantic export, say). For a command, the base
// schema comes from running the same command in a temp copy of the base version's Python files.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parseTree, getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineCounter, parseDocument } from 'yaml';
import type { RuleContext } from '../engine/types.js';
import {
  lineColumn,
  locateInJson,
  locateInYaml,
  MAX_NESTING,
  nestingDepth,
  parsePointer,
} from './locate.js';
import { describeOutcome, runCommand, stderrSummary } from './process.js';
import { loadContractText } from './load.js';
import type { ContractLocation, ModelContract, SchemaSourceDecl } from './types.js';

export interface Place {
  file: string;
  line: number;
  column: number;
}

export interface LoadedSchema {
  schema: unknown;
  /** The file problems and changes are reported in (the contract for inline and command schemas). */
  file: string;
  /** The repository path relative `$ref`s resolve against. */
  refBase: string;
  origin: 'file' | 'inline' | 'command';
  /** Where a JSON pointer into the schema is written. */
  locate(pointer: string, key?: boolean): Place;
}

export type SchemaLoad =
  { loaded: LoadedSchema } | { problem: Place & { message: string } } | { skipped: string };

/** Parse schema text: JSON (with positions) or YAML by extension. */
export function parseSchemaText(
  file: string,
  text: string,
):
  | { value: unknown; locate: (pointer: string, key?: boolean) => { line: number; column: number } }
  | { error: { line: number; column: number; message: string } } {
  if (nestingDepth(text) > MAX_NESTING) {
    return {
      error: {
        line: 1,
        column: 1,
        message: `nested more than ${MAX_NESTING} levels deep; not read`,
      },
    };
  }
  if (/\.ya?ml$/i.test(file)) {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      return {
        error: {
          line: pos.line,
          column: pos.col,
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
        },
      };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return {
        error: { line: 1, column: 1, message: `not valid YAML: ${(error as Error).message}` },
      };
    }
    return {
      value,
      locate: (pointer, key = false) => {
        const pos = counter.linePos(locateInYaml(doc, parsePointer(pointer), key).offset);
        return { line: pos.line, column: pos.col };
      },
    };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false });
  if (errors.length || !tree) {
    const pos = lineColumn(text, errors[0]?.offset ?? 0);
    return {
      error: {
        ...pos,
        message: `not valid JSON: ${errors.length ? printParseErrorCode(errors[0].error) : 'empty file'}`,
      },
    };
  }
  return {
    value: getNodeValue(tree),
    locate: (pointer, key = false) =>
      lineColumn(text, locateInJson(tree, parsePointer(pointer), key).offset),
  };
}

/** Read another schema file of the head for a `$ref`; undefined when absent or malformed. */
export function headRefLoader(ctx: RuleContext): (path: string) => unknown {
  return (path) => {
    const text = ctx.sources.text(path);
    if (text === undefined) return undefined;
    const parsed = parseSchemaText(path, text);
    return 'value' in parsed ? parsed.value : undefined;
  };
}

async function schemaFromCommand(
  ctx: RuleContext,
  decl: Extract<SchemaSourceDecl, { kind: 'command' }>,
  cwd: string,
): Promise<{ value: unknown } | { message: string }> {
  const result = await runCommand(decl.argv, {
    cwd,
    timeoutMs: decl.timeoutMs,
    maxOutput: 8 * 1024 * 1024,
    env: decl.env,
  });
  if (result.spawnError || result.timedOut || result.outputExceeded || result.exitCode !== 0) {
    return {
      message: `schema command \`${decl.argv.join(' ')}\` ${describeOutcome(result, decl.timeoutMs, 8 * 1024 * 1024)}; stderr: ${stderrSummary(result.stderrTail)}`,
    };
  }
  try {
    return { value: JSON.parse(result.stdout) as unknown };
  } catch {
    return {
      message: `schema command \`${decl.argv.join(' ')}\` did not print JSON (starts with ${JSON.stringify(result.stdout.slice(0, 60))})`,
    };
  }
}

function fixed(at: ContractLocation): (pointer: string) => Place {
  return () => ({ ...at });
}

/** The head version of a schema. Commands run only when `mayRun` allows. */
export async function loadHeadSchema(
  ctx: RuleContext,
  decl: SchemaSourceDecl,
  model: ModelContract,
  mayRun: boolean,
): Promise<SchemaLoad> {
  switch (decl.kind) {
    case 'file': {
      if (!ctx.allFiles.some((f) => f.path === decl.path)) {
        return { problem: { ...decl.at, message: `schema file \`${decl.path}\` does not exist` } };
      }
      const text = ctx.sources.text(decl.path);
      if (text === undefined)
        return {
          problem: {
            ...decl.at,
            message: `schema file \`${decl.path}\` is unreadable (binary or too large)`,
          },
        };
      const parsed = parseSchemaText(decl.path, text);
      if ('error' in parsed) return { problem: { file: decl.path, ...parsed.error } };
      return {
        loaded: {
          schema: parsed.value,
          file: decl.path,
          refBase: decl.path,
          origin: 'file',
          locate: (pointer, key) => ({ file: decl.path, ...parsed.locate(pointer, key) }),
        },
      };
    }
    case 'inline':
      return {
        loaded: {
          schema: decl.schema,
          file: model.file,
          refBase: model.file,
          origin: 'inline',
          locate: (pointer) => ({ ...decl.locate(parsePointer(pointer)) }),
        },
      };
    case 'command': {
      if (!mayRun) return { skipped: 'the schema command was not run' };
      const result = await schemaFromCommand(ctx, decl, join(ctx.root, decl.cwd));
      if ('message' in result) return { problem: { ...decl.at, message: result.message } };
      return {
        loaded: {
          schema: result.value,
          file: model.file,
          refBase: posix.join(decl.cwd, 'schema.json'),
          origin: 'command',
          locate: fixed(decl.at),
        },
      };
    }
  }
}

const MAX_BASE_FILES = 3000;
const MAX_BASE_BYTES = 64 * 1024 * 1024;
/** What a schema export imports: Python sources and the packaging files that locate them. */
const BASE_TREE_FILES = /\.(py|pyi)$|(^|\/)(pyproject\.toml|setup\.cfg)$/;

/** Write the base versions of the repository's Python files to a temp folder. */
async function materialiseBase(ctx: RuleContext): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'handoff-base-'));
  let files = 0;
  let bytes = 0;
  for (const { path, size } of ctx.allFiles) {
    if (!BASE_TREE_FILES.test(path) || size > 4 * 1024 * 1024) continue;
    const text = await ctx.base(path);
    if (text === undefined) continue;
    if (++files > MAX_BASE_FILES || (bytes += text.length) > MAX_BASE_BYTES) {
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** The same schema at the PR base; undefined when there is no base version to compare with. */
export async function loadBaseSchema(
  ctx: RuleContext,
  decl: SchemaSourceDecl,
  model: ModelContract,
  side: 'input' | 'output',
  mayRun: boolean,
): Promise<unknown> {
  switch (decl.kind) {
    case 'file': {
      const text = await ctx.base(decl.path);
      if (text === undefined) return undefined;
      const parsed = parseSchemaText(decl.path, text);
      return 'value' in parsed ? parsed.value : undefined;
    }
    case 'inline': {
      const text = await ctx.base(model.file);
      if (text === undefined) return undefined;
      const base = loadContractText(model.file, text);
      const same = base.models.find((m) => m.name === model.name) ?? base.models[model.index];
      const source = same?.[side];
      return source?.kind === 'inline' ? source.schema : undefined;
    }
    case 'command': {
      if (!mayRun || (await ctx.base(model.file)) === undefined) return undefined;
      const dir = await ctx.shared('contracts:base-tree', () => materialiseBase(ctx));
      if (!dir) return undefined;
      const result = await schemaFromCommand(ctx, decl, join(dir, decl.cwd));
      return 'value' in result ? result.value : undefined;
    }
  }
}

/** Remove the temp copy of the base tree, if one was made. */
export async function cleanupBase(ctx: RuleContext): Promise<void> {
  const dir = await ctx.shared<Promise<string | undefined> | undefined>(
    'contracts:base-tree',
    () => undefined,
  );
  if (dir) await rm(dir, { recursive: true, force: true });
}
