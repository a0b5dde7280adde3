// `mode: publish`, the privileged half of the fork-safe setup: post a report another job wrote
// (untrusted: validated and rebuilt) as the check run and the sticky comment. It never checks
// out or runs the pull request's code, and its step passes whatever the report's verdict is:
// the check run carries the verdict to the pull request.
import type { RunResult } from '../engine/result.js';
import type { GitHubClient } from '../github/client.js';
import type { GitHubEvent } from '../github/event.js';
import { resolvePublishTarget } from '../github/publish.js';
import { readUntrustedReport } from '../github/untrusted-report.js';
import { jobSummaryChannel, logChannel } from './builtin-channels.js';
import { runChannels, type ChannelLog } from './channels.js';
import { checkRunChannel, stickyCommentChannel, type GitHubReporting } from './github-channels.js';
import { workspacePath, type RunContext } from './github-env.js';
import type { GitHubInputs } from './github-inputs.js';
import type { ActionInputs } from './inputs.js';

export interface PublishOptions {
  inputs: ActionInputs;
  github: GitHubInputs;
  context: RunContext;
  event: GitHubEvent;
  client?: GitHubClient;
  log: ChannelLog;
}

export async function publishReport(
  options: PublishOptions,
): Promise<{ result: RunResult; outputs: Record<string, string> }> {
  const { inputs, github, context, event, client, log } = options;
  const reportFile = workspacePath(context.workspace, github.reportFile ?? '');
  const result = await readUntrustedReport(reportFile, context.workspace);
  const target = await resolvePublishTarget({ event, client, reportFile, log });
  result.notices.push(...target.notices);
  // Links go to the reported commit, not to this workflow's (the default branch's) commit.
  const run: RunContext = {
    ...context,
    linkBase: `${event.serverUrl}/${target.repo.owner}/${target.repo.repo}/blob/${target.headSha}/`,
  };
  const reporting: GitHubReporting = {
    client,
    repo: target.repo,
    headSha: target.headSha,
    pullNumber: target.pullNumber,
    fromFork: false,
    checkRun: github.checkRun,
    comment: github.comment,
    detailsUrl: target.runUrl ?? context.runUrl,
    annotatedInCheckRun: false,
  };
  const { outputs } = await runChannels(
    [
      logChannel(),
      checkRunChannel(reporting),
      stickyCommentChannel(reporting),
      jobSummaryChannel(),
    ],
    { result, inputs, run },
    log,
  );
  return { result, outputs };
}
