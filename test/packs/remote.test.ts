// Remote packs against a loopback server playing GitHub's contents API: a pack pinned to a full
// commit SHA is fetched once and cached; branches, tags, short SHAs and JavaScript are refused
// before any request; bad answers (404, oversized, corrupted) are clear config errors.
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { resolveConfigText } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ENGINE_RULES } from '../../src/engine/engine-rules.js';
import { createPackResolver } from '../../src/packs/resolve.js';
import { gitBlobSha, MAX_REMOTE_BYTES, parseRemoteSpec } from '../../src/packs/remote.js';
import { run } from '../../src/run.js';
import { folder, oneRule, show } from './helpers.js';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
const PACK = oneRule(
  "regex: 'breakpoint\\(\\)'",
  "    severity: error\n    message: 'debugger (remote)'\n",
);

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Files by `owner/repo/path@sha`; a value may override the answer (status, body, declared size). */
type Entry =
  string | { status?: number; body?: string; content?: string; size?: number; sha?: string };
const files = new Map<string, Entry>();
const requests: Recorded[] = [];
let server: Server;
let api: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    const key = match
      ? `${match[1]}/${match[2]}/${decodeURIComponent(match[3])}@${url.searchParams.get('ref')}`
      : '';
    const entry = files.get(key);
    if (entry === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"Not Found"}');
      return;
    }
    const spec = typeof entry === 'string' ? { content: entry } : entry;
    const content = Buffer.from(spec.content ?? '');
    const body =
      spec.body ??
      JSON.stringify({
        type: 'file',
        encoding: 'base64',
        size: spec.size ?? content.length,
        name: match![3].split('/').pop(),
        path: decodeURIComponent(match![3]),
        sha: spec.sha ?? gitBlobSha(content),
        content: content.toString('base64').replace(/(.{60})/g, '$1\n'),
      });
    response.writeHead(spec.status ?? 200, { 'content-type': 'application/json' });
    response.end(body);
  });
  server.keepAliveTimeout = 1000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  files.clear();
  requests.length = 0;
});

async function resolve(config: string, cacheDir = folder()): Promise<ResolvedConfig> {
  const root = folder();
  return resolveConfigText(config, {
    root,
    file: join(root, 'handoff.yml'),
    rules: [...ENGINE_RULES],
    resolvePack: createPackResolver({
      root,
      env: { GITHUB_API_URL: api, GITHUB_TOKEN: 'test-token' },
      cacheDir,
    }),
  });
}

async function problems(config: string): Promise<string[]> {
  try {
    await resolve(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.format().split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('pinned remote packs', () => {
  it('fetches the file at the commit through the contents API, and caches it per SHA', async () => {
    files.set(`acme/packs/ml/pack.yml@${SHA}`, PACK);
    const cacheDir = folder();
    const config = await resolve(`extends: ['github:acme/packs/ml/pack.yml@${SHA}']\n`, cacheDir);
    expect(config.packRules?.map((rule) => rule.meta.id)).toEqual(['t/r']);
    expect(config.rules.get('t/r')?.severity).toBe('error');
    expect(config.packRules?.[0].meta.helpUri).toBe(
      `https://github.com/acme/packs/blob/${SHA}/ml/pack.yml`,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: `/repos/acme/packs/contents/ml/pack.yml?ref=${SHA}`,
    });
    expect(requests[0].headers).toMatchObject({
      accept: 'application/vnd.github+json',
      authorization: 'Bearer test-token',
      'x-github-api-version': '2022-11-28',
    });
    expect(existsSync(join(cacheDir, SHA, 'acme', 'packs', 'ml', 'pack.yml'))).toBe(true);

    // Another run with the same cache makes no request, even if the server no longer has it.
    files.clear();
    const again = await resolve(`extends: ['github:acme/packs/ml/pack.yml@${SHA}']\n`, cacheDir);
    expect(again.packRules?.map((rule) => rule.meta.id)).toEqual(['t/r']);
    expect(requests).toHaveLength(1);
  });

  it('runs end to end from the environment the action provides', async () => {
    files.set(`acme/packs/handoff-pack.yml@${SHA}`, PACK);
    const root = folder({
      'handoff.yml': `extends: [recommended, 'github:acme/packs@${SHA}']\nrules:\n  t/r: warning\n`,
      'a.py': 'breakpoint()\n',
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_API_URL: api,
      HANDOFF_GATE_PACK_CACHE: folder(),
      GITHUB_TOKEN: '',
    });
    try {
      const result = await run({ root });
      expect(result.findings.filter((f) => f.ruleId === 't/r').map(show)).toEqual([
        'a.py:1:1 debugger (remote)',
      ]);
      expect(result.findings.find((f) => f.ruleId === 't/r')?.severity).toBe('warning');
    } finally {
      process.env = saved;
    }
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it('lets a remote config-format pack extend other pinned remote packs only', async () => {
    files.set(
      `acme/packs/team.yml@${SHA}`,
      `extends: ['github:acme/packs/rules.yml@${OTHER}']\nrules:\n  t/r: note\n`,
    );
    files.set(`acme/packs/rules.yml@${OTHER}`, PACK);
    const config = await resolve(`extends: ['github:acme/packs/team.yml@${SHA}']\n`);
    expect(config.rules.get('t/r')?.severity).toBe('note');
    files.set(`acme/packs/sneaky.yml@${SHA}`, 'extends: [./local.yml, some-package]\n');
    expect(await problems(`extends: ['github:acme/packs/sneaky.yml@${SHA}']\n`)).toEqual([
      `github:acme/packs/sneaky.yml@${SHA}:1:11: './local.yml' is extended by a remote pack; remote packs may only extend recommended, strict and other github: packs pinned to a commit`,
      `github:acme/packs/sneaky.yml@${SHA}:1:24: 'some-package' is extended by a remote pack; remote packs may only extend recommended, strict and other github: packs pinned to a commit`,
    ]);
  });

  it('reports schema problems of a remote pack at its line in the remote file', async () => {
    files.set(`acme/packs/bad.yml@${SHA}`, PACK.replace('version: 1.0.0', 'version: one'));
    expect(await problems(`extends: ['github:acme/packs/bad.yml@${SHA}']\n`)).toEqual([
      `github:acme/packs/bad.yml@${SHA}:2:10: version must be a semantic version such as 1.0.0 (got 'one')`,
    ]);
  });
});

describe('refused before any request', () => {
  it.each([
    [
      'main',
      "is pinned to 'main', a tag or branch, which can move; pin it to a full 40-character commit SHA",
    ],
    [
      'v1.2.0',
      "is pinned to 'v1.2.0', a tag or branch, which can move; pin it to a full 40-character commit SHA",
    ],
    [
      'abc1234',
      "is pinned to a short SHA 'abc1234'; use the full 40-character commit SHA (git rev-parse abc1234)",
    ],
  ])('refuses a pack pinned to %s', async (ref, message) => {
    expect(await problems(`extends: ['github:acme/packs/pack.yml@${ref}']\n`)).toEqual([
      `handoff.yml:1:11: remote pack 'github:acme/packs/pack.yml@${ref}' ${message}`,
    ]);
    expect(requests).toEqual([]);
  });

  it('refuses unpinned, JavaScript and malformed specs', async () => {
    expect(await problems("extends: ['github:acme/packs/pack.yml']\n")).toEqual([
      "handoff.yml:1:11: remote pack 'github:acme/packs/pack.yml' is not pinned; pin it to a full commit SHA: github:acme/packs/pack.yml@<40-character commit SHA>",
    ]);
    expect(await problems(`extends: ['github:acme/packs/pack.mjs@${SHA}']\n`)).toEqual([
      `handoff.yml:1:11: remote pack 'github:acme/packs/pack.mjs@${SHA}' is JavaScript; remote packs are data only (YAML or JSON). Install a programmatic pack as an npm package or copy it into the repository`,
    ]);
    expect(() => parseRemoteSpec(`github:acme/packs/../secrets.yml@${SHA}`)).toThrow(
      /invalid path/,
    );
    expect(() => parseRemoteSpec(`github:acme@${SHA}`)).toThrow(/is not a GitHub pack/);
    expect(requests).toEqual([]);
  });
});

describe('bad answers', () => {
  it('says what is missing on a 404', async () => {
    expect(await problems(`extends: ['github:acme/packs/nope.yml@${SHA}']\n`)).toEqual([
      `handoff.yml:1:11: github:acme/packs/nope.yml@${SHA} was not found: no file 'nope.yml' in acme/packs at ${SHA}`,
    ]);
  });

  it('refuses oversized and corrupted content', async () => {
    files.set(`acme/packs/big.yml@${SHA}`, { content: 'x', size: MAX_REMOTE_BYTES + 1 });
    expect(await problems(`extends: ['github:acme/packs/big.yml@${SHA}']\n`)).toEqual([
      `handoff.yml:1:11: github:acme/packs/big.yml@${SHA} is ${MAX_REMOTE_BYTES + 1} bytes; remote packs are limited to ${MAX_REMOTE_BYTES} bytes`,
    ]);
    files.set(`acme/packs/huge.yml@${SHA}`, { body: 'x'.repeat(2 * MAX_REMOTE_BYTES) });
    expect(await problems(`extends: ['github:acme/packs/huge.yml@${SHA}']\n`)).toEqual([
      expect.stringMatching(
        /^handoff\.yml:1:11: github:acme\/packs\/huge\.yml@a+ is too large to be a pack/,
      ),
    ]);
    files.set(`acme/packs/tampered.yml@${SHA}`, { content: PACK, sha: 'c'.repeat(40) });
    expect(await problems(`extends: ['github:acme/packs/tampered.yml@${SHA}']\n`)).toEqual([
      `handoff.yml:1:11: the content received for github:acme/packs/tampered.yml@${SHA} does not match its git blob SHA; not used`,
    ]);
  });

  it('explains an exhausted rate limit and an unreachable API', async () => {
    files.set(`acme/packs/limited.yml@${SHA}`, {
      status: 403,
      body: '{"message":"API rate limit exceeded"}',
    });
    const limited = await problems(`extends: ['github:acme/packs/limited.yml@${SHA}']\n`);
    expect(limited[0]).toMatch(
      /GitHub refused access to github:acme\/packs\/limited\.yml@a+ \(HTTP 403\)/,
    );
    const root = folder();
    const unreachable = await resolveConfigText(`extends: ['github:acme/packs/x.yml@${SHA}']\n`, {
      root,
      file: join(root, 'handoff.yml'),
      rules: [...ENGINE_RULES],
      resolvePack: createPackResolver({
        root,
        env: { GITHUB_API_URL: 'http://127.0.0.1:1' },
        cacheDir: folder(),
      }),
    }).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(ConfigError);
    expect((unreachable as ConfigError).format()).toMatch(
      /^handoff\.yml:1:11: could not fetch github:acme\/packs\/x\.yml@a+ from http:\/\/127\.0\.0\.1:1: /,
    );
  });
});
