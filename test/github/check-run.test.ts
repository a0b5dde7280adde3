// The check run against the loopback GitHub (requests checked against the OpenAPI description):
// every annotation in batches of 50, title and conclusion from the verdict, summary in bounds.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_RUN_NAME,
  CHECK_SUMMARY_MAX_CHARS,
  MAX_CHECK_ANNOTATIONS,
  checkAnnotations,
  checkRunTitle,
  publishCheckRun,
} from '../../src/github/check-run.js';
import { createGitHubClient, type GitHubClient } from '../../src/github/client.js';
import { finding, many, result } from '../report/build.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

const REPO = { owner: 'octo', repo: 'models' };
const SHA = 'c'.repeat(40);
const CREATE = '/repos/{owner}/{repo}/check-runs';
const UPDATE = '/repos/{owner}/{repo}/check-runs/{check_run_id}';

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ server: FakeGitHub; client: GitHubClient }> {
  server = await startFakeGitHub(REPO);
  return {
    server,
    client: createGitHubClient({ token: 'ghs_faketoken', baseUrl: server.url, retryBaseMs: 5 }),
  };
}

describe('publishCheckRun', () => {
  it('sends 120 annotations as 50 + 50 + 20, all documented requests', async () => {
    const { server, client } = await start();
    const findings = [...many(70, 'warning'), ...many(50, 'error')];
    const published = await publishCheckRun(
      client,
      { repo: REPO, headSha: SHA, detailsUrl: 'https://github.com/octo/models/actions/runs/9' },
      result({ findings }),
    );
    expect(server.violations).toEqual([]);
    const create = server.calls('POST', CREATE);
    const updates = server.calls('PATCH', UPDATE);
    expect(create).toHaveLength(1);
    expect(updates).toHaveLength(2);
    const sizes = [...create, ...updates].map(
      (r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length,
    );
    expect(sizes).toEqual([50, 50, 20]);
    const [run] = server.checkRuns;
    expect(run).toMatchObject({
      name: CHECK_RUN_NAME,
      head_sha: SHA,
      status: 'completed',
      conclusion: 'failure',
      details_url: 'https://github.com/octo/models/actions/runs/9',
    });
    expect(run.annotations).toHaveLength(120);
    // Most severe first, so the errors lead.
    expect(run.annotations[0]).toMatchObject({ annotation_level: 'failure' });
    expect(run.annotations.at(-1)).toMatchObject({ annotation_level: 'warning' });
    expect(new Set(run.annotations.map((a) => `${a.path}:${a.start_line}`)).size).toBe(120);
    expect(published).toMatchObject({
      annotated: 120,
      notAnnotated: 0,
      requests: 3,
      capped: false,
    });
    expect(run.output.title).toBe('Failed: 50 errors, 70 warnings');
  });

  it('creates one request for a clean result, passed as success', async () => {
    const { server, client } = await start();
    await publishCheckRun(client, { repo: REPO, headSha: SHA }, result());
    expect(server.requests).toHaveLength(1);
    expect(server.checkRuns[0]).toMatchObject({ conclusion: 'success', annotations: [] });
    expect(server.checkRuns[0].output.title).toBe('Passed: no findings');
    expect(server.violations).toEqual([]);
  });

  it('keeps the summary within 65,535 characters and says where the rest is', async () => {
    const { server, client } = await start();
    const findings = many(150, 'warning', { message: 'm'.repeat(1500) });
    await publishCheckRun(
      client,
      { repo: REPO, headSha: SHA, detailsUrl: 'https://github.com/octo/models/actions/runs/9' },
      result({ findings, failOn: 'error' }),
    );
    const summary = server.checkRuns[0].output.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_CHARS);
    expect(summary).toMatch(/findings not shown/);
    expect(summary).toContain('https://github.com/octo/models/actions/runs/9');
    expect(server.checkRuns[0].conclusion).toBe('success');
    expect(server.checkRuns[0].annotations).toHaveLength(150);
    expect(server.violations).toEqual([]);
  }, 60_000);
});

describe('checkAnnotations', () => {
  it('maps severities, keeps columns to single lines, names notebook cells and leaves out repo-level findings', () => {
    const annotations = checkAnnotations(
      result({
        findings: [
          finding({ severity: 'note', file: 'a.py', line: 3, column: 5, endColumn: 9 }),
          finding({ severity: 'warning', file: 'b.py', line: 3, endLine: 6, column: 2 }),
          finding({ file: 'nb.ipynb', line: 40, cell: { index: 7, line: 3 }, message: 'bad path' }),
          finding({ file: '', line: 1, message: 'import chain' }),
          finding({ file: '/elsewhere/x.py', line: 1 }),
        ],
      }),
    );
    expect(annotations.map((a) => [a.path, a.annotation_level])).toEqual([
      ['nb.ipynb', 'failure'],
      ['b.py', 'warning'],
      ['a.py', 'notice'],
    ]);
    expect(annotations[0].message).toBe('bad path (cell 7, line 3)');
    expect(annotations[1]).toMatchObject({ start_line: 3, end_line: 6 });
    expect(annotations[1].start_column).toBeUndefined();
    expect(annotations[2]).toMatchObject({ start_column: 5, end_column: 9 });
    expect(annotations[2].raw_details).toContain('Fix: ');
  });

  it('titles say the verdict and the counts', () => {
    expect(checkRunTitle(result({ findings: many(2, 'note'), failOn: 'error' }))).toBe(
      'Passed: 2 notes',
    );
    expect(checkRunTitle(result({ findings: many(1, 'warning'), failOn: 'warning' }))).toBe(
      'Failed: 1 warning',
    );
  });

  it('caps a huge result and says so in the summary', async () => {
    const calls: { kind: string; annotations: number; summary: string }[] = [];
    const stub = {
      rest: {
        checks: {
          create: async (args: { output: { annotations: unknown[]; summary: string } }) => {
            calls.push({
              kind: 'create',
              annotations: args.output.annotations.length,
              summary: args.output.summary,
            });
            return { data: { id: 1, html_url: 'https://x' } };
          },
          update: async (args: { output: { annotations: unknown[]; summary: string } }) => {
            calls.push({
              kind: 'update',
              annotations: args.output.annotations.length,
              summary: args.output.summary,
            });
            return { data: {} };
          },
        },
      },
    } as unknown as GitHubClient;
    const published = await publishCheckRun(
      stub,
      { repo: REPO, headSha: SHA },
      result({ findings: many(MAX_CHECK_ANNOTATIONS + 30, 'warning') }),
    );
    expect(calls).toHaveLength(MAX_CHECK_ANNOTATIONS / ANNOTATIONS_PER_REQUEST);
    expect(calls.reduce((n, c) => n + c.annotations, 0)).toBe(MAX_CHECK_ANNOTATIONS);
    expect(published.capped).toBe(true);
    expect(calls[0].summary).toContain('30 more are listed here and in the SARIF report');
    expect(calls[0].summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_CHARS);
  });
});
