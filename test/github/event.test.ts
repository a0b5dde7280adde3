// Reading the runner's event: real payload shapes (checked against GitHub's webhook schemas)
// for same-repository and fork pull requests, pushes and workflow runs, and bad payloads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGitHubEvent } from '../../src/github/event.js';
import { openApi } from './openapi.js';
import { pullRequestPayload, workflowRunPayload } from './payloads.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-event-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BASE = '1'.repeat(40);
const HEAD = '2'.repeat(40);

function envFor(name: string, payload: unknown, extra: Record<string, string> = {}) {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_SHA: '3'.repeat(40),
    GITHUB_API_URL: 'http://127.0.0.1:9/',
    ...extra,
  };
}

describe('readGitHubEvent', () => {
  it('reads a pull_request payload as GitHub sends it', () => {
    const payload = pullRequestPayload({
      number: 42,
      baseSha: BASE,
      headSha: HEAD,
      owner: 'octo',
      repo: 'models',
    });
    expect(openApi().schema('webhook-pull-request-synchronize')(payload)).toBe(true);
    const event = readGitHubEvent(envFor('pull_request', payload));
    expect(event).toMatchObject({
      name: 'pull_request',
      repo: { owner: 'octo', repo: 'models' },
      apiUrl: 'http://127.0.0.1:9',
      pullRequest: {
        number: 42,
        baseSha: BASE,
        headSha: HEAD,
        baseRef: 'main',
        headRepository: 'octo/models',
        fromFork: false,
      },
      problems: [],
    });
  });

  it('knows a fork PR, also under pull_request_target', () => {
    const payload = pullRequestPayload({
      number: 7,
      baseSha: BASE,
      headSha: HEAD,
      owner: 'octo',
      repo: 'models',
      headRepository: 'mallory/models',
      action: 'opened',
    });
    expect(openApi().schema('webhook-pull-request-opened')(payload)).toBe(true);
    expect(readGitHubEvent(envFor('pull_request_target', payload)).pullRequest?.fromFork).toBe(
      true,
    );
  });

  it('reads a push range and a workflow run', () => {
    const push = readGitHubEvent(envFor('push', { before: BASE, after: HEAD }));
    expect(push.push).toEqual({ before: BASE, after: HEAD });
    const created = readGitHubEvent(envFor('push', { before: '0'.repeat(40), after: HEAD }));
    expect(created.push?.before).toBeUndefined();

    const payload = workflowRunPayload({
      owner: 'octo',
      repo: 'models',
      headSha: HEAD,
      headRepository: 'mallory/models',
      headBranch: 'patch-1',
      runId: 99,
    });
    expect(openApi().schema('webhook-workflow-run-completed')(payload)).toBe(true);
    expect(readGitHubEvent(envFor('workflow_run', payload)).workflowRun).toEqual({
      id: 99,
      event: 'pull_request',
      headSha: HEAD,
      headBranch: 'patch-1',
      headRepository: 'mallory/models',
      pullRequests: [],
      htmlUrl: 'https://github.com/octo/models/actions/runs/99',
    });
  });

  it('never throws on a missing, malformed or hostile payload', () => {
    const broken = readGitHubEvent(envFor('pull_request', '{"pull_request": '));
    expect(broken.pullRequest).toBeUndefined();
    expect(broken.problems[0]).toMatch(/cannot be read/);
    const partial = readGitHubEvent(
      envFor('pull_request', { pull_request: { number: 1, base: { sha: 'zz' }, head: {} } }),
    );
    expect(partial.pullRequest).toBeUndefined();
    expect(partial.problems[0]).toMatch(/lacks a number, base.sha or head.sha/);
    const missing = readGitHubEvent({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'nope.json'),
      GITHUB_REPOSITORY: 'not a repo',
    });
    expect(missing.repo).toBeUndefined();
    expect(missing.apiUrl).toBe('https://api.github.com');
    expect(missing.problems).toHaveLength(2);
  });
});
