// A RuleContext over in-memory `.py` files, for analysis tests that do not need the whole engine.
import type { Tree } from 'web-tree-sitter';
import type {
  Finding,
  Report,
  RuleContext,
  Sources,
  WorkspaceFile,
} from '../../src/engine/types.js';
import { parsePython } from '../../src/sources/python.js';
import { pyDoc } from './helpers.js';

export interface FakeContext extends RuleContext<Record<string, unknown>> {
  reports: Report[];
}

export function fakeContext(
  files: Record<string, string>,
  options: Record<string, unknown> = {},
): FakeContext {
  const list: WorkspaceFile[] = Object.entries(files).map(([path, text]) => ({
    path,
    size: text.length,
  }));
  const docs = new Map(
    Object.entries(files)
      .filter(([p]) => p.endsWith('.py'))
      .map(([p, t]) => [p, pyDoc(p, t)]),
  );
  const trees = new Map<string, Promise<Tree>>();
  const sources: Sources = {
    bytes: (file) => (file in files ? Buffer.from(files[file]) : undefined),
    text: (file) => files[file],
    code: (file) => docs.get(file),
    tree: (unit) => {
      const key = `${unit.file}#${unit.cellIndex ?? ''}`;
      let tree = trees.get(key);
      if (!tree) {
        tree = parsePython(unit.text);
        trees.set(key, tree);
      }
      return tree;
    },
    yaml: () => undefined,
    json: () => undefined,
    toml: () => undefined,
    position: () => ({ line: 1, column: 1 }),
  };
  const shared = new Map<string, unknown>();
  const reports: Report[] = [];
  return {
    root: '/fake',
    files: list,
    allFiles: list,
    options,
    severity: 'error',
    sources,
    strict: false,
    base: async () => undefined,
    shared<T>(key: string, compute: () => T): T {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
    report: (r) => void reports.push(r),
    parseError: () => undefined,
    reports,
  };
}

/** A fake context over a directory on disk (`.py` files only). */
export async function diskContext(root: string): Promise<FakeContext> {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join, relative } = await import('node:path');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (name.endsWith('.py') && st.size < 2_000_000)
        files[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return fakeContext(files);
}

export type { Finding };
