// The inputs that connect the action to GitHub: the token, the check run and sticky comment
// switches, the baseline, where the policy comes from, and the publish mode of the fork-safe
// setup. Read beside readInputs (src/action/inputs.ts), with the same one-report-of-everything
// validation.
import { isAbsolute } from 'node:path';
import type { Scope } from '../engine/result.js';
import { usableToken } from '../github/client.js';
import type { PolicySource } from '../github/prepare.js';
import { InputError, SCOPE_VALUES, type InputReader } from './inputs.js';

export type CheckRunMode = 'auto' | 'true' | 'false';
export type ActionMode = 'check' | 'publish';

export interface GitHubInputs {
  /** undefined when empty or not evaluated by a runner. */
  githubToken?: string;
  /** Post and update the sticky pull-request comment (default true). */
  comment: boolean;
  checkRun: CheckRunMode;
  /** Baseline file, relative to the workspace. */
  baseline?: string;
  /** undefined: base on pull requests, head elsewhere. */
  policySource?: PolicySource;
  /** The scope input as given; undefined lets the event decide (changed-lines on a PR). */
  scope?: Scope;
  mode: ActionMode;
  /** publish mode: the downloaded JSON report, relative to the workspace. */
  reportFile?: string;
}

export function readGitHubInputs(read: InputReader): GitHubInputs {
  const problems: string[] = [];
  const text = (name: string): string | undefined => read(name).trim() || undefined;
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const normal = value.toLowerCase();
    if ((allowed as readonly string[]).includes(normal)) return normal as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return undefined;
  };

  const comment = pick('comment', ['true', 'false'] as const) ?? 'true';
  const checkRun = pick('check-run', ['auto', 'true', 'false'] as const) ?? 'auto';
  const policySource = pick('policy-source', ['base', 'head'] as const);
  const scope = pick('scope', SCOPE_VALUES);
  const mode = pick('mode', ['check', 'publish'] as const) ?? 'check';
  const baseline = text('baseline');
  if (baseline !== undefined) relativePath('baseline', baseline, problems);
  const reportFile = text('report-file');
  if (mode === 'publish' && reportFile === undefined) {
    problems.push('report-file is required with mode: publish (the downloaded JSON report)');
  }
  if (reportFile !== undefined && mode !== 'publish') {
    problems.push('report-file is read only with mode: publish');
  }
  // readInputs reports a bad scope already; do not say it twice.
  const own = problems.filter((p) => !p.startsWith('scope '));
  if (own.length) throw new InputError(own);
  return {
    githubToken: usableToken(read('github-token')),
    comment: comment === 'true',
    checkRun,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(policySource ? { policySource } : {}),
    ...(scope ? { scope } : {}),
    mode,
    ...(reportFile !== undefined ? { reportFile } : {}),
  };
}

/** The baseline is also read at the base commit, so it must name a file inside the repository. */
function relativePath(name: string, value: string, problems: string[]): void {
  if (isAbsolute(value) || /^[A-Za-z]:[\\/]/.test(value)) {
    problems.push(`${name}: "${value}" is absolute; give a path relative to the repository root`);
  } else if (value.split(/[\\/]/).includes('..')) {
    problems.push(`${name}: "${value}" leaves the repository; give a path inside it`);
  }
}
