// Read a contract: YAML with positions, validated against rules/schemas/contract.schema.json,
// then turned into ModelContracts with repository-relative paths. Every problem carries the
// file, line and column of the offending key or value.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { posix } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import contractSchema from '../../rules/schemas/contract.schema.json' with { type: 'json' };
import { locateInYaml, MAX_NESTING, nestingDepth, type PointerPath } from './locate.js';
import {
  DEFAULT_MAX_OUTPUT,
  DEFAULT_TIMEOUT_SECONDS,
  type CallableDecl,
  type ContractFile,
  type ContractLocation,
  type ContractProblem,
  type InterfaceDecl,
  type ModelContract,
  type ParamDecl,
  type PredictDecl,
  type SchemaSourceDecl,
} from './types.js';

const validateContract = new Ajv2020.default({ allErrors: true, strict: false }).compile(
  contractSchema,
);

/** Where things are in the text a contract came from. */
interface Locator {
  file: string;
  at(path: PointerPath, key?: boolean): ContractLocation;
}

function yamlLocator(file: string, doc: Document, counter: LineCounter): Locator {
  return {
    file,
    at(path, key = false) {
      const { offset } = locateInYaml(doc, path, key);
      const pos = counter.linePos(offset);
      return { file, line: pos.line, column: pos.col };
    },
  };
}

function fixedLocator(where: ContractLocation): Locator {
  return { file: where.file, at: () => ({ ...where }) };
}

/** A contract file that yields no models, for one problem (at its first line unless given). */
export function unusableContract(
  file: string,
  message: string,
  at: { line: number; column: number } = { line: 1, column: 1 },
): ContractFile {
  return { file, models: [], problems: [{ file, ...at, message }] };
}

/** Parse and validate a contract file's text. */
export function loadContractText(file: string, text: string): ContractFile {
  if (nestingDepth(text) > MAX_NESTING) {
    return unusableContract(file, `the contract is nested more than ${MAX_NESTING} levels deep`);
  }
  const counter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    return unusableContract(file, String(error));
  }
  if (!Array.isArray(docs) || docs.length === 0) {
    return unusableContract(file, 'the contract file is empty');
  }
  const problems: ContractProblem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
      problems.push({
        file,
        line: pos.line,
        column: pos.col,
        message: `YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`,
      });
    }
  }
  if (problems.length) return { file, models: [], problems };
  if (docs.length > 1) {
    const pos = counter.linePos(docs[1].range[0]);
    return unusableContract(
      file,
      'a contract file holds one YAML document; put every model under `models:`',
      { line: pos.line, column: pos.col },
    );
  }
  let value: unknown;
  try {
    value = docs[0].toJS({ maxAliasCount: 100 });
  } catch (error) {
    return unusableContract(file, `YAML: ${(error as Error).message}`);
  }
  return buildContract(value, yamlLocator(file, docs[0], counter), posix.dirname(file));
}

/**
 * An inline contract from the config's `contracts:` list: a whole contract (`models: [...]`) or
 * one model. Paths in it are relative to the repository root.
 */
export function loadInlineContract(value: unknown, where: ContractLocation): ContractFile {
  const wrapped =
    value && typeof value === 'object' && !Array.isArray(value) && !('models' in value)
      ? { models: [value] }
      : value;
  return buildContract(wrapped, fixedLocator(where), '.');
}

function buildContract(value: unknown, loc: Locator, dir: string): ContractFile {
  const file = loc.file;
  if (!validateContract(value)) {
    return { file, models: [], problems: schemaProblems(validateContract.errors ?? [], loc) };
  }
  const problems: ContractProblem[] = [];
  const raw = value as { models: Record<string, unknown>[] };
  const models = raw.models.map((model, index) => buildModel(model, index, loc, dir, problems));
  return { file, models, problems };
}

/** ajv errors → one clear problem per place, preferring the most specific error there. */
function schemaProblems(errors: ErrorObject[], loc: Locator): ContractProblem[] {
  const isModel = (e: ErrorObject) => /^\/models\/\d+$/.test(e.instancePath);
  // A model's "needs one of" rule reports as one sentence, not four missing keys.
  const modelNeedsOne = (e: ErrorObject) =>
    isModel(e) && e.keyword === 'anyOf' && e.schemaPath === '#/anyOf';
  const relevant = errors.filter((e) => !(isModel(e) && e.schemaPath.startsWith('#/anyOf/')));
  // A branch of oneOf that failed on type at a parent, while another branch got deeper, is noise.
  const branchNoise = (e: ErrorObject) =>
    (['oneOf', 'anyOf', 'type'].includes(e.keyword) &&
      !modelNeedsOne(e) &&
      relevant.some((o) => o.instancePath.startsWith(`${e.instancePath}/`))) ||
    (['oneOf', 'anyOf'].includes(e.keyword) &&
      !modelNeedsOne(e) &&
      relevant.some(
        (o) => o !== e && o.instancePath === e.instancePath && o.keyword !== e.keyword,
      )) ||
    // A branch whose type matched said something more specific than the branches that did not.
    (e.keyword === 'type' &&
      relevant.some(
        (o) => o.instancePath === e.instancePath && !['type', 'oneOf', 'anyOf'].includes(o.keyword),
      ));
  const byPlace = new Map<string, string[]>();
  for (const e of relevant.filter((e) => !branchNoise(e))) {
    const params = e.params as Record<string, unknown>;
    let text = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties')
      text = `unknown key "${String(params.additionalProperty)}"`;
    else if (e.keyword === 'enum')
      text = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    else if (modelNeedsOne(e)) text = 'needs at least one of entrypoint, input, output or mlmodel';
    else if (e.keyword === 'required') text = `is missing "${String(params.missingProperty)}"`;
    else if (e.keyword === 'oneOf' || e.keyword === 'anyOf')
      text = 'does not have any of the accepted shapes';
    const extra = e.keyword === 'additionalProperties' ? String(params.additionalProperty) : '';
    const key = `${e.instancePath}\0${extra}`;
    const list = byPlace.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    byPlace.set(key, list);
  }
  return [...byPlace.entries()].map(([key, texts]) => {
    const [pointer, extra] = key.split('\0');
    const path: PointerPath = pointer.split('/').slice(1).map(unescapePointer);
    if (extra) path.push(extra);
    const at = loc.at(path, Boolean(extra));
    const where = pointer ? displayPath(pointer) : 'the contract';
    const typeTexts = texts.filter((t) => t.startsWith('must be '));
    const merged =
      typeTexts.length > 1
        ? [
            `must be ${typeTexts.map((t) => t.slice('must be '.length)).join(' or ')}`,
            ...texts.filter((t) => !t.startsWith('must be ')),
          ]
        : texts;
    return { ...at, message: `${where}${extra ? ':' : ''} ${merged.join('; ')}` };
  });
}

/** `/models/0/interface` → `models[0].interface`. */
function displayPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(unescapePointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * A contract path → repository-relative path. Relative paths are read from the contract's
 * folder; a leading `/` means the repository root. Undefined when it leaves the repository.
 */
export function resolveContractPath(dir: string, path: string): string | undefined {
  const joined = path.startsWith('/') ? path.slice(1) : posix.join(dir, path);
  const normalised = posix.normalize(joined).replace(/\/$/, '');
  if (normalised === '..' || normalised.startsWith('../') || posix.isAbsolute(normalised))
    return undefined;
  return normalised === '' ? '.' : normalised;
}

/** Split a command string into words: spaces separate, quotes group, no shell expansion. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else if (c === '\\' && i + 1 < command.length) {
      current += command[++i];
      started = true;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

function buildModel(
  model: Record<string, unknown>,
  index: number,
  loc: Locator,
  dir: string,
  problems: ContractProblem[],
): ModelContract {
  const base: PointerPath = ['models', index];
  const at = (...keys: PointerPath) => loc.at([...base, ...keys]);
  const path = (value: string, ...keys: PointerPath): string | undefined => {
    const resolved = resolveContractPath(dir, value);
    if (resolved === undefined) {
      problems.push({ ...at(...keys), message: `path "${value}" leaves the repository` });
    }
    return resolved;
  };

  const result: ModelContract = { file: loc.file, index, name: '', examples: [], at: at() };

  if (typeof model.entrypoint === 'string') {
    const raw = model.entrypoint;
    const cut = raw.lastIndexOf(':');
    const target = raw.slice(0, cut).trim();
    const symbol = raw.slice(cut + 1).trim();
    const isFile = /\.(py|ipynb)$/.test(target) || target.includes('/');
    const resolved = isFile ? path(target, 'entrypoint') : target;
    if (resolved !== undefined) {
      result.entrypoint = {
        target: resolved,
        isModule: !isFile,
        symbol,
        raw,
        at: at('entrypoint'),
      };
    }
  }
  if (model.preset === 'sklearn' || model.preset === 'mlflow-pyfunc') result.preset = model.preset;
  if (model.interface)
    result.interface = buildInterface(model.interface as Record<string, unknown>, (...k) =>
      at('interface', ...k),
    );

  for (const side of ['input', 'output'] as const) {
    const source = model[side];
    if (source === undefined) continue;
    const decl = buildSchemaSource(source, side, dir, at, path);
    if (decl) result[side] = decl;
  }

  const examples =
    typeof model.examples === 'string'
      ? [model.examples]
      : ((model.examples as string[] | undefined) ?? []);
  examples.forEach((pattern, i) => {
    const keys: PointerPath = typeof model.examples === 'string' ? ['examples'] : ['examples', i];
    const resolved = path(pattern, ...keys);
    if (resolved !== undefined) result.examples.push({ pattern: resolved, at: at(...keys) });
  });

  if (model.predict) {
    const p = model.predict as Record<string, unknown>;
    const cwd = path(typeof p.cwd === 'string' ? p.cwd : '.', 'predict', 'cwd');
    const argv = commandOf(p.command);
    if (argv.length === 0)
      problems.push({ ...at('predict', 'command'), message: 'predict.command is empty' });
    else if (cwd !== undefined) {
      const predict: PredictDecl = {
        argv,
        mode: p.mode === 'batch' ? 'batch' : 'per-example',
        timeoutMs: Math.round(
          ((p.timeout as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        ),
        maxOutput: (p.maxOutput as number | undefined) ?? DEFAULT_MAX_OUTPUT,
        cwd,
        env: (p.env as Record<string, string> | undefined) ?? {},
        allowPullRequestTarget: p.allowPullRequestTarget === true,
        at: at('predict'),
      };
      result.predict = predict;
    }
  }

  if (typeof model.mlmodel === 'string') {
    const resolved = path(model.mlmodel, 'mlmodel');
    if (resolved !== undefined) result.mlmodel = { path: resolved, at: at('mlmodel') };
  }

  result.name =
    (typeof model.name === 'string' && model.name) ||
    result.entrypoint?.raw ||
    (result.input?.kind === 'file' ? result.input.path : '') ||
    result.mlmodel?.path ||
    `model ${index + 1}`;
  return result;
}

function commandOf(command: unknown): string[] {
  if (typeof command === 'string') return splitCommand(command);
  return Array.isArray(command) ? command.map(String) : [];
}

function buildSchemaSource(
  source: unknown,
  side: 'input' | 'output',
  dir: string,
  at: (...keys: PointerPath) => ContractLocation,
  path: (value: string, ...keys: PointerPath) => string | undefined,
): SchemaSourceDecl | undefined {
  if (typeof source === 'string') {
    const resolved = path(source, side);
    return resolved === undefined ? undefined : { kind: 'file', path: resolved, at: at(side) };
  }
  const s = source as Record<string, unknown>;
  if ('schema' in s) {
    if (typeof s.schema === 'string') {
      const resolved = path(s.schema, side, 'schema');
      return resolved === undefined
        ? undefined
        : { kind: 'file', path: resolved, at: at(side, 'schema') };
    }
    return {
      kind: 'inline',
      schema: s.schema,
      at: at(side, 'schema'),
      locate: (path) => at(side, 'schema', ...path),
    };
  }
  const cwd = path(typeof s.cwd === 'string' ? s.cwd : '.', side, 'cwd');
  const argv = commandOf(s.command);
  if (cwd === undefined || argv.length === 0) return undefined;
  return {
    kind: 'command',
    argv,
    cwd,
    timeoutMs: Math.round(((s.timeout as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    env: (s.env as Record<string, string> | undefined) ?? {},
    at: at(side, 'command'),
  };
}

function buildInterface(
  raw: Record<string, unknown>,
  at: (...keys: PointerPath) => ContractLocation,
): InterfaceDecl {
  const decl: InterfaceDecl = {
    requireAnnotations: raw.requireAnnotations !== false,
    methods: new Map(),
    at: at(),
  };
  if (raw.match === 'exact' || raw.match === 'compatible') decl.match = raw.match;
  for (const [name, value] of Object.entries(
    (raw.methods as Record<string, unknown> | undefined) ?? {},
  )) {
    decl.methods.set(
      name,
      buildCallable(value, () => at('methods', name)),
    );
  }
  if (raw.signature !== undefined || raw.parameters !== undefined || raw.returns !== undefined) {
    decl.function = buildCallable(
      { signature: raw.signature, parameters: raw.parameters, returns: raw.returns },
      () =>
        at(
          raw.signature !== undefined
            ? 'signature'
            : raw.parameters !== undefined
              ? 'parameters'
              : 'returns',
        ),
    );
  }
  return decl;
}

function buildCallable(value: unknown, at: () => ContractLocation): CallableDecl {
  if (typeof value === 'string') return { signature: value, required: true, at: at() };
  const v = value as Record<string, unknown>;
  const decl: CallableDecl = { required: v.required !== false, at: at() };
  if (typeof v.signature === 'string') decl.signature = v.signature;
  if (Array.isArray(v.parameters)) decl.parameters = v.parameters as ParamDecl[];
  if (typeof v.returns === 'string') decl.returns = v.returns;
  return decl;
}
