// Local rule packs as the base commit has them, for the policy a pull request is judged by: a
// PR that edits `./packs/team.yml` to relax a rule is still judged by the base's copy. Declarative
// packs (YAML, JSON) are read through the base-commit reader and built the way the packs module
// builds them; everything else (installed packages, `github:` packs pinned to a commit, which the
// base config names) goes to the checkout's resolver. A programmatic pack (an ES module with its
// own imports) cannot be loaded from git: it is loaded from the checkout, and when the PR changed
// it the caller is told, so the run can say so.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PackError } from '../config/errors.js';
import type { Pack, PackResolver } from '../config/types.js';
import { DECLARATIVE_EXTENSIONS, MAX_PACK_BYTES, PROGRAMMATIC_EXTENSIONS } from '../packs/load.js';
import { PACK_FILE_NAMES, isLocalPath, packFromText } from '../packs/resolve.js';
import type { RevisionReader } from './policy.js';

export interface BasePackOptions {
  /** Absolute repository root. */
  root: string;
  /** Reads files at the base commit. */
  read: RevisionReader;
  /** The checkout's resolver, for packages, remote packs and modules. */
  head: PackResolver;
  /** Told of a local module pack the PR changed (it is loaded from the checkout). */
  onChangedModule?: (entry: string) => void;
}

export function basePackResolver(options: BasePackOptions): PackResolver {
  const loaded = new Map<string, Promise<Pack | undefined>>();
  return (entry, from) => {
    if (!isLocalPath(entry)) return options.head(entry, from);
    const path = repositoryPath(options.root, entry);
    let pack = loaded.get(path);
    if (!pack) {
      pack = resolveLocal(options, entry, path, from);
      loaded.set(path, pack);
    }
    return pack;
  };
}

async function resolveLocal(
  options: BasePackOptions,
  entry: string,
  path: string,
  from: Parameters<PackResolver>[1],
): Promise<Pack | undefined> {
  const extension = extname(path).toLowerCase();
  const candidates =
    DECLARATIVE_EXTENSIONS.includes(extension) || PROGRAMMATIC_EXTENSIONS.includes(extension)
      ? [path]
      : PACK_FILE_NAMES.map((name) => `${path}/${name}`);
  for (const candidate of candidates) {
    const text = await readAtBase(options.read, candidate);
    if (text === undefined) continue;
    if (PROGRAMMATIC_EXTENSIONS.includes(extname(candidate).toLowerCase())) {
      const head = await readFile(join(options.root, candidate), 'utf8').catch(() => undefined);
      if (head !== text) options.onChangedModule?.(entry);
      return options.head(entry, from);
    }
    return packFromText(text, `./${candidate}`, candidate);
  }
  throw new PackError(
    `pack '${entry}' is not in the base commit (paths in extends are relative to the repository root)`,
  );
}

async function readAtBase(read: RevisionReader, path: string): Promise<string | undefined> {
  let text: string | undefined;
  try {
    text = await read(path);
  } catch (error) {
    throw new PackError(
      `pack '${path}' at the base commit: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (text === undefined) return undefined;
  if (text.length > MAX_PACK_BYTES) {
    throw new PackError(`pack '${path}' is over ${MAX_PACK_BYTES} bytes at the base commit`);
  }
  if (text.includes('\0')) throw new PackError(`pack '${path}' is binary at the base commit`);
  return text;
}

/** The root-relative `/` path of a local entry; entries leaving the repository are refused. */
function repositoryPath(root: string, entry: string): string {
  const absolute = isAbsolute(entry) ? entry : resolve(root, entry);
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new PackError(
      `pack '${entry}' is outside the repository; a pack must be a file in the repository, a package or a github: pack`,
    );
  }
  return rel.split(sep).join('/');
}
