// Path helpers for files the user names (config files, packs): how to show them and whether
// they stay inside a folder once symbolic links are resolved.
import { isAbsolute, relative, sep } from 'node:path';

/** Root-relative with `/` when inside the root, else the path as given. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** Whether `target` is `folder` itself or below it (both absolute, already resolved). */
export function isInside(folder: string, target: string): boolean {
  return target === folder || target.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
