// What the workflow run is about, from the runner's environment and the event payload
// (GITHUB_EVENT_PATH): the repository, the pull request and its base and head commits, a push's
// range, or the workflow run a publish job reports on. The payload is read defensively: a
// missing or malformed value leaves that part out and says why, it never throws.
import { readFileSync, statSync } from 'node:fs';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestInfo {
  number: number;
  /** The base branch's commit the PR is compared with (`pull_request.base.sha`). */
  baseSha: string;
  /** The PR's head commit, which check runs and annotations attach to. */
  headSha: string;
  baseRef?: string;
  /** `owner/name` of the head repository; differs from the base for a fork. */
  headRepository?: string;
  /** The head is in another repository: the token is read-only on `pull_request`. */
  fromFork: boolean;
}

export interface WorkflowRunInfo {
  id: number;
  /** The event that started the run being reported on (`pull_request` for the fork pattern). */
  event: string;
  /** Set by GitHub, so trusted even when the run's own content is not. */
  headSha: string;
  headBranch?: string;
  /** `owner/name` of the head repository (the fork). */
  headRepository?: string;
  /** PRs GitHub associates with the run; empty for PRs from forks. */
  pullRequests: { number: number; headSha?: string }[];
  htmlUrl?: string;
}

export interface GitHubEvent {
  /** GITHUB_EVENT_NAME: `pull_request`, `push`, `workflow_run`, ... */
  name: string;
  repo?: RepoRef;
  /** GITHUB_SHA: the merge commit on a pull request, the pushed commit on a push. */
  sha?: string;
  pullRequest?: PullRequestInfo;
  push?: { before?: string; after?: string };
  workflowRun?: WorkflowRunInfo;
  /** REST API root without a trailing slash (GITHUB_API_URL). */
  apiUrl: string;
  serverUrl: string;
  /** Why parts of the payload could not be used, for the debug log. */
  problems: string[];
}

type Env = Record<string, string | undefined>;

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const;
/** Event payloads are a few hundred KiB at most; a bigger file is not one. */
const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const ZERO_SHA = /^0+$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function readGitHubEvent(env: Env): GitHubEvent {
  const problems: string[] = [];
  const event: GitHubEvent = {
    name: env.GITHUB_EVENT_NAME?.trim() ?? '',
    apiUrl: trimUrl(env.GITHUB_API_URL) ?? 'https://api.github.com',
    serverUrl: trimUrl(env.GITHUB_SERVER_URL) ?? 'https://github.com',
    problems,
  };
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (repository && REPOSITORY.test(repository)) {
    const [owner, repo] = repository.split('/');
    event.repo = { owner, repo };
  } else if (repository) problems.push(`GITHUB_REPOSITORY "${repository}" is not owner/name`);
  const sha = env.GITHUB_SHA?.trim().toLowerCase();
  if (sha && SHA.test(sha)) event.sha = sha;

  const payload = readPayload(env.GITHUB_EVENT_PATH, problems);
  if (!payload) return event;
  if ((PULL_REQUEST_EVENTS as readonly string[]).includes(event.name)) {
    event.pullRequest = pullRequest(payload, event.repo, problems);
  } else if (event.name === 'push') {
    event.push = {
      before: commit(payload.before),
      after: commit(payload.after),
    };
  } else if (event.name === 'workflow_run') {
    event.workflowRun = workflowRun(payload, problems);
  }
  return event;
}

function readPayload(
  path: string | undefined,
  problems: string[],
): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    if (statSync(path).size > MAX_PAYLOAD_BYTES) {
      problems.push(`the event payload ${path} is over ${MAX_PAYLOAD_BYTES} bytes`);
      return undefined;
    }
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isObject(value)) return value;
    problems.push(`the event payload ${path} is not a JSON object`);
  } catch (error) {
    problems.push(
      `the event payload ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return undefined;
}

function pullRequest(
  payload: Record<string, unknown>,
  repo: RepoRef | undefined,
  problems: string[],
): PullRequestInfo | undefined {
  const pr = payload.pull_request;
  if (!isObject(pr)) {
    problems.push('the pull_request event payload has no pull_request object');
    return undefined;
  }
  const number = positiveInteger(pr.number) ?? positiveInteger(payload.number);
  const base = isObject(pr.base) ? pr.base : {};
  const head = isObject(pr.head) ? pr.head : {};
  const baseSha = commit(base.sha);
  const headSha = commit(head.sha);
  if (number === undefined || !baseSha || !headSha) {
    problems.push('the pull_request payload lacks a number, base.sha or head.sha');
    return undefined;
  }
  const headRepository = repositoryName(head.repo);
  const baseRepository =
    repositoryName(base.repo) ?? (repo ? `${repo.owner}/${repo.repo}` : undefined);
  return {
    number,
    baseSha,
    headSha,
    ...(typeof base.ref === 'string' ? { baseRef: base.ref } : {}),
    ...(headRepository ? { headRepository } : {}),
    // A deleted fork leaves head.repo null: treat it as a fork, its token is read-only too.
    fromFork:
      head.repo === null ||
      (headRepository !== undefined &&
        baseRepository !== undefined &&
        headRepository.toLowerCase() !== baseRepository.toLowerCase()),
  };
}

function workflowRun(
  payload: Record<string, unknown>,
  problems: string[],
): WorkflowRunInfo | undefined {
  const run = payload.workflow_run;
  if (!isObject(run)) {
    problems.push('the workflow_run event payload has no workflow_run object');
    return undefined;
  }
  const id = positiveInteger(run.id);
  const headSha = commit(run.head_sha);
  if (id === undefined || !headSha) {
    problems.push('the workflow_run payload lacks an id or head_sha');
    return undefined;
  }
  const pullRequests = (Array.isArray(run.pull_requests) ? run.pull_requests : []).flatMap(
    (item: unknown) => {
      if (!isObject(item)) return [];
      const number = positiveInteger(item.number);
      if (number === undefined) return [];
      const headSha = isObject(item.head) ? commit(item.head.sha) : undefined;
      return [{ number, ...(headSha ? { headSha } : {}) }];
    },
  );
  const headRepository = repositoryName(run.head_repository);
  return {
    id,
    event: typeof run.event === 'string' ? run.event : '',
    headSha,
    ...(typeof run.head_branch === 'string' ? { headBranch: run.head_branch } : {}),
    ...(headRepository ? { headRepository } : {}),
    pullRequests,
    ...(typeof run.html_url === 'string' && /^https?:\/\//.test(run.html_url)
      ? { htmlUrl: run.html_url }
      : {}),
  };
}

function repositoryName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const name = value.full_name;
  return typeof name === 'string' && REPOSITORY.test(name) ? name : undefined;
}

function commit(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const sha = value.trim().toLowerCase();
  return SHA.test(sha) && !ZERO_SHA.test(sha) ? sha : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function trimUrl(value: string | undefined): string | undefined {
  const url = value?.trim().replace(/\/+$/, '');
  return url && /^https?:\/\/[^\s]+$/.test(url) ? url : undefined;
}

export function isPullRequestEvent(event: GitHubEvent): boolean {
  return (PULL_REQUEST_EVENTS as readonly string[]).includes(event.name);
}
