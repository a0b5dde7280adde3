// When PR code may run. Commands from a contract (a schema export, a prediction) are code the
// pull request controls, so they never run under `pull_request_target` — which has the base
// repository's secrets and write token — unless the policy says so. The PR cannot grant that
// itself: the contract's `allowPullRequestTarget` counts only when the base version of the
// contract already says it; the rule option comes from the base config.
import type { RuleContext } from '../engine/types.js';
import { loadContractText } from './load.js';
import type { ModelContract } from './types.js';

export type RunDecision = { run: true } | { run: false; reason: string };

export interface RunPolicyOptions {
  /** `runCommands: false` in the rule options. */
  runCommands: boolean;
  /** `allowPullRequestTarget: true` in the rule options (read from the base config). */
  allowPullRequestTarget: boolean;
  /** The workflow event, normally GITHUB_EVENT_NAME. */
  eventName: string | undefined;
}

async function baseContractAllows(ctx: RuleContext, model: ModelContract): Promise<boolean> {
  const text = await ctx.base(model.file);
  if (text === undefined) return false;
  const base = loadContractText(model.file, text);
  const same = base.models.find((m) => m.name === model.name) ?? base.models[model.index];
  return same?.predict?.allowPullRequestTarget === true;
}

export async function mayRunCommands(
  ctx: RuleContext,
  model: ModelContract,
  policy: RunPolicyOptions,
): Promise<RunDecision> {
  if (!policy.runCommands)
    return { run: false, reason: 'commands are turned off (`runCommands: false`)' };
  if (policy.eventName !== 'pull_request_target') return { run: true };
  if (policy.allowPullRequestTarget) return { run: true };
  if (model.predict?.allowPullRequestTarget && (await baseContractAllows(ctx, model)))
    return { run: true };
  return {
    run: false,
    reason:
      'the workflow runs on `pull_request_target`, where PR code would see the base repository’s secrets; set the rule option `allowPullRequestTarget: true` in the base config to run it anyway',
  };
}
