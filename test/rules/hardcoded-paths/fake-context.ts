// An in-memory RuleContext for unit-testing the rule on small `.py`, YAML and JSON texts without
// the workspace and sources layers: `.py` files become one code unit parsed by the real
// tree-sitter loader (src/sources/python.ts); YAML and JSON go through the same libraries.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import type {
  CodeDocument,
  CodeUnit,
  Magic,
  Report,
  RuleContext,
  Sources,
} from '../../../src/engine/types.js';
import { parsePython } from '../../../src/sources/python.js';

export interface FakeRun {
  ctx: RuleContext<Record<string, unknown>>;
  reports: Report[];
  /** Files the rule asked to parse (code, tree, yaml or json). */
  parsed: Set<string>;
}

export function fakeContext(
  files: Record<string, string>,
  opts: {
    strict?: boolean;
    options?: Record<string, unknown>;
    magics?: Record<string, Magic[]>;
  } = {},
): FakeRun {
  const reports: Report[] = [];
  const parsed = new Set<string>();
  const position = (file: string, offset: number) => {
    const before = (files[file] ?? '').slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const sources: Sources = {
    bytes: (file) => (file in files ? Buffer.from(files[file], 'utf8') : undefined),
    text: (file) => files[file],
    code(file): CodeDocument | undefined {
      if (!(file in files)) return undefined;
      parsed.add(file);
      const unit: CodeUnit = {
        file,
        text: files[file],
        magics: opts.magics?.[file] ?? [],
        locate: (row, column, endRow, endColumn) => ({
          file,
          line: row + 1,
          column: column + 1,
          ...(endRow === undefined ? {} : { endLine: endRow + 1 }),
          ...(endColumn === undefined ? {} : { endColumn: endColumn + 1 }),
        }),
      };
      return { file, kind: 'python', units: [unit] };
    },
    tree: (unit) => {
      parsed.add(unit.file);
      return parsePython(unit.text);
    },
    yaml(file) {
      parsed.add(file);
      const docs = parseAllDocuments(files[file]);
      return Array.isArray(docs) && docs.every((d) => d.errors.length === 0) ? docs : undefined;
    },
    json(file) {
      parsed.add(file);
      const errors: ParseError[] = [];
      const root: JsonNode | undefined = parseTree(files[file], errors);
      return errors.length ? undefined : root;
    },
    toml: () => undefined,
    position,
  };
  const ctx: RuleContext<Record<string, unknown>> = {
    root: '/repo',
    files: Object.keys(files).map((path) => ({ path, size: files[path].length })),
    allFiles: Object.keys(files).map((path) => ({ path, size: files[path].length })),
    options: { allow: [], deny: [], ...(opts.options ?? {}) },
    severity: 'warning',
    sources,
    strict: opts.strict ?? false,
    base: async () => undefined,
    shared: <T>(_key: string, compute: () => T) => compute(),
    report: (report) => reports.push(report),
    parseError: () => undefined,
  };
  return { ctx, reports, parsed };
}
