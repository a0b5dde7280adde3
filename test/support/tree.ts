// Build small file trees and git repositories in temporary folders, for any test that needs a
// repository on disk.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Make git ignore the machine's global and system config, so tests see only their own. */
export function isolateGit(): void {
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
}

/** A fresh temporary folder (outside any repository) and its cleanup. */
export function tempFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** File contents by relative path; a number is a byte count to fill. */
export type FileTree = Record<string, string | Buffer | number>;

/** Write files given as { 'relative/path': content }; content may be a byte count to fill. */
export function writeTree(root: string, files: FileTree): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, typeof content === 'number' ? Buffer.alloc(content, 0x61) : content);
  }
}

/** A fresh temporary folder holding `files`; the caller removes it (or leaves it to the OS). */
export function tempTree(prefix: string, files: FileTree): string {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  writeTree(root, files);
  return root;
}

export function runGit(cwd: string, args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
}

/** `git init`, add everything, commit; returns the commit id. */
export function initRepository(root: string): string {
  runGit(root, ['init', '-q']);
  runGit(root, ['add', '-A']);
  runGit(root, ['commit', '-q', '-m', 'initial']);
  return runGit(root, ['rev-parse', 'HEAD']).trim();
}
