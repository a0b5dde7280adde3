// What a pull-request run is given before the rules run: scope defaults, changed lines from the
// API or from git when the API fails, and a baseline read from the base commit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.js';
import type { GitHubEvent } from '../../src/github/event.js';
import { prepareRun } from '../../src/github/prepare.js';
import { allRuleMetas } from '../../src/run.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { pullRequestRepo, shallowClone, type PullRequestRepo } from './git-fixture.js';

const FP = (n: number) => n.toString(16).padStart(32, '0');
const baselineText = (...ns: number[]) =>
  JSON.stringify({ version: 1, entries: ns.map((n) => ({ fingerprint: FP(n) })) });

let repo: PullRequestRepo | undefined;
let server: FakeGitHub | undefined;
afterEach(async () => {
  repo?.remove();
  await server?.close();
  repo = undefined;
  server = undefined;
});

const log = { info: () => {}, debug: () => {} };
const rules = allRuleMetas();

function event(pr: PullRequestRepo | undefined, apiUrl = 'http://127.0.0.1:9'): GitHubEvent {
  return {
    name: pr ? 'pull_request' : 'push',
    repo: { owner: 'octo', repo: 'models' },
    apiUrl,
    serverUrl: 'https://github.com',
    problems: [],
    ...(pr
      ? {
          pullRequest: {
            number: 3,
            baseSha: pr.baseSha,
            headSha: pr.headSha,
            fromFork: false,
          },
        }
      : {}),
  };
}

function setupRepo(base: Record<string, string> = {}, head: Record<string, string | null> = {}) {
  repo = pullRequestRepo({
    base: { 'src/a.py': 'a\nb\nc\n', ...base },
    head: { 'src/a.py': 'a\nB\nc\n', ...head },
  });
  return shallowClone(repo);
}

describe('prepareRun', () => {
  it('defaults to changed lines on a pull request, from the API', async () => {
    const root = setupRepo();
    server = await startFakeGitHub({
      owner: 'octo',
      repo: 'models',
      pulls: [
        {
          number: 3,
          headSha: repo!.headSha,
          baseSha: repo!.baseSha,
          files: [
            { filename: 'src/a.py', status: 'modified', patch: '@@ -2 +2 @@\n-b\n+B' },
            { filename: 'model.bin', status: 'added' },
          ],
        },
      ],
    });
    const client = createGitHubClient({
      token: 'ghs_faketoken',
      baseUrl: server.url,
      retryBaseMs: 5,
    });
    const prepared = await prepareRun({ root, event: event(repo, server.url), client, rules, log });
    expect(prepared.scope).toBe('changed-lines');
    expect(prepared.changed).toEqual(
      new Map<string, Set<number> | 'all'>([
        ['src/a.py', new Set([2])],
        ['model.bin', 'all'],
      ]),
    );
    expect(prepared.baseRef).toBe(repo!.baseSha);
    expect(prepared.notices).toEqual([]);
    expect(server.violations).toEqual([]);
  });

  it('falls back to git in a shallow clone when the API keeps failing', async () => {
    const root = setupRepo({}, { 'src/new.py': 'x\n' });
    server = await startFakeGitHub({
      owner: 'octo',
      repo: 'models',
      faults: [
        {
          method: 'GET',
          route: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
          status: 502,
          times: Infinity,
        },
      ],
    });
    const client = createGitHubClient({
      token: 'ghs_faketoken',
      baseUrl: server.url,
      retryBaseMs: 5,
    });
    const lines: string[] = [];
    const prepared = await prepareRun({
      root,
      event: event(repo, server.url),
      client,
      rules,
      log: { info: (m) => lines.push(m), debug: () => {} },
    });
    expect(prepared.changed).toEqual(
      new Map([
        ['src/a.py', new Set([2])],
        ['src/new.py', new Set([1])],
      ]),
    );
    expect(lines.some((l) => /files API failed \(HTTP 502/.test(l))).toBe(true);
    expect(lines.some((l) => /2 changed files from git/.test(l))).toBe(true);
  });

  it('reports everything, with a notice, when no changed lines can be found', async () => {
    const root = setupRepo();
    const broken = {
      ...event(repo),
      pullRequest: { ...event(repo).pullRequest!, baseSha: '9'.repeat(40) },
    };
    const prepared = await prepareRun({ root, event: broken, rules, log });
    expect(prepared.scope).toBe('changed-lines');
    expect(prepared.changed).toBeUndefined();
    expect(prepared.notices.join('\n')).toMatch(
      /changed lines could not be found .*every finding is reported/,
    );
  });

  it('defaults to all off pull requests, and honours an explicit scope', async () => {
    const root = setupRepo();
    expect(await prepareRun({ root, event: event(undefined), rules, log })).toEqual({
      scope: 'all',
      notices: [],
    });
    const files = await prepareRun({
      root,
      event: event(repo),
      scope: 'changed-files',
      rules,
      log,
    });
    expect(files.scope).toBe('changed-files');
    expect(files.changed?.get('src/a.py')).toEqual(new Set([2]));
  });

  it('applies the base branch’s baseline, noting entries the PR adds', async () => {
    const root = setupRepo(
      { '.github/handoff-baseline.json': baselineText(1, 2) },
      { '.github/handoff-baseline.json': baselineText(1, 2, 3, 4) },
    );
    const prepared = await prepareRun({
      root,
      event: event(repo),
      baseline: '.github/handoff-baseline.json',
      rules,
      log,
    });
    expect(prepared.baseline).toEqual(new Set([FP(1), FP(2)]));
    expect(prepared.notices).toContain(
      "This pull request adds 2 entries to the baseline .github/handoff-baseline.json; they take effect after merge, so the base branch's baseline is applied here.",
    );
  });

  it('does not apply a baseline the PR introduces, and reads the checkout’s with policy-source head', async () => {
    const root = setupRepo({}, { 'b.json': baselineText(7) });
    const prepared = await prepareRun({ root, event: event(repo), baseline: 'b.json', rules, log });
    expect(prepared.baseline).toBeUndefined();
    expect(prepared.notices[0]).toMatch(/b\.json is new in this pull request/);
    const head = await prepareRun({
      root,
      event: event(repo),
      baseline: 'b.json',
      policySource: 'head',
      rules,
      log,
    });
    expect(head.baseline).toEqual(new Set([FP(7)]));
    writeFileSync(join(root, 'b.json'), '{"version": 1, "entries": [{}]}');
    await expect(
      prepareRun({
        root,
        event: event(repo),
        baseline: 'b.json',
        policySource: 'head',
        rules,
        log,
      }),
    ).rejects.toThrow(/b\.json:1:28: entries\[0\]: missing "fingerprint"/);
  });
});
