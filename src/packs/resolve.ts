// `extends` entries beyond the built-in `recommended` and `strict`:
//   ./path/to/pack.yml  ../x.mjs  /abs   a file (or a folder holding handoff-pack.*) in the repository
//   name  @scope/name  name/sub/file.yml  an installed npm package, from the repository's node_modules
//   github:owner/repo/path.yml@<sha>       a declarative pack on GitHub, pinned to a full commit SHA
// A file is a rule pack (name, version, engine, rules) or a config-format pack (like `strict`);
// both become a layer below the config, and a rule pack's rules are registered for the run.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { PackError } from '../config/errors.js';
import type { ConfigDocument, Pack, PackResolver } from '../config/types.js';
import { parseConfigDocument } from '../config/yaml-document.js';
import {
  isRulePackData,
  loadDeclarativePack,
  loadPackFile,
  readPackText,
  DECLARATIVE_EXTENSIONS,
  PROGRAMMATIC_EXTENSIONS,
} from './load.js';
import {
  defaultCacheDir,
  fetchRemotePack,
  parseRemoteSpec,
  remoteFileUrl,
  REMOTE_PREFIX,
  RemoteFetchError,
  RemoteSpecError,
} from './remote.js';
import { displayPath, isInside } from '../workspace/paths.js';
import type { LoadedPack } from './types.js';

/** File names a folder (or a package without a pack entry) is searched for, in order. */
export const PACK_FILE_NAMES = [
  'handoff-pack.yml',
  'handoff-pack.yaml',
  'handoff-pack.json',
  'handoff-pack.mjs',
  'handoff-pack.js',
];
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;

export interface ResolverOptions {
  /** Absolute repository root: local packs and node_modules are looked up under it. */
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Where remote packs are cached (default from the environment, see defaultCacheDir). */
  cacheDir?: string;
  fetch?: typeof fetch;
}

type Origin = 'local' | 'package' | 'remote';

export function createPackResolver(opts: ResolverOptions): PackResolver {
  const env = opts.env ?? process.env;
  const root = resolve(opts.root);
  // Where each document this resolver produced came from: a remote pack may extend only
  // built-in and other pinned remote packs, never something on this machine.
  const origins = new WeakMap<ConfigDocument, Origin>();
  const loaded = new Map<string, Promise<Pack>>();

  const once = (key: string, origin: Origin, load: () => Promise<Pack>): Promise<Pack> => {
    let pack = loaded.get(key);
    if (!pack) {
      pack = load().then((result) => {
        origins.set(result.document, origin);
        return result;
      });
      loaded.set(key, pack);
    }
    return pack;
  };

  return async (entry, from) => {
    const fromRemote = origins.get(from) === 'remote';
    if (entry.startsWith(REMOTE_PREFIX)) {
      const spec = parseSpec(entry);
      return once(`remote:${spec.text}`, 'remote', async () => {
        let fetched;
        try {
          fetched = await fetchRemotePack(spec, {
            apiUrl: env.GITHUB_API_URL,
            token: env.GITHUB_TOKEN || env['INPUT_GITHUB-TOKEN'] || undefined,
            cacheDir: opts.cacheDir ?? defaultCacheDir(env),
            fetch: opts.fetch,
          });
        } catch (error) {
          if (error instanceof RemoteFetchError) throw new PackError(error.message);
          throw error;
        }
        const url = remoteFileUrl(spec, env.GITHUB_SERVER_URL);
        return packFromText(fetched.text, spec.text, spec.text, { url });
      });
    }
    if (fromRemote) {
      throw new PackError(
        `'${entry}' is extended by a remote pack; remote packs may only extend recommended, strict and other github: packs pinned to a commit`,
      );
    }
    if (isLocalPath(entry)) {
      const file = localPackFile(root, entry);
      const display = displayPath(root, file);
      return once(`file:${file}`, 'local', () =>
        fromFile(file, `./${display}`, display, repositoryUrl(env, display)),
      );
    }
    const found = packageFile(root, entry);
    if (!found) {
      // A repository path written without `./` is a common slip: say so rather than "unknown pack".
      if (existsSync(join(root, entry))) {
        throw new PackError(
          `'${entry}' is not an installed package; to use the file in the repository, write './${entry}'`,
        );
      }
      return undefined;
    }
    return once(`file:${found}`, 'package', () => fromFile(found, entry, displayPath(root, found)));
  };
}

function parseSpec(entry: string) {
  try {
    return parseRemoteSpec(entry);
  } catch (error) {
    if (error instanceof RemoteSpecError) throw new PackError(error.message);
    throw error;
  }
}

export function isLocalPath(entry: string): boolean {
  return entry.startsWith('./') || entry.startsWith('../') || entry === '.' || isAbsolute(entry);
}

/** The pack file a local entry names; it must be inside the repository, symbolic links resolved. */
function localPackFile(root: string, entry: string): string {
  const target = resolve(root, entry);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new PackError(
      `pack '${entry}' not found (paths in extends are relative to the repository root)`,
    );
  }
  if (!isInside(realpathSync(root), real)) {
    throw new PackError(
      `pack '${entry}' is outside the repository; a pack must be a file in the repository, a package or a github: pack`,
    );
  }
  if (statSync(real).isDirectory()) {
    const inFolder = PACK_FILE_NAMES.map((name) => join(real, name)).find((file) =>
      existsSync(file),
    );
    if (!inFolder)
      throw new PackError(`folder '${entry}' holds no pack file (${PACK_FILE_NAMES.join(', ')})`);
    return inFolder;
  }
  return real;
}

/**
 * The pack file of an installed package: a file path after the package name, else the
 * `handoff-gate` field of its package.json, else a handoff-pack.* file at its root, else its
 * ES module entry (`exports` with the import or default condition, then `main`).
 */
function packageFile(root: string, entry: string): string | undefined {
  const parts = entry.split('/');
  const nameLength = entry.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.slice(nameLength).join('/');
  if (!PACKAGE_NAME.test(name) || subpath.split('/').includes('..')) return undefined;
  const folder = join(root, 'node_modules', ...name.split('/'));
  const manifestPath = join(folder, 'package.json');
  if (!existsSync(manifestPath)) return undefined;
  if (subpath) {
    const file = join(folder, ...subpath.split('/'));
    if (!existsSync(file)) throw new PackError(`package '${name}' has no file '${subpath}'`);
    return file;
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new PackError(
      `package '${name}' has an unreadable package.json: ${(error as Error).message}`,
    );
  }
  const declared = manifest['handoff-gate'];
  const candidates = [
    ...(typeof declared === 'string' ? [declared] : []),
    ...PACK_FILE_NAMES,
    ...moduleEntries(manifest),
  ];
  for (const candidate of candidates) {
    const file = resolve(folder, candidate);
    if (isInside(folder, file) && existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new PackError(
    `package '${name}' has no pack: add a "handoff-gate" field to its package.json naming the pack file, or a handoff-pack.yml`,
  );
}

function moduleEntries(manifest: Record<string, unknown>): string[] {
  const entries: string[] = [];
  const pick = (value: unknown, depth = 0): void => {
    if (depth > 8) return;
    if (typeof value === 'string') entries.push(value);
    else if (Array.isArray(value)) value.forEach((item) => pick(item, depth + 1));
    else if (typeof value === 'object' && value !== null) {
      const map = value as Record<string, unknown>;
      if ('.' in map) return pick(map['.'], depth + 1);
      for (const condition of ['import', 'node', 'default'])
        if (condition in map) pick(map[condition], depth + 1);
    }
  };
  pick(manifest.exports);
  if (typeof manifest.main === 'string') entries.push(manifest.main);
  entries.push('index.js');
  return entries;
}

/**
 * Where a pack file in the repository can be browsed: on GitHub at the commit being checked when
 * the run is in GitHub Actions, else undefined (the file on this machine is linked instead).
 */
function repositoryUrl(env: NodeJS.ProcessEnv, display: string): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!server || !repository || !sha || isAbsolute(display)) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}/${display}`;
}

async function fromFile(file: string, name: string, display: string, url?: string): Promise<Pack> {
  const extension = posix.extname(file).toLowerCase();
  const where = { path: file, ...(url ? { url } : {}) };
  if (PROGRAMMATIC_EXTENSIONS.includes(extension)) {
    return toConfigPack(await loadPackFile(file, { source: name, display, ...where }), name);
  }
  if (!DECLARATIVE_EXTENSIONS.includes(extension)) {
    throw new PackError(`'${name}' is not a pack file: packs are .yml, .yaml, .json, .mjs or .js`);
  }
  return packFromText(await readPackText(file, display), name, display, where);
}

/** A YAML/JSON pack from text: a rule pack when it has one's keys, else a config-format pack. */
export async function packFromText(
  text: string,
  name: string,
  display: string,
  where: { path?: string; url?: string } = {},
): Promise<Pack> {
  const probe = parseConfigDocument(text, display);
  if (
    probe.problems.length === 0 &&
    !isRulePackData(probe.document.data) &&
    probe.document.value !== null
  ) {
    return { name, document: probe.document };
  }
  const pack = await loadDeclarativePack(text, { source: name, display, ...where });
  return toConfigPack(pack, name);
}

/** A loaded rule pack as a config layer: its enabled rules on at their default severity. */
export function toConfigPack(pack: LoadedPack, name: string): Pack {
  const severities = new Map(pack.rules.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]));
  const rules = Object.fromEntries(pack.enabled.map((id) => [id, severities.get(id) ?? 'warning']));
  return { name, document: layerDocument(pack.display, { rules }), rules: pack.rules };
}

/** A config document made in code: every position is the pack file's first line. */
function layerDocument(file: string, data: Record<string, unknown>): ConfigDocument {
  return {
    file,
    data,
    value: data,
    locate: () => ({ line: 1, column: 1 }),
    has(path) {
      let node: unknown = data;
      for (const step of path) {
        if (typeof node !== 'object' || node === null || !(String(step) in node)) return false;
        node = (node as Record<string, unknown>)[String(step)];
      }
      return true;
    },
  };
}
