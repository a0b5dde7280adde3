// When GitHub refuses a write (a fork PR's read-only token, a workflow without the permission),
// the report still reaches the job summary and the workflow annotations; these notices say
// which channel was lost, why, and which `permissions:` entry would bring it back.
import { describeError } from './errors.js';

export type GitHubChannel = 'check-run' | 'comment';

export const PERMISSION: Record<GitHubChannel, string> = {
  'check-run': 'checks: write',
  comment: 'pull-requests: write',
};

const WHAT: Record<GitHubChannel, { lost: string; gain: string }> = {
  'check-run': {
    lost: 'No check run',
    gain: 'a `handoff-gate` check run with every finding annotated on its line',
  },
  comment: {
    lost: 'No pull-request comment',
    gain: 'one comment with the report on the pull request, updated in place on every push',
  },
};

export const FORK_ADVICE =
  'Pull requests from forks get a read-only token: the two-workflow setup in docs/pull-requests.md posts the report from a `workflow_run` job instead.';

/** The notice for a write GitHub refused (403/404). */
export function refusedNotice(channel: GitHubChannel, error: unknown, fromFork: boolean): string {
  const { lost, gain } = WHAT[channel];
  return [
    `${lost}: GitHub refused the write (${describeError(error)}).`,
    'The findings are in this job summary and in the workflow annotations (GitHub shows 10 of each kind per step).',
    `Grant \`${PERMISSION[channel]}\` in the workflow's \`permissions:\` for ${gain}.`,
    fromFork ? FORK_ADVICE : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The notice for a channel asked for explicitly that cannot run at all. */
export function unavailableNotice(channel: GitHubChannel, why: string): string {
  const { lost } = WHAT[channel];
  return `${lost}: ${why}.`;
}
