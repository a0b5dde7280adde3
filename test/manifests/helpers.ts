// A ManifestContext over a folder on disk, built from the real workspace discovery and sources.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ParseErrorReport } from '../../src/engine/types.js';
import type { ManifestContext } from '../../src/manifests/index.js';
import { createSources } from '../../src/sources/index.js';
import { discoverWorkspace } from '../../src/workspace/discover.js';

export interface TestContext extends ManifestContext {
  parseErrors: ParseErrorReport[];
}

export async function manifestContext(root: string): Promise<TestContext> {
  const workspace = await discoverWorkspace(root, { maxFileSize: 5 * 1024 * 1024 });
  const parseErrors: ParseErrorReport[] = [];
  const shared = new Map<string, unknown>();
  const sources = createSources(root, workspace.files, {
    maxFileSize: 5 * 1024 * 1024,
    skipped: [],
    onParseError: (error) => parseErrors.push(error),
  });
  return {
    allFiles: workspace.files,
    sources,
    parseErrors,
    shared<T>(key: string, compute: () => T): T {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
    parseError: (error) => parseErrors.push(error),
  };
}

/** Write files into a fresh temporary folder and return its path. */
export function tempRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'handoff-manifests-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
