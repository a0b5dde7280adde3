// Policy from the base commit: on a pull request the config (and the local rule packs it
// extends) are read from the PR's base, so a PR cannot relax the gate that judges it, as
// CODEOWNERS is read from the base branch. A PR that changes the policy is told what would
// change after merge. With no policy on base, or a base policy that cannot be used, the PR's
// own policy applies and the run says so (a broken base must not block the PR that fixes it).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../config/errors.js';
import {
  CONFIG_FILE_NAMES,
  MAX_CONFIG_BYTES,
  loadConfig,
  resolveConfigText,
} from '../config/load.js';
import type { PackResolver, ResolvedConfig } from '../config/types.js';
import type { FailOn } from '../engine/result.js';
import type { RuleMeta } from '../engine/types.js';
import {
  GitError,
  ensureCommit,
  readRegularFileAtRevision,
  type HistoryOptions,
} from '../workspace/git.js';
import { describePolicyChange } from './policy-diff.js';

/** Reads a repository-relative file at one revision; undefined when absent there. */
export type RevisionReader = (path: string) => Promise<string | undefined>;

export interface BasePolicyOptions {
  root: string;
  baseSha: string;
  /** The `config` input, relative to root; found by name at the base commit when absent. */
  configFile?: string;
  /** Metas of every registered rule (`allRuleMetas()`). */
  rules: RuleMeta[];
  cli?: Partial<{ failOn: FailOn; strict: boolean }>;
  /** Resolves `extends` entries of the PR's own policy (the packs module's resolver). */
  resolvePack?: PackResolver;
  /**
   * Builds the resolver for the base policy's `extends` from a reader of files at the base
   * commit, so local packs come from the base too.
   */
  resolvePackAt?: (read: RevisionReader) => PackResolver;
  history?: HistoryOptions;
}

export interface BasePolicy {
  /** The policy to judge by, when it comes from the base; undefined lets the run load the PR's. */
  config?: ResolvedConfig;
  source: 'base' | 'head';
  /** What the PR author and reviewers should know: the policy changes, or why head was used. */
  notices: string[];
  /** Reads files at the base commit, when it is available (for the baseline file, for packs). */
  readBase?: RevisionReader;
}

/** Creates a reader of regular files at `rev` (no links, capped in size), for packs and baselines. */
export function revisionReader(
  root: string,
  rev: string,
  maxBytes = MAX_CONFIG_BYTES,
): RevisionReader {
  return (path) => readRegularFileAtRevision(root, rev, normalise(root, path), maxBytes);
}

export async function policyFromBase(options: BasePolicyOptions): Promise<BasePolicy> {
  const { root, baseSha } = options;
  const short = baseSha.slice(0, 7);
  if (!(await ensureCommit(root, baseSha, options.history))) {
    return {
      source: 'head',
      notices: [
        `The base commit ${short} could not be fetched, so the policy was read from this pull request's own files. Check out with \`fetch-depth: 0\`, or keep the token's \`contents: read\`, to judge by the base branch's policy.`,
      ],
    };
  }
  const readBase = revisionReader(root, baseSha);

  let found: { path: string; text: string } | undefined;
  try {
    found = await baseConfigText(root, options.configFile, readBase);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return {
      source: 'head',
      readBase,
      notices: [
        `The policy on the base commit ${short} cannot be used (${error.message}), so this pull request is judged by its own policy.`,
      ],
    };
  }

  const head = await headPolicy(options);
  if (!found) {
    const adds = head.config?.file ?? head.error?.problems[0]?.file;
    return {
      source: 'head',
      readBase,
      notices: adds
        ? [
            `There is no handoff-gate policy on the base branch (${short}), so this pull request's own policy (${head.config?.source ?? adds}) is used.`,
          ]
        : [],
    };
  }

  let config: ResolvedConfig;
  try {
    config = await resolveConfigText(found.text, {
      root,
      file: resolve(root, found.path),
      source: `${found.path} at base ${short}`,
      rules: options.rules,
      cli: options.cli,
      resolvePack: options.resolvePackAt?.(readBase),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const first = error.problems[0];
    return {
      source: 'head',
      readBase,
      notices: [
        `The policy on the base branch (${found.path} at ${short}) is invalid${first ? ` (line ${first.line}: ${first.message})` : ''}, so this pull request is judged by its own policy.`,
      ],
    };
  }

  const notices: string[] = [];
  if (head.error) {
    const first = head.error.problems[0];
    notices.push(
      `This pull request's policy has errors${first ? ` (${first.file}:${first.line}: ${first.message})` : ''}; it is judged by the base branch's policy (${config.source}), and the gate would fail to run after merge.`,
    );
  } else if (head.config) {
    const changes = describePolicyChange(config, head.config);
    if (changes.length) notices.push(policyChangeNotice(config.source, changes));
  }
  return { config, source: 'base', notices, readBase };
}

const MAX_LISTED_CHANGES = 12;

function policyChangeNotice(source: string, changes: string[]): string {
  const listed = changes.slice(0, MAX_LISTED_CHANGES).join('; ');
  const more =
    changes.length > MAX_LISTED_CHANGES ? `; and ${changes.length - MAX_LISTED_CHANGES} more` : '';
  return `This pull request changes the handoff-gate policy. It is judged by the base branch's policy (${source}); after merge: ${listed}${more}.`;
}

async function headPolicy(
  options: BasePolicyOptions,
): Promise<{ config?: ResolvedConfig; error?: ConfigError }> {
  try {
    return {
      config: await loadConfig(options.root, {
        file: options.configFile,
        rules: options.rules,
        cli: options.cli,
        resolvePack: options.resolvePack,
      }),
    };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}

/** The config file at the base: the one the input names, else the first of the usual names. */
async function baseConfigText(
  root: string,
  configFile: string | undefined,
  read: RevisionReader,
): Promise<{ path: string; text: string } | undefined> {
  const names = configFile !== undefined ? [normalise(root, configFile)] : [...CONFIG_FILE_NAMES];
  for (const path of names) {
    const text = await read(path);
    if (text === undefined) continue;
    if (text.includes('\0')) {
      throw new GitError(`${path} is binary, not YAML text`, [], '', undefined);
    }
    return { path, text };
  }
  return undefined;
}

/** A root-relative `/` path for a path given relative to root or absolute inside it. */
function normalise(root: string, path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new GitError(`${path} is outside the repository`, [], '', undefined);
  }
  return rel.split(sep).join('/');
}
