// The end-to-end tests run the committed bundle, as the runner does. CI rebuilds dist/ before
// the tests and checks it matches the commit, so the tests never rebuild a bundle that exists:
// after changing src/, run `npm run build` (or `npm run all`) before them. When dist/ is missing
// it is built once, under a lock, and each test file runs from a private copy so a concurrent
// rebuild can never hand it a half-written bundle.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const COMPLETE = [
  'index.js',
  'cli.js',
  'package.json',
  'web-tree-sitter.wasm',
  'tree-sitter-python.wasm',
  'rules',
];

export interface BuiltDist {
  index: string;
  cli: string;
  dir: string;
}

export function builtDist(): BuiltDist {
  if (!isComplete(DIST)) buildUnderLock();
  const dir = join(mkdtempSync(join(tmpdir(), 'hg-dist-')), 'dist');
  cpSync(DIST, dir, { recursive: true });
  if (!isComplete(dir)) throw new Error('dist/ is incomplete: run npm run build');
  return { index: join(dir, 'index.js'), cli: join(dir, 'cli.js'), dir };
}

function isComplete(dir: string): boolean {
  return COMPLETE.every((name) => existsSync(join(dir, name)));
}

function buildUnderLock(): void {
  const lock = join(tmpdir(), 'handoff-gate-build.lock');
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120) throw new Error(`build lock ${lock} held for over 10 minutes`);
      execFileSync('sleep', ['5']);
      if (isComplete(DIST)) return;
    }
  }
  try {
    if (!isComplete(DIST))
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 600_000 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
