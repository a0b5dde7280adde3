// Open a pack named on the command line: a pack file, or a folder holding a handoff-pack.* file.
// Paths are relative to the current directory; problems name the file as the user wrote it.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { loadPackFile } from './load.js';
import { fileProblem } from './problems.js';
import { PACK_FILE_NAMES } from './resolve.js';
import type { LoadedPack } from './types.js';

export async function openPack(target: string, cwd = process.cwd()): Promise<LoadedPack> {
  let file = resolve(cwd, target);
  if (!existsSync(file)) throw fileProblem(target, 'pack file not found');
  if (statSync(file).isDirectory()) {
    const found = PACK_FILE_NAMES.map((name) => join(file, name)).find((candidate) =>
      existsSync(candidate),
    );
    if (!found)
      throw fileProblem(target, `the folder holds no pack file (${PACK_FILE_NAMES.join(', ')})`);
    file = found;
  }
  const shown = relative(cwd, file);
  const display = shown.startsWith('..') || shown === '' ? file : shown.split(sep).join('/');
  return loadPackFile(file, { source: target, display, path: file });
}
