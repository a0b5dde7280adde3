// Python parsing with web-tree-sitter and tree-sitter-python's own wasm (ABI 15).
// The runtime is initialised once per process and shared by every parse.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TreeSitter from 'web-tree-sitter';
import type { Language, Parser, Tree } from 'web-tree-sitter';

import webTreeSitter from './web-tree-sitter.cjs';

// A static import of the shim: the bundler follows it and bundles the package's .cjs build.
const ts = webTreeSitter as typeof TreeSitter;
const require = createRequire(import.meta.url);

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

/**
 * Find a wasm file: beside the running bundle first (dist/), then in node_modules.
 * The node_modules lookup goes through a computed specifier so the bundler leaves it alone.
 */
export function locateWasm(file: string, pkg: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, file);
  if (existsSync(beside)) return beside;
  const specifier = [pkg, file].join('/');
  try {
    return require.resolve(specifier);
  } catch {
    throw new Error(`cannot find ${file}: looked in ${here} and in the ${pkg} package`);
  }
}

interface Runtime {
  language: Language;
  parser: Parser;
}

let runtime: Promise<Runtime> | undefined;

async function loadRuntime(): Promise<Runtime> {
  const runtimeWasm = readFileSync(locateWasm(RUNTIME_WASM, 'web-tree-sitter'));
  await ts.Parser.init({ wasmBinary: runtimeWasm });
  const language = await ts.Language.load(
    readFileSync(locateWasm(PYTHON_WASM, 'tree-sitter-python')),
  );
  const parser = new ts.Parser();
  parser.setLanguage(language);
  return { language, parser };
}

/** The shared tree-sitter runtime and Python language, initialised on first call. */
export function pythonRuntime(): Promise<Runtime> {
  if (!runtime) {
    runtime = loadRuntime();
    // A failed init (missing wasm) must not poison later attempts with a cached rejection.
    runtime.catch(() => {
      runtime = undefined;
    });
  }
  return runtime;
}

/** Parse Python source. Never returns a partial failure: syntax errors become ERROR/MISSING nodes. */
export async function parsePython(text: string): Promise<Tree> {
  const { parser } = await pythonRuntime();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The first syntax error of a tree, in document order, with 0-based positions in the text. */
export interface SyntaxErrorAt {
  row: number;
  column: number;
  endRow: number;
  endColumn: number;
  message: string;
}

/**
 * Find the first ERROR or MISSING node. Only subtrees that contain an error are entered, so a
 * clean tree costs one check.
 */
export function firstSyntaxError(tree: Tree): SyntaxErrorAt | undefined {
  const root = tree.rootNode;
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isMissing || node.isError) {
        const start = node.startPosition;
        const end = node.endPosition;
        return {
          row: start.row,
          column: start.column,
          endRow: end.row,
          endColumn: end.column,
          message: node.isMissing
            ? `expected ${describeMissing(node.type)}`
            : unexpected(node.text),
        };
      }
      // Enter a subtree only if it holds an error; otherwise move past it.
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}

function describeMissing(type: string): string {
  return /^[A-Za-z_]+$/.test(type) && type.length > 2 ? `${type.replace(/_/g, ' ')}` : `'${type}'`;
}

function unexpected(text: string): string {
  const firstLine = text.split('\n')[0].trim();
  if (firstLine === '') return 'invalid syntax';
  const snippet = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
  return `invalid syntax at '${snippet}'`;
}
