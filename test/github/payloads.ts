// Event payloads as the runner writes them to GITHUB_EVENT_PATH, built from GitHub's own
// examples in the OpenAPI description and checked against its webhook schemas, so tests use
// real shapes rather than the few fields the action happens to read.
import { openApi } from './openapi.js';

export interface PullRequestPayload {
  number: number;
  baseSha: string;
  headSha: string;
  owner: string;
  repo: string;
  /** `owner/name` of the head repository; another name makes it a fork PR. */
  headRepository?: string;
  headRef?: string;
  action?: 'opened' | 'synchronize';
}

type Json = Record<string, unknown>;

function repository(fullName: string, fork: boolean): Json {
  const example = (openApi().example('pull-request') as Json).base as Json;
  const [owner, name] = fullName.split('/');
  const repo = structuredClone(example.repo) as Json;
  return {
    ...repo,
    name,
    full_name: fullName,
    fork,
    visibility: 'public',
    owner: { ...(repo.owner as Json), login: owner },
    html_url: `https://github.com/${fullName}`,
  };
}

export function pullRequestPayload(spec: PullRequestPayload): Json {
  const pr = openApi().example('pull-request') as Json;
  const baseRepo = repository(`${spec.owner}/${spec.repo}`, false);
  const headName = spec.headRepository ?? `${spec.owner}/${spec.repo}`;
  const headRepo = repository(headName, headName !== `${spec.owner}/${spec.repo}`);
  const side = (sha: string, ref: string, repo: Json) => ({
    ...(pr.base as Json),
    sha,
    ref,
    label: `${(repo.owner as Json).login}:${ref}`,
    repo,
    user: repo.owner,
  });
  const action = spec.action ?? 'synchronize';
  return {
    action,
    number: spec.number,
    ...(action === 'synchronize' ? { before: '0'.repeat(39) + '1', after: spec.headSha } : {}),
    pull_request: {
      ...pr,
      number: spec.number,
      // The REST example's team lacks fields the webhook schema requires; no teams are needed.
      requested_teams: [],
      base: side(spec.baseSha, 'main', baseRepo),
      head: side(spec.headSha, spec.headRef ?? 'feature', headRepo),
    },
    repository: baseRepo,
    sender: (pr as Json).user,
  };
}

export interface WorkflowRunPayload {
  owner: string;
  repo: string;
  headSha: string;
  headRepository: string;
  headBranch: string;
  runId: number;
  pullRequests?: { number: number; headSha: string; baseSha: string }[];
}

export function workflowRunPayload(spec: WorkflowRunPayload): Json {
  const api = openApi();
  const example = api.example('workflow-run') as Json;
  const base = repository(`${spec.owner}/${spec.repo}`, false);
  const head = repository(
    spec.headRepository,
    spec.headRepository !== `${spec.owner}/${spec.repo}`,
  );
  const pr = api.example('pull-request') as Json;
  const apiRepo = {
    id: 1,
    name: spec.repo,
    url: `https://api.github.com/repos/${spec.owner}/${spec.repo}`,
  };
  return {
    action: 'completed',
    repository: base,
    sender: pr.user,
    workflow: api.example('workflow'),
    workflow_run: {
      ...example,
      id: spec.runId,
      event: 'pull_request',
      status: 'completed',
      conclusion: 'success',
      head_sha: spec.headSha,
      head_branch: spec.headBranch,
      html_url: `https://github.com/${spec.owner}/${spec.repo}/actions/runs/${spec.runId}`,
      head_repository: head,
      repository: base,
      pull_requests: (spec.pullRequests ?? []).map((item) => ({
        id: item.number,
        number: item.number,
        url: `https://api.github.com/repos/${spec.owner}/${spec.repo}/pulls/${item.number}`,
        head: { sha: item.headSha, ref: spec.headBranch, repo: apiRepo },
        base: { sha: item.baseSha, ref: 'main', repo: apiRepo },
      })),
    },
  };
}
