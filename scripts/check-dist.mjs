// `npm run dist:check`: rebuild dist/ and fail when it differs from what git has, naming the
// files. CI runs it so the committed bundle is always the one the sources produce.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ROOT } from './build.mjs';

const STATUS = {
  M: 'modified',
  A: 'added',
  D: 'deleted',
  R: 'renamed',
  T: 'type changed',
  '?': 'not committed',
};

function git(args, cwd) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Paths under `dir` whose working-tree content differs from git (modified, new or deleted),
 * each with a short description of how.
 */
export function dirtyFiles(cwd, dir = 'dist') {
  const out = git(['status', '--porcelain=v1', '--untracked-files=all', '--', dir], cwd);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const code = line.slice(0, 2).trim()[0] ?? '?';
      return { path: line.slice(3), change: STATUS[code] ?? `status ${line.slice(0, 2)}` };
    });
}

/** Returns the exit code: 0 clean, 1 differs, 2 cannot check. `rebuild` is replaceable for tests. */
export async function checkDist({
  cwd = ROOT,
  rebuild = () => build({ cwd }),
  log = console.log,
  error = console.error,
} = {}) {
  try {
    git(['rev-parse', '--is-inside-work-tree'], cwd);
  } catch {
    error('dist:check needs a git work tree to compare against');
    return 2;
  }
  await rebuild();
  const dirty = dirtyFiles(cwd);
  if (dirty.length === 0) {
    log('dist/ matches a fresh build');
    return 0;
  }
  error(`dist/ differs from a fresh build in ${dirty.length} file(s):`);
  for (const { path, change } of dirty) error(`  ${path} (${change})`);
  const stat = git(['diff', '--stat', '--', 'dist'], cwd).trim();
  if (stat) error(`\n${stat}`);
  error('\nRun `npm run build` and commit dist/.');
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  checkDist().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(2);
    },
  );
}
