// The REST client against the loopback GitHub: server errors and rate limits are retried with
// real (shrunk) backoff, permission errors are not, and pages of pull request files are read.
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, usableToken } from '../../src/github/client.js';
import { describeError, httpStatus, isPermissionDenied } from '../../src/github/errors.js';
import { MAX_LISTED_FILES, pullRequestChangedLines } from '../../src/github/pull-files.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './fake-github.js';

const REPO = { owner: 'octo', repo: 'models' };
const FILES = '/repos/{owner}/{repo}/pulls/{pull_number}/files';
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<FakeGitHubOptions> = {}) {
  server = await startFakeGitHub({ ...REPO, ...options });
  const client = createGitHubClient({
    token: 'ghs_faketoken',
    baseUrl: server.url,
    retryBaseMs: 5,
  });
  return { server, client };
}

function pull(files: number) {
  return {
    number: 7,
    headSha: HEAD,
    baseSha: BASE,
    files: Array.from({ length: files }, (_, i) => ({
      filename: `src/m${i}.py`,
      status: 'modified' as const,
      patch: `@@ -1 +1,2 @@\n x\n+y${i}`,
    })),
  };
}

describe('createGitHubClient', () => {
  it('retries 500s with backoff and then succeeds', async () => {
    const { server, client } = await start({
      pulls: [pull(1)],
      faults: [{ method: 'GET', route: FILES, status: 500, times: 2 }],
    });
    const started = Date.now();
    const files = await pullRequestChangedLines(client, REPO, 7);
    expect(files.changed.get('src/m0.py')).toEqual(new Set([2]));
    expect(server.calls('GET', FILES).map((r) => r.status)).toEqual([500, 500, 200]);
    // (1² + 2²) units of 5 ms: real waits, only small.
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    expect(server.violations).toEqual([]);
  });

  it('retries a secondary rate limit (429 with retry-after) and a primary one', async () => {
    const { server, client } = await start({
      pulls: [pull(1)],
      faults: [
        {
          method: 'GET',
          route: FILES,
          status: 429,
          times: 1,
          headers: { 'retry-after': '1' },
          message: 'You have exceeded a secondary rate limit',
        },
        {
          method: 'GET',
          route: FILES,
          status: 429,
          times: 1,
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
          },
          message: 'API rate limit exceeded',
        },
      ],
    });
    await pullRequestChangedLines(client, REPO, 7);
    expect(server.calls('GET', FILES).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('gives up after its retries on a server that keeps failing', async () => {
    const { server, client } = await start({
      pulls: [pull(1)],
      faults: [{ method: 'GET', route: FILES, status: 503, times: Infinity }],
    });
    const error = await pullRequestChangedLines(client, REPO, 7).catch((e: unknown) => e);
    expect(httpStatus(error)).toBe(503);
    expect(server.calls('GET', FILES)).toHaveLength(4); // the request and 3 retries
  });

  it('does not retry a 403 and tells it from a rate limit', async () => {
    const { server, client } = await start({
      faults: [
        {
          method: 'GET',
          route: FILES,
          status: 403,
          times: 1,
          message: 'Resource not accessible by integration',
        },
      ],
    });
    const error = await pullRequestChangedLines(client, REPO, 7).catch((e: unknown) => e);
    expect(server.calls('GET', FILES)).toHaveLength(1);
    expect(isPermissionDenied(error)).toBe(true);
    expect(describeError(error)).toBe('HTTP 403: Resource not accessible by integration');
    expect(
      isPermissionDenied(
        Object.assign(new Error('x'), {
          status: 403,
          response: { data: { message: 'API rate limit exceeded' } },
        }),
      ),
    ).toBe(false);
  });

  it('reads every page of a pull request files list', async () => {
    const { server, client } = await start({ pulls: [pull(250)] });
    const files = await pullRequestChangedLines(client, REPO, 7);
    expect(files.files).toBe(250);
    expect(files.complete).toBe(true);
    expect(files.changed.get('src/m249.py')).toEqual(new Set([2]));
    expect(server.calls('GET', FILES).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(server.violations).toEqual([]);
  });

  it('says the list may be incomplete at GitHub\u2019s 3000-file cap', async () => {
    const { client } = await start({ pulls: [pull(MAX_LISTED_FILES + 5)] });
    const files = await pullRequestChangedLines(client, REPO, 7);
    expect(files.files).toBe(MAX_LISTED_FILES);
    expect(files.complete).toBe(false);
  });
});

describe('usableToken', () => {
  it('refuses empty tokens and unevaluated expressions', () => {
    expect(usableToken('  ghs_abc ')).toBe('ghs_abc');
    expect(usableToken('')).toBeUndefined();
    expect(usableToken('${{ github.token }}')).toBeUndefined();
    expect(usableToken('two words')).toBeUndefined();
  });
});
