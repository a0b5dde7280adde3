// Files handoff-gate ships in its `rules/` folder (packs and JSON Schemas), read at run time.
// The folder sits at the package root: two levels above this module in the source tree, one
// above the bundle in dist/ or the launcher in bin/. Looking upward from this module, then from
// the running script (in case a bundler rewrote import.meta.url), finds it from any of them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LEVELS_UP = 4;
const cache = new Map<string, string>();

function origins(): string[] {
  const found = [dirname(fileURLToPath(import.meta.url))];
  if (process.argv[1]) found.push(dirname(resolve(process.argv[1])));
  return found;
}

/** Absolute path of `rules/<relative>`; throws when the installation is missing it. */
export function shippedPath(relative: string): string {
  for (const origin of origins()) {
    let folder = origin;
    for (let level = 0; level <= MAX_LEVELS_UP; level++) {
      const candidate = join(folder, 'rules', relative);
      if (existsSync(candidate)) return candidate;
      folder = dirname(folder);
    }
  }
  throw new Error(
    `handoff-gate is missing its shipped file rules/${relative} (looked upward from ${origins().join(' and ')})`,
  );
}

/** Text of a shipped file, read once per process. */
export function readShipped(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    text = readFileSync(shippedPath(relative), 'utf8');
    cache.set(relative, text);
  }
  return text;
}
