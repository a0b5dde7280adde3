// The privileged half of the fork-safe setup: a `workflow_run` job that posts the report an
// unprivileged `pull_request` job left as an artifact. What GitHub itself puts in the event (the
// run's head commit, its head repository and branch) is trusted; the artifact is not. A PR
// number from the artifact is used only after the API confirms that PR's head is the run's head
// commit, so a forged number cannot post on someone else's pull request.
import { dirname, join } from 'node:path';
import type { GitHubClient } from './client.js';
import { describeError, httpStatus } from './errors.js';
import type { GitHubEvent, RepoRef, WorkflowRunInfo } from './event.js';
import { readPullNumberFile } from './untrusted-report.js';

export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

export interface PublishTarget {
  repo: RepoRef;
  /** The reported run's head commit, from the event: where the check run goes. */
  headSha: string;
  /** The pull request to comment on, confirmed through the API. */
  pullNumber?: number;
  /** The reported run's page (its job summary has the full report too). */
  runUrl?: string;
  notices: string[];
}

export interface PublishOptions {
  event: GitHubEvent;
  client?: GitHubClient;
  /** The downloaded report; `pr-number` is looked for beside it. */
  reportFile: string;
  log: { info(message: string): void };
}

export async function resolvePublishTarget(options: PublishOptions): Promise<PublishTarget> {
  const { event, client, log } = options;
  const run = event.workflowRun;
  if (event.name !== 'workflow_run' || !run) {
    throw new PublishError(
      `mode: publish posts a report from a workflow_run job (this is a ${event.name || 'local'} event); see docs/pull-requests.md`,
    );
  }
  if (!event.repo) throw new PublishError('GITHUB_REPOSITORY is not set');
  const target: PublishTarget = {
    repo: event.repo,
    headSha: run.headSha,
    ...(run.htmlUrl ? { runUrl: run.htmlUrl } : {}),
    notices: [],
  };
  if (run.event && !['pull_request', 'pull_request_target'].includes(run.event)) {
    log.info(`handoff-gate: the reported run was a ${run.event} event; no pull request comment`);
    return target;
  }
  if (!client) {
    target.notices.push(
      'No github-token: the pull request cannot be confirmed, so no comment is posted.',
    );
    return target;
  }

  const fromArtifact = await readPullNumberFile(join(dirname(options.reportFile), 'pr-number'));
  const candidates = [
    ...(fromArtifact ? [fromArtifact] : []),
    ...run.pullRequests.map((pr) => pr.number),
  ];
  for (const number of [...new Set(candidates)]) {
    const verdict = await confirm(client, event.repo, number, run);
    if (verdict === 'match') return { ...target, pullNumber: number };
    if (verdict === 'moved') {
      target.notices.push(
        `Pull request #${number} has moved on from ${run.headSha.slice(0, 7)}; the comment is left to the run of its newer commit.`,
      );
      return target;
    }
  }
  // Fork PRs are not listed in the event: find the open PR whose head is this run's branch.
  const found = await findByHead(
    client,
    event.repo,
    run.headRepository,
    run.headBranch,
    run.headSha,
  );
  if (found) return { ...target, pullNumber: found };
  target.notices.push(
    `No open pull request has ${run.headSha.slice(0, 7)} as its head, so no comment is posted.`,
  );
  return target;
}

async function confirm(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  run: WorkflowRunInfo,
): Promise<'match' | 'moved' | 'other'> {
  try {
    const { data } = await client.rest.pulls.get({ ...repo, pull_number: number });
    if (data.head.sha === run.headSha) return 'match';
    // The same branch with a newer head is this PR moved on; anything else is not this PR.
    const sameBranch =
      data.head.ref === run.headBranch &&
      data.head.repo?.full_name?.toLowerCase() === run.headRepository?.toLowerCase();
    return sameBranch ? 'moved' : 'other';
  } catch (error) {
    if (httpStatus(error) === 404) return 'other';
    throw new PublishError(`cannot read pull request #${number}: ${describeError(error)}`);
  }
}

async function findByHead(
  client: GitHubClient,
  repo: RepoRef,
  headRepository: string | undefined,
  headBranch: string | undefined,
  headSha: string,
): Promise<number | undefined> {
  if (!headRepository || !headBranch) return undefined;
  const owner = headRepository.split('/')[0];
  const pulls = await client.paginate(client.rest.pulls.list, {
    ...repo,
    state: 'open',
    head: `${owner}:${headBranch}`,
    per_page: 100,
  });
  return pulls.find((pull) => pull.head.sha === headSha)?.number;
}
