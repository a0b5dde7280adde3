// A loopback HTTP server that plays the parts of GitHub's REST API handoff-gate uses: pull
// request files, check runs and issue comments, with pagination, token permissions (a fork's
// read-only token gets 403 on writes) and injected faults (429, 5xx). Every request is recorded
// and checked against GitHub's OpenAPI description; anything undocumented answers 404 and is
// listed in `violations`, so a test can assert there are none.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openApi, type MatchedOperation } from './openapi.js';

export type Access = 'write' | 'read' | 'none';

export interface DiffEntry {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  patch?: string;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

export interface PullState {
  number: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
  headRepository?: string;
  files: DiffEntry[];
}

export interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User'; id: number };
  created_at: string;
  updated_at: string;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: Record<string, unknown>[];
}

export interface Fault {
  method: string;
  /** An OpenAPI path template: `/repos/{owner}/{repo}/pulls/{pull_number}/files`. */
  route: string;
  status: number;
  /** How many matching requests fail before the route behaves again; Infinity for always. */
  times: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  route?: string;
  operationId?: string;
  body?: unknown;
  status: number;
  authorized: boolean;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  token?: string;
  permissions?: { checks?: Access; pullRequests?: Access };
  pulls?: PullState[];
  comments?: Record<number, StoredComment[]>;
  faults?: Fault[];
  /** The server refuses more than this many requests (a runaway loop must end). */
  maxRequests?: number;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Requests that do not follow the OpenAPI description, one line each. */
  violations: string[];
  comments: Map<number, StoredComment[]>;
  checkRuns: StoredCheckRun[];
  faults: Fault[];
  /** Requests that reached a route, for counting writes: `POST /repos/{owner}/{repo}/check-runs`. */
  calls(method: string, route: string): RecordedRequest[];
  close(): Promise<void>;
}

export const BOT = { login: 'github-actions[bot]', type: 'Bot' as const, id: 41898282 };
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const api = openApi();
  const token = options.token ?? 'ghs_faketoken';
  const permissions = { checks: 'write', pullRequests: 'write', ...options.permissions };
  const pulls = new Map((options.pulls ?? []).map((pull) => [pull.number, pull]));
  const comments = new Map<number, StoredComment[]>(
    Object.entries(options.comments ?? {}).map(([n, list]) => [Number(n), list]),
  );
  const checkRuns: StoredCheckRun[] = [];
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults = [...(options.faults ?? [])];
  const maxRequests = options.maxRequests ?? 500;
  let nextId = 1000 + Math.max(0, ...[...comments.values()].flat().map((c) => c.id));
  let base = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`server error: ${error instanceof Error ? error.message : String(error)}`);
      send(res, 500, { message: 'fake server error' });
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 1_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: isAuthorized(req.headers.authorization, token),
    };
    requests.push(record);
    if (requests.length > maxRequests) {
      violations.push(`more than ${maxRequests} requests`);
      return reply(record, res, 429, { message: 'fake server request limit' });
    }
    if (raw === undefined) {
      violations.push(`${method} ${url.pathname}: body over ${MAX_BODY_BYTES} bytes`);
      return reply(record, res, 413, { message: 'body too large' });
    }
    let body: unknown;
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
        record.body = body;
      } catch {
        violations.push(`${method} ${url.pathname}: body is not JSON`);
        return reply(record, res, 400, { message: 'Problems parsing JSON' });
      }
    }
    const matched = api.match(method, url.pathname);
    if (!matched) {
      violations.push(`${method} ${url.pathname}: no such operation in the OpenAPI description`);
      return reply(record, res, 404, { message: 'Not Found' });
    }
    record.route = matched.route;
    record.operationId = matched.operationId;
    for (const problem of api.check(method, matched, url.searchParams, body, raw.length > 0)) {
      violations.push(`${method} ${url.pathname} (${matched.operationId}): ${problem}`);
    }
    if (!record.authorized) {
      return reply(record, res, 401, { message: 'Bad credentials' });
    }
    const fault = faults.find(
      (f) => f.method === method && f.route === matched.route && f.times > 0,
    );
    if (fault) {
      fault.times--;
      return reply(
        record,
        res,
        fault.status,
        { message: fault.message ?? `fake ${fault.status}` },
        fault.headers,
      );
    }
    const { status, data, headers } = route(method, matched, url, body);
    return reply(record, res, status, data, headers);
  }

  function route(
    method: string,
    matched: MatchedOperation,
    url: URL,
    body: unknown,
  ): { status: number; data: unknown; headers?: Record<string, string> } {
    const { owner, repo } = matched.params;
    if (owner !== options.owner || repo !== options.repo) {
      return { status: 404, data: { message: 'Not Found' } };
    }
    const key = `${method} ${matched.route}`;
    const forbidden = {
      status: 403,
      data: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      },
    };
    switch (key) {
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
        const pull = pulls.get(Number(matched.params.pull_number));
        if (!pull) return { status: 404, data: { message: 'Not Found' } };
        return { status: 200, data: pullResponse(pull) };
      }
      case 'GET /repos/{owner}/{repo}/pulls': {
        // `head=user:ref` filters by the head repository's owner and branch.
        const head = url.searchParams.get('head');
        const list = [...pulls.values()].filter((pull) => {
          if (!head) return true;
          const owner = (pull.headRepository ?? `${options.owner}/${options.repo}`).split('/')[0];
          return head === `${owner}:${pull.headRef ?? 'feature'}`;
        });
        return page(url, list.map(pullResponse));
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': {
        const pull = pulls.get(Number(matched.params.pull_number));
        if (!pull) return { status: 404, data: { message: 'Not Found' } };
        // GitHub lists at most 3000 files of a pull request.
        const entries = pull.files.slice(0, 3000).map((file) => diffEntry(file));
        return page(url, entries);
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const list = comments.get(Number(matched.params.issue_number)) ?? [];
        return page(url, list.map(commentResponse));
      }
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        if (permissions.pullRequests !== 'write') return forbidden;
        const number = Number(matched.params.issue_number);
        const now = new Date().toISOString();
        const comment: StoredComment = {
          id: nextId++,
          body: (body as { body: string }).body,
          user: BOT,
          created_at: now,
          updated_at: now,
        };
        comments.set(number, [...(comments.get(number) ?? []), comment]);
        return { status: 201, data: commentResponse(comment) };
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        if (permissions.pullRequests !== 'write') return forbidden;
        const id = Number(matched.params.comment_id);
        const comment = [...comments.values()].flat().find((c) => c.id === id);
        if (!comment) return { status: 404, data: { message: 'Not Found' } };
        comment.body = (body as { body: string }).body;
        comment.updated_at = new Date().toISOString();
        return { status: 200, data: commentResponse(comment) };
      }
      case 'POST /repos/{owner}/{repo}/check-runs': {
        if (permissions.checks !== 'write') return forbidden;
        const input = body as Partial<StoredCheckRun> & {
          output?: { annotations?: Record<string, unknown>[] };
        };
        const run: StoredCheckRun = {
          id: nextId++,
          name: String(input.name),
          head_sha: String(input.head_sha),
          status: input.conclusion ? 'completed' : (input.status ?? 'queued'),
          conclusion: input.conclusion ?? null,
          details_url: input.details_url,
          output: { ...input.output, annotations: undefined } as StoredCheckRun['output'],
          annotations: [...(input.output?.annotations ?? [])],
        };
        checkRuns.push(run);
        return { status: 201, data: checkRunResponse(run) };
      }
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': {
        if (permissions.checks !== 'write') return forbidden;
        const run = checkRuns.find((r) => r.id === Number(matched.params.check_run_id));
        if (!run) return { status: 404, data: { message: 'Not Found' } };
        const input = body as Partial<StoredCheckRun> & {
          output?: { annotations?: Record<string, unknown>[]; title?: string; summary?: string };
        };
        if (input.conclusion) {
          run.conclusion = input.conclusion;
          run.status = 'completed';
        } else if (input.status) run.status = input.status;
        if (input.output) {
          const { annotations, ...rest } = input.output;
          run.output = { ...run.output, ...rest };
          // The Checks API appends the annotations of each update.
          run.annotations.push(...(annotations ?? []));
        }
        return { status: 200, data: checkRunResponse(run) };
      }
      default:
        return { status: 404, data: { message: `fake GitHub does not serve ${key}` } };
    }
  }

  function page(
    url: URL,
    items: unknown[],
  ): { status: number; data: unknown; headers?: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const number = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const data = items.slice((number - 1) * perPage, number * perPage);
    const link = (n: number, rel: string) => {
      const next = new URL(url.pathname, base);
      for (const [k, v] of url.searchParams) next.searchParams.set(k, v);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return `<${next.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (number < pages) links.push(link(number + 1, 'next'), link(pages, 'last'));
    if (number > 1) links.push(link(1, 'first'), link(number - 1, 'prev'));
    return { status: 200, data, headers: links.length ? { link: links.join(', ') } : {} };
  }

  function pullResponse(pull: PullState): unknown {
    const data = api.example('pull-request') as Record<string, Record<string, unknown>>;
    const headRepo = pull.headRepository ?? `${options.owner}/${options.repo}`;
    return {
      ...data,
      number: pull.number,
      head: {
        ...data.head,
        sha: pull.headSha,
        ref: pull.headRef ?? 'feature',
        repo: { ...(data.head.repo as object), full_name: headRepo },
      },
      base: { ...data.base, sha: pull.baseSha, ref: 'main' },
    };
  }

  function diffEntry(file: DiffEntry): unknown {
    const example = (api.example('diff-entry-items') as Record<string, unknown>[])[0];
    const { patch, ...rest } = file;
    const entry: Record<string, unknown> = { ...example, additions: 0, deletions: 0, changes: 0 };
    delete entry.patch;
    return { ...entry, ...rest, ...(patch !== undefined ? { patch } : {}) };
  }

  function commentResponse(comment: StoredComment): unknown {
    const example = api.example('issue-comment') as Record<string, unknown>;
    return {
      ...example,
      id: comment.id,
      body: comment.body,
      user: { ...(example.user as object), ...comment.user },
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      html_url: `https://github.com/${options.owner}/${options.repo}/pull/1#issuecomment-${comment.id}`,
    };
  }

  function checkRunResponse(run: StoredCheckRun): unknown {
    const example = api.example('check-run') as Record<string, unknown>;
    return {
      ...example,
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      html_url: `https://github.com/${options.owner}/${options.repo}/runs/${run.id}`,
      output: {
        ...(example.output as object),
        ...run.output,
        annotations_count: run.annotations.length,
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    requests,
    violations,
    comments,
    checkRuns,
    faults,
    calls: (method, route) => requests.filter((r) => r.method === method && r.route === route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isAuthorized(header: string | undefined, token: string): boolean {
  return header === `token ${token}` || header === `Bearer ${token}`;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(
  record: RecordedRequest,
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  record.status = status;
  send(res, status, data, headers);
}

function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(data);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...headers,
  });
  res.end(text);
}
