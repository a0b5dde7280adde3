// The REST client: Octokit as @actions/github builds it (proxy-aware, paginate, REST methods)
// with the retry and throttling plugins, so rate limits and server errors are retried with
// backoff, and a time limit on every attempt so a stalled API cannot hold the run.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** REST API root (GITHUB_API_URL). */
  baseUrl: string;
  /**
   * Milliseconds one unit of backoff lasts: the retry plugin waits (attempt)² units, the
   * throttling plugin the `retry-after` seconds in units. 1000 on GitHub; tests shrink it.
   */
  retryBaseMs?: number;
  /** Retries of one request after a 5xx or 429 (3 by default). */
  retries?: number;
  /** Limit on each attempt of a request (the retries each get their own). */
  timeoutMs?: number;
  /** Longest rate-limit wait accepted, in seconds, before giving up on the call. */
  maxRateLimitWaitSeconds?: number;
  log?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const base = options.retryBaseMs ?? 1000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 90;
  const log = options.log ?? (() => {});
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      count: number,
    ) => {
      const again = count < 2 && retryAfter <= maxWait;
      log(
        `GitHub ${kind} on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return again;
    };
  const client = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: 'handoff-gate',
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: base },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => log(message),
        error: (message: string) => log(message),
      },
    },
    retry,
    throttling,
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  client.hook.wrap('request', (request, endpoint) =>
    request({
      ...endpoint,
      request: { ...endpoint.request, signal: AbortSignal.timeout(timeoutMs) },
    }),
  );
  return client;
}

/**
 * The token to use, or undefined: empty, or an expression the runner did not evaluate (an
 * action.yml default read outside a real runner) are no token.
 */
export function usableToken(value: string | undefined): string | undefined {
  const token = value?.trim();
  if (!token || token.includes('${{') || /\s/.test(token)) return undefined;
  return token;
}
