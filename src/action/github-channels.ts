// The channels that write to GitHub: the `handoff-gate` check run and the sticky PR comment.
// They run before the job summary, so a write GitHub refuses (a fork's read-only token, a
// missing permission) becomes a notice in the summary that names the permission to grant; the
// workflow-command annotations then stand in for the check run's. Nothing here can change the
// verdict: a failure is a notice and a warning, never an exception.
import type { RunResult } from '../engine/result.js';
import { publishCheckRun } from '../github/check-run.js';
import type { GitHubClient } from '../github/client.js';
import { refusedNotice, unavailableNotice, type GitHubChannel } from '../github/degrade.js';
import { describeError, isPermissionDenied } from '../github/errors.js';
import type { RepoRef } from '../github/event.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import {
  annotationsChannel,
  jobSummaryChannel,
  jsonFileChannel,
  logChannel,
  sarifFileChannel,
} from './builtin-channels.js';
import type { Channel, ChannelLog } from './channels.js';
import type { CheckRunMode } from './github-inputs.js';

export interface GitHubReporting {
  client?: GitHubClient;
  repo?: RepoRef;
  /** The commit the check run attaches to: the PR head, or the pushed commit. */
  headSha?: string;
  /** The pull request to comment on. */
  pullNumber?: number;
  fromFork: boolean;
  checkRun: CheckRunMode;
  comment: boolean;
  /** Where the full report is (the job summary), linked from a truncated comment or summary. */
  detailsUrl?: string;
  /** Set by the check-run channel when every finding with a line is annotated there. */
  annotatedInCheckRun: boolean;
  /** Notices about channels GitHub refused: for the job summary, not for the PR comment. */
  deliveryNotices?: string[];
}

export function checkRunChannel(reporting: GitHubReporting): Channel {
  return {
    name: 'check-run',
    async write({ result, run }, log) {
      if (reporting.checkRun === 'false') return;
      const { client, repo, headSha } = reporting;
      if (!client || !repo || !headSha) {
        if (reporting.checkRun === 'true') {
          const why = !client
            ? 'there is no github-token'
            : 'the commit to attach it to is unknown';
          notice(
            result,
            log,
            unavailableNotice('check-run', `check-run is true but ${why}`),
            reporting,
          );
        } else log.debug('no check run: no token, repository or commit');
        return;
      }
      try {
        const published = await publishCheckRun(
          client,
          { repo, headSha, detailsUrl: reporting.detailsUrl ?? run.runUrl, linkBase: run.linkBase },
          result,
        );
        reporting.annotatedInCheckRun = !published.capped;
        log.info(
          `handoff-gate check run ${published.url ?? published.id}: ${published.annotated} annotations in ${published.requests} request${published.requests === 1 ? '' : 's'}`,
        );
        return {
          'check-run-id': String(published.id),
          ...(published.url ? { 'check-run-url': published.url } : {}),
        };
      } catch (error) {
        degrade('check-run', error, reporting, result, log);
      }
    },
  };
}

export function stickyCommentChannel(reporting: GitHubReporting): Channel {
  return {
    name: 'comment',
    async write({ result, run }, log) {
      if (!reporting.comment) return;
      const { client, repo, pullNumber, headSha } = reporting;
      if (pullNumber === undefined || !headSha) {
        log.debug('no pull request comment: not a pull request');
        return;
      }
      if (!client || !repo) {
        log.debug('no pull request comment: no github-token');
        return;
      }
      try {
        const outcome = await upsertStickyComment(
          client,
          {
            repo,
            number: pullNumber,
            headSha,
            detailsUrl: reporting.detailsUrl ?? run.runUrl,
            linkBase: run.linkBase,
          },
          withoutDeliveryNotices(result, reporting),
        );
        if (outcome.action === 'skipped') {
          log.info(`handoff-gate: no pull request comment (${outcome.reason})`);
          return;
        }
        log.info(
          `handoff-gate ${outcome.action} the pull request comment ${outcome.url ?? outcome.id}`,
        );
        return outcome.url ? { 'comment-url': outcome.url } : undefined;
      } catch (error) {
        degrade('comment', error, reporting, result, log);
      }
    },
  };
}

/** Skips the workflow annotations when the check run carries every one of them. */
export function fallbackAnnotationsChannel(reporting: GitHubReporting): Channel {
  const inner = annotationsChannel();
  return {
    name: inner.name,
    async write(context, log) {
      if (reporting.annotatedInCheckRun) {
        log.debug('findings are annotated in the check run; no workflow annotations');
        return;
      }
      return inner.write(context, log);
    },
  };
}

/**
 * The action's channels in order: files first (so a fork's artifact never carries this run's
 * reporting notices), then GitHub, then the summary that reports how GitHub went.
 */
export function actionChannels(reporting: GitHubReporting): Channel[] {
  return [
    logChannel(),
    sarifFileChannel(),
    jsonFileChannel(),
    checkRunChannel(reporting),
    stickyCommentChannel(reporting),
    jobSummaryChannel(),
    fallbackAnnotationsChannel(reporting),
  ];
}

function degrade(
  channel: GitHubChannel,
  error: unknown,
  reporting: GitHubReporting,
  result: RunResult,
  log: ChannelLog,
): void {
  const text = isPermissionDenied(error)
    ? refusedNotice(channel, error, reporting.fromFork)
    : unavailableNotice(
        channel,
        `GitHub did not accept it after retries (${describeError(error)}); the findings are in this job summary and the workflow annotations`,
      );
  notice(result, log, text, reporting);
  if (error instanceof Error && error.stack) log.debug(error.stack);
}

function notice(
  result: RunResult,
  log: ChannelLog,
  text: string,
  reporting?: GitHubReporting,
): void {
  result.notices.push(text);
  if (reporting) (reporting.deliveryNotices ??= []).push(text);
  log.warning(text);
}

/** The comment speaks to the PR: how the job's own reports went belongs in the job summary. */
function withoutDeliveryNotices(result: RunResult, reporting: GitHubReporting): RunResult {
  const delivery = new Set(reporting.deliveryNotices ?? []);
  return delivery.size
    ? { ...result, notices: result.notices.filter((n) => !delivery.has(n)) }
    : result;
}
