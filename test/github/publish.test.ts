// Which pull request a publish job may comment on: the artifact's number only when the API
// confirms that PR's head is the reported run's head commit; a fork PR found by its branch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.js';
import { readGitHubEvent } from '../../src/github/event.js';
import { PublishError, resolvePublishTarget } from '../../src/github/publish.js';
import { startFakeGitHub, type FakeGitHub, type PullState } from './fake-github.js';
import { workflowRunPayload } from './payloads.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-publish-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEAD = 'a'.repeat(40);
const log = { info: () => {} };

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fork: PullState = {
  number: 5,
  headSha: HEAD,
  baseSha: 'b'.repeat(40),
  headRef: 'patch-1',
  headRepository: 'mallory/models',
  files: [],
};
const other: PullState = {
  number: 9,
  headSha: 'c'.repeat(40),
  baseSha: 'b'.repeat(40),
  headRef: 'unrelated',
  files: [],
};

async function setup(prNumber: string | undefined, pulls: PullState[], eventName = 'workflow_run') {
  server = await startFakeGitHub({ owner: 'octo', repo: 'models', pulls });
  const folder = mkdtempSync(join(dir, 'artifact-'));
  const reportFile = join(folder, 'report.json');
  if (prNumber !== undefined) writeFileSync(join(folder, 'pr-number'), prNumber);
  const payload = join(folder, 'event.json');
  writeFileSync(
    payload,
    JSON.stringify(
      workflowRunPayload({
        owner: 'octo',
        repo: 'models',
        headSha: HEAD,
        headRepository: 'mallory/models',
        headBranch: 'patch-1',
        runId: 31,
      }),
    ),
  );
  const event = readGitHubEvent({
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: payload,
    GITHUB_REPOSITORY: 'octo/models',
    GITHUB_API_URL: server.url,
  });
  const client = createGitHubClient({
    token: 'ghs_faketoken',
    baseUrl: server.url,
    retryBaseMs: 5,
  });
  return { event, client, reportFile, server };
}

describe('resolvePublishTarget', () => {
  it('takes the artifact’s number once the API confirms its head commit', async () => {
    const { event, client, reportFile, server } = await setup('5\n', [fork, other]);
    const target = await resolvePublishTarget({ event, client, reportFile, log });
    expect(target).toMatchObject({
      repo: { owner: 'octo', repo: 'models' },
      headSha: HEAD,
      pullNumber: 5,
      runUrl: 'https://github.com/octo/models/actions/runs/31',
      notices: [],
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/octo/models/pulls/5',
    ]);
    expect(server.violations).toEqual([]);
  });

  it('ignores a forged number and finds the fork PR by its head branch', async () => {
    const { event, client, reportFile, server } = await setup('9', [fork, other]);
    const target = await resolvePublishTarget({ event, client, reportFile, log });
    expect(target.pullNumber).toBe(5);
    const list = server.requests.find((r) => r.path === '/repos/octo/models/pulls');
    expect(list?.query).toMatchObject({ state: 'open', head: 'mallory:patch-1' });
    expect(server.violations).toEqual([]);
  });

  it('does not comment for a commit the PR has moved on from', async () => {
    const { event, client, reportFile } = await setup('5', [{ ...fork, headSha: 'd'.repeat(40) }]);
    const target = await resolvePublishTarget({ event, client, reportFile, log });
    expect(target.pullNumber).toBeUndefined();
    expect(target.headSha).toBe(HEAD);
    expect(target.notices[0]).toMatch(/#5 has moved on from aaaaaaa/);
  });

  it('without a matching PR still returns the check-run target, with a notice', async () => {
    const { event, client, reportFile } = await setup(undefined, [other]);
    const target = await resolvePublishTarget({ event, client, reportFile, log });
    expect(target.pullNumber).toBeUndefined();
    expect(target.notices[0]).toMatch(/No open pull request has aaaaaaa as its head/);
  });

  it('refuses to run outside a workflow_run event, and a malformed number file', async () => {
    const wrong = await setup('5', [fork], 'pull_request');
    await expect(resolvePublishTarget({ ...wrong, log })).rejects.toBeInstanceOf(PublishError);
    await server?.close();
    const bad = await setup('5 && curl evil', [fork]);
    await expect(resolvePublishTarget({ ...bad, log })).rejects.toThrow(
      /does not hold a pull request number/,
    );
  });
});
