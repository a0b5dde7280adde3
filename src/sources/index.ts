// Lazily computed, cached views of workspace files, shared by every rule of a run. Each parsed view
// (code, tree, YAML, JSON, TOML) is computed at most once, and each file's parse error is reported
// once, to whichever rule asked first. Raw bytes and decoded text are kept within a memory budget:
// in a repository larger than that, files that did not fit are read again when asked again.
import type { Node as JsonNode } from 'jsonc-parser';
import type { Tree } from 'web-tree-sitter';
import type { Document } from 'yaml';
import type { SkippedFile } from '../engine/result.js';
import type {
  CodeDocument,
  CodeUnit,
  ParseErrorReport,
  Sources,
  WorkspaceFile,
} from '../engine/types.js';
import { notebookDocument, pythonDocument } from './code.js';
import { parseJson, parseToml, parseYaml, type Parsed } from './data.js';
import { WorkspaceReader, type Retention } from './files.js';
import { LineIndex } from './lines.js';
import { NotebookParseError } from './notebook.js';
import { firstSyntaxError, parsePython } from './python.js';
import { RetainingCache } from './retention.js';

/** Decoded text is kept like raw bytes are (see files.ts). */
const DEFAULT_TEXT_RETENTION: Retention = { fileLimit: 16 * 1024 * 1024, total: 64 * 1024 * 1024 };

interface Cache<T> {
  has(key: string): boolean;
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export interface SourcesOptions {
  /** Files larger than this many bytes are skipped as `too-large`. */
  maxFileSize: number;
  /** The run's skipped list: binary, too-large and unreadable files are appended once each. */
  skipped: SkippedFile[];
  /** Called at most once per file, for the first problem parsing it. */
  onParseError: (error: ParseErrorReport) => void;
  /** How much raw content is kept between requests; the defaults suit any repository. */
  retention?: { bytes?: Retention; text?: Retention };
}

/** The run's sources, with what the engine may ask beyond the rule contract. */
export interface RunSources extends Sources {
  /** Whether `code(file)` has been computed already (a cheap question; it computes nothing). */
  hasCode(file: string): boolean;
}

export function createSources(
  root: string,
  files: readonly WorkspaceFile[],
  opts: SourcesOptions,
): RunSources {
  const reader = new WorkspaceReader(root, files, { ...opts, retention: opts.retention?.bytes });
  const textRetention = opts.retention?.text ?? DEFAULT_TEXT_RETENTION;
  const texts = new RetainingCache<string | undefined>(
    textRetention.fileLimit,
    textRetention.total,
    (value) => value?.length ?? 0,
  );
  const lineIndexes = new Map<string, LineIndex>();
  const codes = new Map<string, CodeDocument | undefined>();
  const yamls = new Map<string, Document.Parsed[] | undefined>();
  const jsons = new Map<string, JsonNode | undefined>();
  const tomls = new Map<string, Record<string, unknown> | undefined>();
  const trees = new WeakMap<CodeUnit, Promise<Tree | undefined>>();
  const reported = new Set<string>();

  const parseError = (error: ParseErrorReport) => {
    if (reported.has(error.file)) return;
    reported.add(error.file);
    opts.onParseError(error);
  };

  const once = <T>(cache: Cache<T>, file: string, compute: () => T): T => {
    if (cache.has(file)) return cache.get(file) as T;
    const value = compute();
    cache.set(file, value);
    return value;
  };

  const text = (file: string): string | undefined =>
    once(texts, file, () => {
      const bytes = reader.read(file);
      if (!bytes) return undefined;
      const decoded = bytes.toString('utf8');
      return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    });

  const lineIndex = (file: string): LineIndex | undefined => {
    const cached = lineIndexes.get(file);
    if (cached) return cached;
    const t = text(file);
    if (t === undefined) return undefined;
    const index = new LineIndex(t);
    lineIndexes.set(file, index);
    return index;
  };

  /** Parse a data file once; a failure becomes the file's parse error. */
  const data = <T>(
    cache: Map<string, T | undefined>,
    file: string,
    parse: (index: LineIndex) => Parsed<T>,
  ): T | undefined =>
    once(cache, file, () => {
      const index = lineIndex(file);
      if (!index) return undefined;
      const result = parse(index);
      if (result.ok) return result.value;
      parseError({ file, ...result.error });
      return undefined;
    });

  const code = (file: string): CodeDocument | undefined =>
    once(codes, file, () => {
      const lower = file.toLowerCase();
      if (lower.endsWith('.py')) {
        const t = text(file);
        return t === undefined ? undefined : pythonDocument(file, t);
      }
      if (lower.endsWith('.ipynb')) {
        const bytes = reader.read(file);
        if (!bytes) return undefined;
        try {
          return notebookDocument(file, bytes);
        } catch (err) {
          if (!(err instanceof NotebookParseError)) throw err;
          parseError({
            file,
            line: err.line,
            column: err.column,
            message: `invalid notebook: ${err.message}`,
          });
          return undefined;
        }
      }
      return undefined;
    });

  const tree = (unit: CodeUnit): Promise<Tree | undefined> => {
    let cached = trees.get(unit);
    if (!cached) {
      cached = parsePython(unit.text).then((parsed) => {
        const error = firstSyntaxError(parsed);
        if (error) {
          const at = unit.locate(error.row, error.column);
          const where = at.cell ? ` in cell ${at.cell.index}, line ${at.cell.line}` : '';
          parseError({
            file: unit.file,
            line: at.line,
            column: at.column,
            message: `Python syntax error${where}: ${error.message}`,
          });
        }
        return parsed;
      });
      trees.set(unit, cached);
    }
    return cached;
  };

  return {
    bytes: (file) => reader.read(file),
    text,
    code,
    hasCode: (file) => codes.has(file),
    tree,
    yaml: (file) => data(yamls, file, parseYaml),
    json: (file) => data(jsons, file, parseJson),
    toml: (file) => data(tomls, file, parseToml),
    position(file, offset) {
      const index = lineIndex(file);
      return index ? index.position(offset) : { line: 1, column: 1 };
    },
  };
}

export { parsePython, firstSyntaxError } from './python.js';
export { scanNotebook, isPythonLanguage, NotebookParseError } from './notebook.js';
export type { NotebookCell, ScannedNotebook } from './notebook.js';
export { blankIPython, databricksMagics } from './magics.js';
export { LineIndex } from './lines.js';
