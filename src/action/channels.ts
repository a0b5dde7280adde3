// Where the action reports a RunResult: a list of channel writers run in order. A channel that
// fails (a full disk, a 403 from the API) becomes a warning and the others still run: the
// verdict never depends on whether a report could be delivered. New channels (check run,
// sticky PR comment) are added to the list without touching the pipeline.
import type { RunResult } from '../engine/result.js';
import type { RunContext } from './github-env.js';
import type { ActionInputs } from './inputs.js';

export interface ChannelContext {
  readonly result: RunResult;
  readonly inputs: ActionInputs;
  readonly run: RunContext;
  /** Outputs set by the channels before this one (a later channel may link an earlier file). */
  readonly outputs: Readonly<Record<string, string>>;
}

export interface ChannelLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface Channel {
  /** Short name for logs: `sarif-file`, `job-summary`, `check-run`. */
  readonly name: string;
  /** Deliver the report. May return action outputs to set (`{ 'sarif-file': path }`). */
  write(context: ChannelContext, log: ChannelLog): Promise<Record<string, string> | void>;
}

export interface ChannelOutcome {
  outputs: Record<string, string>;
  /** Names of the channels that failed, each already logged as a warning. */
  failed: string[];
}

export async function runChannels(
  channels: readonly Channel[],
  context: Omit<ChannelContext, 'outputs'>,
  log: ChannelLog,
): Promise<ChannelOutcome> {
  const outputs: Record<string, string> = {};
  const failed: string[] = [];
  for (const channel of channels) {
    try {
      const produced = await channel.write({ ...context, outputs: { ...outputs } }, log);
      if (produced) Object.assign(outputs, produced);
    } catch (error) {
      failed.push(channel.name);
      const reason = error instanceof Error ? error.message : String(error);
      log.warning(
        `handoff-gate could not write the ${channel.name} report: ${reason}. The other reports and the verdict are not affected.`,
      );
      if (error instanceof Error && error.stack) log.debug(error.stack);
    }
  }
  return { outputs, failed };
}
