// Remote packs: `github:owner/repo/path/to/pack.yml@<full commit SHA>`, fetched through the REST
// contents API at that commit and cached per SHA. A commit cannot move, so a pinned pack is the
// same bytes on every run; a tag, a branch or a short SHA can, and is refused. Remote packs are
// data only: a JavaScript pack from GitHub would run code nobody in this repository reviewed.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const REMOTE_PREFIX = 'github:';
/** The pack file looked for when a spec names a repository but no path. */
export const DEFAULT_REMOTE_PATH = 'handoff-pack.yml';
/** A remote pack is YAML a few KiB long; refuse anything larger before and after download. */
export const MAX_REMOTE_BYTES = 512 * 1024;
const TIMEOUT_MS = 20_000;
const NAME = /^[A-Za-z0-9_.-]+$/;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const DATA_EXTENSIONS = /\.(ya?ml|json)$/i;
const CODE_EXTENSIONS = /\.(m?js|cjs|ts|mts|cts)$/i;

export interface RemoteSpec {
  owner: string;
  repo: string;
  path: string;
  sha: string;
  /** The spec as written. */
  text: string;
}

/** Why a spec cannot be used (bad shape, not pinned, not data); the config reports it at the entry. */
export class RemoteSpecError extends Error {
  override name = 'RemoteSpecError';
}

/** Parse `github:owner/repo[/path]@sha`; throws RemoteSpecError saying what to write instead. */
export function parseRemoteSpec(text: string): RemoteSpec {
  const body = text.slice(REMOTE_PREFIX.length);
  const at = body.lastIndexOf('@');
  const location = at === -1 ? body : body.slice(0, at);
  const ref = at === -1 ? '' : body.slice(at + 1);
  const [owner = '', repo = '', ...rest] = location.split('/');
  const example = `github:${owner || 'owner'}/${repo || 'repo'}/${rest.join('/') || DEFAULT_REMOTE_PATH}@<40-character commit SHA>`;
  if (!NAME.test(owner) || !NAME.test(repo) || owner.startsWith('.') || repo.startsWith('.')) {
    throw new RemoteSpecError(`'${text}' is not a GitHub pack; write ${example}`);
  }
  const path = rest.length ? rest.join('/') : DEFAULT_REMOTE_PATH;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new RemoteSpecError(
      `'${text}' has an invalid path '${path}'; write a path inside the repository, such as packs/ml.yml`,
    );
  }
  if (ref === '') {
    throw new RemoteSpecError(
      `remote pack '${text}' is not pinned; pin it to a full commit SHA: ${example}`,
    );
  }
  if (!FULL_SHA.test(ref)) {
    const short = /^[0-9a-f]{4,39}$/i.test(ref);
    throw new RemoteSpecError(
      short
        ? `remote pack '${text}' is pinned to a short SHA '${ref}'; use the full 40-character commit SHA (git rev-parse ${ref})`
        : `remote pack '${text}' is pinned to '${ref}', a tag or branch, which can move; pin it to a full 40-character commit SHA`,
    );
  }
  if (CODE_EXTENSIONS.test(path)) {
    throw new RemoteSpecError(
      `remote pack '${text}' is JavaScript; remote packs are data only (YAML or JSON). Install a programmatic pack as an npm package or copy it into the repository`,
    );
  }
  if (!DATA_EXTENSIONS.test(path)) {
    throw new RemoteSpecError(`remote pack '${text}' must be a .yml, .yaml or .json file`);
  }
  return { owner, repo, path, sha: ref.toLowerCase(), text };
}

export interface FetchOptions {
  /** GITHUB_API_URL, default https://api.github.com. */
  apiUrl?: string;
  token?: string;
  cacheDir: string;
  fetch?: typeof fetch;
}

/** Where fetched packs are kept: `$RUNNER_TEMP/handoff-gate-packs`, else `~/.cache/handoff-gate/packs`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.HANDOFF_GATE_PACK_CACHE) return env.HANDOFF_GATE_PACK_CACHE;
  if (env.RUNNER_TEMP) return join(env.RUNNER_TEMP, 'handoff-gate-packs');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'handoff-gate', 'packs');
}

export function cachePath(spec: RemoteSpec, cacheDir: string): string {
  return join(cacheDir, spec.sha, spec.owner, spec.repo, ...spec.path.split('/'));
}

/** The pack's text: from the cache when this SHA was fetched before, else from the API (then cached). */
export async function fetchRemotePack(
  spec: RemoteSpec,
  opts: FetchOptions,
): Promise<{ text: string; cached: boolean }> {
  const file = cachePath(spec, opts.cacheDir);
  const cached = await readCached(file);
  if (cached !== undefined) return { text: cached, cached: true };
  const text = await download(spec, opts);
  await writeCached(file, text);
  return { text, cached: false };
}

async function readCached(file: string): Promise<string | undefined> {
  try {
    const stats = await stat(file);
    if (!stats.isFile() || stats.size > MAX_REMOTE_BYTES) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function writeCached(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    // Write then rename, so a concurrent run never reads half a file.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch {
    // A cache that cannot be written only costs a download next time.
  }
}

export class RemoteFetchError extends Error {
  override name = 'RemoteFetchError';
}

async function download(spec: RemoteSpec, opts: FetchOptions): Promise<string> {
  const api = (opts.apiUrl || 'https://api.github.com').replace(/\/+$/, '');
  const path = spec.path.split('/').map(encodeURIComponent).join('/');
  const url = `${api}/repos/${spec.owner}/${spec.repo}/contents/${path}?ref=${spec.sha}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'handoff-gate',
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let response: Response;
  try {
    response = await (opts.fetch ?? fetch)(url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new RemoteFetchError(
      `could not fetch ${spec.text} from ${api}: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new RemoteFetchError(httpProblem(spec, response, Boolean(opts.token)));
  }
  // base64 grows the file by a third; JSON around it adds a little.
  const body = await readCapped(response, Math.ceil(MAX_REMOTE_BYTES * 1.4) + 16 * 1024, spec);
  let entry: {
    type?: unknown;
    encoding?: unknown;
    content?: unknown;
    size?: unknown;
    sha?: unknown;
  };
  try {
    entry = JSON.parse(body) as typeof entry;
  } catch {
    throw new RemoteFetchError(`the GitHub API answer for ${spec.text} is not JSON`);
  }
  if (
    typeof entry !== 'object' ||
    entry === null ||
    Array.isArray(entry) ||
    entry.type !== 'file'
  ) {
    throw new RemoteFetchError(
      `${spec.text} is not a file in ${spec.owner}/${spec.repo} at ${spec.sha}`,
    );
  }
  if (typeof entry.size === 'number' && entry.size > MAX_REMOTE_BYTES) {
    throw new RemoteFetchError(
      `${spec.text} is ${entry.size} bytes; remote packs are limited to ${MAX_REMOTE_BYTES} bytes`,
    );
  }
  if (entry.encoding !== 'base64' || typeof entry.content !== 'string') {
    throw new RemoteFetchError(`the GitHub API returned ${spec.text} without its content`);
  }
  const bytes = Buffer.from(entry.content, 'base64');
  if (bytes.length > MAX_REMOTE_BYTES) {
    throw new RemoteFetchError(
      `${spec.text} is ${bytes.length} bytes; remote packs are limited to ${MAX_REMOTE_BYTES} bytes`,
    );
  }
  // The API names the git blob it sent: check that the bytes are that blob.
  if (typeof entry.sha === 'string' && entry.sha !== gitBlobSha(bytes)) {
    throw new RemoteFetchError(
      `the content received for ${spec.text} does not match its git blob SHA; not used`,
    );
  }
  if (bytes.includes(0))
    throw new RemoteFetchError(`${spec.text} is binary, not YAML or JSON text`);
  return bytes.toString('utf8');
}

export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

async function readCapped(response: Response, limit: number, spec: RemoteSpec): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new RemoteFetchError(
      `${spec.text} is too large to be a pack (${declared} bytes of response)`,
    );
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RemoteFetchError(
        `${spec.text} is too large to be a pack (more than ${limit} bytes of response)`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function httpProblem(spec: RemoteSpec, response: Response, authenticated: boolean): string {
  const where = `${spec.owner}/${spec.repo} at ${spec.sha}`;
  if (response.status === 404) {
    return `${spec.text} was not found: no file '${spec.path}' in ${where}${authenticated ? '' : ' (a private repository needs GITHUB_TOKEN with contents: read)'}`;
  }
  if (
    (response.status === 403 || response.status === 429) &&
    response.headers.get('x-ratelimit-remaining') === '0'
  ) {
    return `GitHub's API rate limit is exhausted; ${spec.text} could not be fetched${authenticated ? '' : ' (set GITHUB_TOKEN for a higher limit)'}`;
  }
  if (response.status === 401 || response.status === 403) {
    return `GitHub refused access to ${spec.text} (HTTP ${response.status}); check that the token can read ${spec.owner}/${spec.repo}`;
  }
  return `GitHub's API answered HTTP ${response.status} for ${spec.text}`;
}

/** A browsable URL of the pack file at its commit. */
export function remoteFileUrl(spec: RemoteSpec, serverUrl = 'https://github.com'): string {
  return `${serverUrl.replace(/\/+$/, '')}/${spec.owner}/${spec.repo}/blob/${spec.sha}/${spec.path}`;
}
