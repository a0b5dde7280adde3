// What the runner tells the action about where it runs, from its environment variables and the
// event payload: the workspace, and the URLs reports link to. Missing or malformed values only
// mean fewer links, never a failed run.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface RunContext {
  /** Absolute repository root: GITHUB_WORKSPACE, else the current directory. */
  workspace: string;
  /** Directory for files nobody asked to keep (RUNNER_TEMP, else the OS temp dir). */
  tempDir: string;
  /** `https://github.com/o/r/blob/<sha>/`, for links to finding lines. */
  linkBase?: string;
  /** The workflow run's page, where the job summary is. */
  runUrl?: string;
}

type Env = Record<string, string | undefined>;

export function readRunContext(env: Env, cwd: string, osTemp: string): RunContext {
  const workspace = resolve(cwd, env.GITHUB_WORKSPACE || '.');
  const tempDir = env.RUNNER_TEMP && isAbsolute(env.RUNNER_TEMP) ? env.RUNNER_TEMP : osTemp;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const context: RunContext = { workspace, tempDir };
  if (repository && /^[\w.-]+\/[\w.-]+$/.test(repository)) {
    // On a pull request GITHUB_SHA is the merge commit; the head commit is what the author sees.
    const sha = pullRequestHead(env.GITHUB_EVENT_PATH) ?? env.GITHUB_SHA;
    if (sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
      context.linkBase = `${server}/${repository}/blob/${sha}/`;
    }
    if (env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID)) {
      const attempt =
        env.GITHUB_RUN_ATTEMPT && /^\d+$/.test(env.GITHUB_RUN_ATTEMPT)
          ? env.GITHUB_RUN_ATTEMPT
          : '';
      context.runUrl = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}${attempt ? `/attempts/${attempt}` : ''}`;
    }
  }
  return context;
}

/** The PR head commit from the event payload, when the event is a pull request. */
function pullRequestHead(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    // Payloads are small, but a hostile or corrupt path must not stall the run.
    if (statSync(eventPath).size > 25 * 1024 * 1024) return undefined;
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
      pull_request?: { head?: { sha?: unknown } };
    };
    const sha = event.pull_request?.head?.sha;
    return typeof sha === 'string' ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** Resolve a user-given output path against the workspace. */
export function workspacePath(workspace: string, path: string): string {
  return isAbsolute(path) ? path : join(workspace, path);
}
