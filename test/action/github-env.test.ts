import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunContext } from '../../src/action/github-env.js';

const SHA = 'a'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'hg-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEAD = 'b'.repeat(40);

describe('readRunContext', () => {
  it('uses the workspace and runner temp, and builds blob and run links', () => {
    const context = readRunContext(
      {
        GITHUB_WORKSPACE: '/home/runner/work/r/r',
        RUNNER_TEMP: '/home/runner/work/_temp',
        GITHUB_REPOSITORY: 'octo/repo',
        GITHUB_SHA: SHA,
        GITHUB_RUN_ID: '123',
        GITHUB_RUN_ATTEMPT: '2',
      },
      '/cwd',
      '/tmp',
    );
    expect(context).toEqual({
      workspace: '/home/runner/work/r/r',
      tempDir: '/home/runner/work/_temp',
      linkBase: `https://github.com/octo/repo/blob/${SHA}/`,
      runUrl: 'https://github.com/octo/repo/actions/runs/123/attempts/2',
    });
  });

  it('links to the pull request head, not the merge commit', () => {
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { head: { sha: HEAD } } }));
    const context = readRunContext(
      {
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_SHA: SHA,
        GITHUB_EVENT_PATH: event,
        GITHUB_SERVER_URL: 'https://ghe.example/',
      },
      '/cwd',
      '/tmp',
    );
    expect(context.linkBase).toBe(`https://ghe.example/o/r/blob/${HEAD}/`);
  });

  it('falls back quietly on a missing or corrupt environment', () => {
    const event = join(dir, 'corrupt.json');
    writeFileSync(event, '{not json');
    const context = readRunContext(
      {
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_SHA: 'not-a-sha',
        GITHUB_EVENT_PATH: event,
        RUNNER_TEMP: 'relative',
        GITHUB_RUN_ID: '1; rm',
      },
      '/cwd',
      '/tmp',
    );
    expect(context).toEqual({ workspace: '/cwd', tempDir: '/tmp' });
  });
});
