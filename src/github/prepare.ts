// Everything a run on a pull request needs before the rules run: the scope (changed lines by
// default), the lines the PR changed (from the API, else from git in the checkout, fetching the
// history a shallow clone lacks), the policy from the base commit, and the baseline (also from
// the base, so a PR cannot accept its own findings). Each step degrades to something safe and
// says so: without changed lines every finding is reported, never none.
import { resolve } from 'node:path';
import type { PackResolver, ResolvedConfig } from '../config/types.js';
import {
  BaselineError,
  MAX_BASELINE_BYTES,
  parseBaselineText,
  readBaseline,
  type Baseline,
} from '../engine/baseline.js';
import type { ChangedLines } from '../engine/filters.js';
import type { FailOn, Scope } from '../engine/result.js';
import type { RuleMeta } from '../engine/types.js';
import { gitChangedLines } from '../workspace/changed.js';
import { ensureCommit, type HistoryOptions } from '../workspace/git.js';
import type { GitHubClient } from './client.js';
import { describeError } from './errors.js';
import type { GitHubEvent } from './event.js';
import { basePackResolver } from './base-packs.js';
import { policyFromBase, revisionReader, type RevisionReader } from './policy.js';
import { pullRequestChangedLines } from './pull-files.js';

export type PolicySource = 'base' | 'head';

export interface PrepareLog {
  info(message: string): void;
  debug(message: string): void;
}

export interface PrepareOptions {
  root: string;
  event: GitHubEvent;
  client?: GitHubClient;
  /** The `scope` input; undefined picks changed-lines on pull requests, all elsewhere. */
  scope?: Scope;
  /** The `policy-source` input; undefined picks base on pull requests, head elsewhere. */
  policySource?: PolicySource;
  configFile?: string;
  /** The `baseline` input: a path relative to root. */
  baseline?: string;
  rules: RuleMeta[];
  cli?: Partial<{ failOn: FailOn; strict: boolean }>;
  /**
   * Creates the checkout's resolver for `extends` (the packs module's). Local declarative packs
   * of the base policy are read at the base commit instead.
   */
  packResolver?: () => PackResolver;
  history?: HistoryOptions;
  log: PrepareLog;
}

export interface Prepared {
  scope: Scope;
  changed?: ChangedLines;
  /** The base commit, when it is available locally (for rules that compare base and head). */
  baseRef?: string;
  /** The policy read from the base commit; undefined lets the run load the checkout's. */
  config?: ResolvedConfig;
  baseline?: Set<string>;
  notices: string[];
}

export async function prepareRun(options: PrepareOptions): Promise<Prepared> {
  const { event, log } = options;
  const pr = event.pullRequest;
  const notices: string[] = [];
  const history: HistoryOptions = {
    ...options.history,
    onFetch: (what) => log.info(`handoff-gate: ${what}`),
  };

  let baseRef: string | undefined;
  if (pr && (await ensureCommit(options.root, pr.baseSha, history))) baseRef = pr.baseSha;

  // Without changed lines the filters report every finding; the notice says why.
  const scope: Scope = options.scope ?? (pr ? 'changed-lines' : 'all');
  const changed = scope === 'all' ? undefined : await changedLines(options, history, notices);

  const source: PolicySource = options.policySource ?? (pr ? 'base' : 'head');
  let config: ResolvedConfig | undefined;
  let readBase: RevisionReader | undefined;
  const moduleNotices = new Set<string>();
  if (source === 'base' && pr) {
    const policy = await policyFromBase({
      root: options.root,
      baseSha: pr.baseSha,
      configFile: options.configFile,
      rules: options.rules,
      cli: options.cli,
      resolvePack: options.packResolver?.(),
      resolvePackAt: options.packResolver
        ? (read) =>
            basePackResolver({
              root: options.root,
              read,
              head: options.packResolver!(),
              onChangedModule: (entry) =>
                moduleNotices.add(
                  `The rule pack ${entry} is a module this pull request changes; modules load from the checkout, so the changed version is used.`,
                ),
            })
        : undefined,
      history,
    });
    config = policy.config;
    notices.push(...policy.notices, ...moduleNotices);
    // The baseline is policy too, wherever the config came from: read it at the base as well.
    if (baseRef) readBase = revisionReader(options.root, baseRef, MAX_BASELINE_BYTES);
    log.info(
      `handoff-gate: policy from ${policy.source === 'base' ? `the base commit ${pr.baseSha.slice(0, 7)}` : "the pull request's own files"}`,
    );
  } else if (source === 'base') {
    log.debug('policy-source base applies to pull requests only; using the checkout');
  }

  const baseline = options.baseline
    ? await loadBaseline(options.root, options.baseline, readBase, notices)
    : undefined;

  return {
    scope,
    ...(changed ? { changed } : {}),
    ...(baseRef ? { baseRef } : {}),
    ...(config ? { config } : {}),
    ...(baseline ? { baseline: baseline.fingerprints } : {}),
    notices,
  };
}

/** Changed lines from the API, else from git; undefined (with a notice) when neither works. */
async function changedLines(
  options: PrepareOptions,
  history: HistoryOptions,
  notices: string[],
): Promise<ChangedLines | undefined> {
  const { event, log, client } = options;
  const pr = event.pullRequest;
  let apiProblem: string | undefined;
  if (pr && client && event.repo) {
    try {
      const listed = await pullRequestChangedLines(client, event.repo, pr.number);
      if (listed.complete) {
        log.info(`handoff-gate: ${listed.files} changed files from the pull request API`);
        return listed.changed;
      }
      apiProblem = `the API lists only the first ${listed.files} files`;
    } catch (error) {
      apiProblem = describeError(error);
    }
    log.info(`handoff-gate: the pull request files API failed (${apiProblem}); using git`);
  } else if (pr) {
    apiProblem = 'no github-token';
  }
  const base = pr?.baseSha ?? event.push?.before;
  if (!base) {
    notices.push(
      `Scope ${options.scope ?? 'changed-lines'} needs a pull request or a push to compare with, so every finding is reported.`,
    );
    return undefined;
  }
  try {
    const { changed } = await gitChangedLines(options.root, { base, head: 'HEAD', ...history });
    log.info(`handoff-gate: ${changed.size} changed files from git (against ${base.slice(0, 7)})`);
    return changed;
  } catch (error) {
    notices.push(
      `The changed lines could not be found (${apiProblem ? `API: ${apiProblem}; ` : ''}git: ${describeError(error)}), so every finding is reported.`,
    );
    return undefined;
  }
}

/**
 * The baseline to apply. With the policy from the base commit the base's copy is used, so a PR
 * that adds its own findings to the file is still judged without them (and told so).
 */
async function loadBaseline(
  root: string,
  path: string,
  readBase: RevisionReader | undefined,
  notices: string[],
): Promise<Baseline | undefined> {
  if (!readBase) return readBaseline(resolve(root, path), path);
  let head: Baseline | undefined;
  let headError: BaselineError | undefined;
  try {
    head = await readBaseline(resolve(root, path), path);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    headError = error;
  }
  let baseText: string | undefined;
  try {
    baseText = await readBase(path);
  } catch (error) {
    notices.push(
      `The baseline ${path} on the base branch cannot be read (${describeError(error)}); no baseline is applied.`,
    );
    return undefined;
  }
  if (baseText === undefined) {
    if (head) {
      notices.push(
        `The baseline ${path} is new in this pull request; it takes effect after merge, so it is not applied here.`,
      );
    } else if (headError) throw headError;
    return undefined;
  }
  let base: Baseline;
  try {
    base = parseBaselineText(baseText, path);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    // A broken baseline on base must not block the PR that repairs it.
    if (head) {
      notices.push(
        `The baseline ${path} on the base branch is invalid (${error.problems[0]?.message ?? error.message}); this pull request's copy is used.`,
      );
      return head;
    }
    throw error;
  }
  if (head) {
    const added = [...head.fingerprints].filter((f) => !base.fingerprints.has(f)).length;
    if (added) {
      notices.push(
        `This pull request adds ${added} ${added === 1 ? 'entry' : 'entries'} to the baseline ${path}; ${added === 1 ? 'it takes' : 'they take'} effect after merge, so the base branch's baseline is applied here.`,
      );
    }
  }
  return base;
}
