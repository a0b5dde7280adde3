// Load one pack file: a declarative YAML/JSON pack (checked against rules/schemas/pack.schema.json,
// then compiled) or a programmatic ES module. Every problem becomes a ConfigError whose problems
// are located in the pack file, so `handoff-gate check` prints `pack.yml:12:14: ...`.
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { compileSchema, type ValidateFunction } from '../config/ajv.js';
import { describeErrors, displayName } from '../config/messages.js';
import { readShipped } from '../config/shipped.js';
import type { ConfigProblem } from '../config/types.js';
import { excessiveNesting } from '../sources/data.js';
import { compilePack, type PackOrigin } from './compile.js';
import { parsePackDocument } from './pack-document.js';
import { fileProblem } from './problems.js';
import { loadProgrammaticPack } from './programmatic.js';
import type { LoadedPack } from './types.js';

/** A pack is a few KiB of YAML; anything this large is a mistake or hostile. */
export const MAX_PACK_BYTES = 1024 * 1024;
/** Flow-style nesting deeper than this is refused before parsing (matchers need a handful). */
const MAX_PACK_NESTING = 64;

export const DECLARATIVE_EXTENSIONS = ['.yml', '.yaml', '.json'];
export const PROGRAMMATIC_EXTENSIONS = ['.mjs', '.js'];

let validator: ValidateFunction | undefined;

export function packSchema(): Record<string, unknown> {
  return JSON.parse(readShipped('schemas/pack.schema.json')) as Record<string, unknown>;
}

/** Whether parsed YAML is a rule pack (rather than a config-format pack like `strict`). */
export function isRulePackData(data: Record<string, unknown>): boolean {
  return Array.isArray(data.rules) || 'engine' in data || ('name' in data && 'version' in data);
}

export interface LoadOptions extends PackOrigin {
  /** How problems name the file. */
  display: string;
}

/** Load a pack file from disk by its extension. Throws ConfigError (located) when it cannot be used. */
export async function loadPackFile(path: string, opts: LoadOptions): Promise<LoadedPack> {
  const extension = extname(path).toLowerCase();
  if (PROGRAMMATIC_EXTENSIONS.includes(extension)) {
    const pack = await loadProgrammaticPack(path, opts.display, opts.source, opts.url);
    return {
      ...pack,
      dir: dirname(path),
      fixtures: pack.fixtures ?? join(dirname(path), 'fixtures'),
    };
  }
  if (!DECLARATIVE_EXTENSIONS.includes(extension)) {
    throw fileProblem(
      opts.display,
      `a pack file is YAML (.yml, .yaml), JSON (.json) or an ES module (.mjs, .js); '${extension || path}' is none of these`,
    );
  }
  const text = await readPackText(path, opts.display);
  return loadDeclarativePack(text, { ...opts, path });
}

/** Read a pack file: a regular file, at most MAX_PACK_BYTES, text. */
export async function readPackText(path: string, display: string): Promise<string> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw fileProblem(display, 'the pack path is not a file');
    size = stats.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fileProblem(
      display,
      code === 'ENOENT'
        ? 'pack file not found'
        : `pack file cannot be read (${code ?? String(error)})`,
    );
  }
  if (size > MAX_PACK_BYTES)
    throw fileProblem(display, `pack file is ${size} bytes; the limit is ${MAX_PACK_BYTES} bytes`);
  const text = await readFile(path, 'utf8');
  if (text.includes('\0')) throw fileProblem(display, 'pack file is binary, not YAML or JSON text');
  return text;
}

/**
 * A declarative pack from text in hand (a local file, a package file, a remote fetch): parsed,
 * validated against the pack schema, compiled. With `opts.path`, its folder and fixtures folder
 * are set too.
 */
export async function loadDeclarativePack(text: string, opts: LoadOptions): Promise<LoadedPack> {
  const nested = excessiveNesting(text, MAX_PACK_NESTING, false);
  if (nested !== -1) {
    throw fileProblem(
      opts.display,
      `the pack is nested more than ${MAX_PACK_NESTING} levels deep; not read`,
    );
  }
  const parsed = parsePackDocument(
    text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
    opts.display,
  );
  if (parsed.problems.length) throw new ConfigError(parsed.problems);
  const document = parsed.document;
  if (document.value === null)
    throw fileProblem(
      opts.display,
      'the pack file is empty; a pack needs name, version, engine and rules',
    );

  validator ??= compileSchema(packSchema(), { useDefaults: false });
  if (!validator(document.value)) {
    const problems = describeErrors(validator.errors ?? []).map(({ path, at, message }) => ({
      file: document.file,
      ...document.locate(path, at),
      key: displayName('', path),
      message: message.replace(/^the configuration\b/, 'the pack'),
    }));
    throw new ConfigError(problems);
  }
  const problems: ConfigProblem[] = [];
  const pack = await compilePack(document, opts, problems);
  if (!pack || problems.length) throw new ConfigError(problems);
  if (opts.path === undefined) return pack;
  const dir = dirname(opts.path);
  const fixtures = typeof document.data.fixtures === 'string' ? document.data.fixtures : 'fixtures';
  return { ...pack, dir, fixtures: join(dir, fixtures) };
}
