// Small repositories written from a file map, optionally with a second commit: for tests that
// need one special case rather than a whole fixture repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Files = Record<string, string | Buffer>;

function write(root: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function git(root: string, args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.com', ...args],
    { cwd: root, encoding: 'utf8' },
  ).trim();
}

export interface TempRepo {
  root: string;
  base?: string;
  cleanup(): void;
}

/** A repository with `base` committed and `head` (when given) committed on top. */
export function tempRepo(base: Files, head?: Files): TempRepo {
  const root = mkdtempSync(join(tmpdir(), 'handoff-temp-'));
  write(root, base);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'base']);
  const repo: TempRepo = { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
  if (head) {
    repo.base = git(root, ['rev-parse', 'HEAD']);
    write(root, head);
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'head']);
  }
  return repo;
}
