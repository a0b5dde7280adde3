// Lock files: which exact version each package resolves to. uv.lock, poetry.lock, pdm.lock and
// pylock.toml (PEP 751) are TOML with `[[package]]`/`[[packages]]` arrays; Pipfile.lock is JSON.
import { normalizeName } from './names.js';

export type LockKind = 'uv' | 'poetry' | 'pdm' | 'pylock' | 'pipfile';

export interface LockedPackage {
  name: string;
  version?: string;
}

export interface LockFile {
  file: string;
  kind: LockKind;
  /** Keyed by normalised name. */
  packages: Map<string, LockedPackage>;
}

const LOCK_NAMES: [RegExp, LockKind][] = [
  [/^uv\.lock$/, 'uv'],
  [/^poetry\.lock$/, 'poetry'],
  [/^pdm\.lock$/, 'pdm'],
  [/^pylock(\.[^.]+)?\.toml$/, 'pylock'],
  [/^Pipfile\.lock$/, 'pipfile'],
];

export function lockKind(basename: string): LockKind | undefined {
  return LOCK_NAMES.find(([pattern]) => pattern.test(basename))?.[1];
}

/** Read a lock from its parsed TOML (or JSON for Pipfile.lock); unknown shapes give an empty lock. */
export function readLock(file: string, kind: LockKind, value: unknown): LockFile {
  const lock: LockFile = { file, kind, packages: new Map() };
  const add = (name: unknown, version: unknown): void => {
    if (typeof name !== 'string' || name === '') return;
    const entry: LockedPackage = { name };
    if (typeof version === 'string') entry.version = version.replace(/^==/, '');
    lock.packages.set(normalizeName(name), entry);
  };
  if (value === null || typeof value !== 'object') return lock;
  const root = value as Record<string, unknown>;
  if (kind === 'pipfile') {
    for (const [section, packages] of Object.entries(root)) {
      if (section === '_meta' || packages === null || typeof packages !== 'object') continue;
      for (const [name, spec] of Object.entries(packages as Record<string, unknown>)) {
        const version =
          spec !== null && typeof spec === 'object'
            ? (spec as Record<string, unknown>)['version']
            : undefined;
        add(name, version);
      }
    }
    return lock;
  }
  const list = root[kind === 'pylock' ? 'packages' : 'package'];
  if (!Array.isArray(list)) return lock;
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    add(entry['name'], entry['version']);
  }
  return lock;
}

/** Which lock kinds can lock which manifest. */
export function locksFor(manifest: 'pyproject' | 'pipfile' | 'poetry'): LockKind[] {
  if (manifest === 'pipfile') return ['pipfile'];
  if (manifest === 'poetry') return ['poetry', 'uv', 'pdm', 'pylock'];
  return ['uv', 'poetry', 'pdm', 'pylock'];
}
