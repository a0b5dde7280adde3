// The action's GitHub channels and inputs: what is written where with each permission, and
// that a refused write becomes a notice for the job summary, never an error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runChannels, type ChannelLog } from '../../src/action/channels.js';
import {
  checkRunChannel,
  fallbackAnnotationsChannel,
  stickyCommentChannel,
  type GitHubReporting,
} from '../../src/action/github-channels.js';
import { readGitHubInputs } from '../../src/action/github-inputs.js';
import { InputError } from '../../src/action/inputs.js';
import { createGitHubClient } from '../../src/github/client.js';
import { finding, result } from '../report/build.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './fake-github.js';

const REPO = { owner: 'octo', repo: 'models' };
let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

function recorder(): ChannelLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
}

async function reporting(
  options: Partial<FakeGitHubOptions>,
  overrides: Partial<GitHubReporting> = {},
): Promise<GitHubReporting> {
  server = await startFakeGitHub({ ...REPO, ...options });
  return {
    client: createGitHubClient({ token: 'ghs_faketoken', baseUrl: server.url, retryBaseMs: 5 }),
    repo: REPO,
    headSha: 'a'.repeat(40),
    pullNumber: 4,
    fromFork: false,
    checkRun: 'auto',
    comment: true,
    annotatedInCheckRun: false,
    ...overrides,
  };
}

function capture(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return out;
}

const context = (res = result({ findings: [finding({ file: 'src/a.py', line: 2 })] })) => ({
  result: res,
  inputs: { scope: 'all' as const, strict: false },
  run: { workspace: '/w', tempDir: '/t', runUrl: 'https://github.com/octo/models/actions/runs/1' },
});

describe('GitHub channels', () => {
  it('with checks: read but pull-requests: write, comments without the check-run notice', async () => {
    const r = await reporting({ permissions: { checks: 'read', pullRequests: 'write' } });
    const ctx = context();
    const out = capture();
    const log = recorder();
    const outcome = await runChannels(
      [checkRunChannel(r), stickyCommentChannel(r), fallbackAnnotationsChannel(r)],
      ctx,
      log,
    );
    expect(outcome.failed).toEqual([]);
    expect(outcome.outputs['comment-url']).toBeDefined();
    expect(ctx.result.notices).toHaveLength(1);
    expect(ctx.result.notices[0]).toMatch(/^No check run: GitHub refused the write \(HTTP 403/);
    expect(log.lines.some((l) => l.startsWith('warning No check run'))).toBe(true);
    const body = server!.comments.get(4)![0].body;
    expect(body).not.toContain('No check run');
    // No check run, so the workflow annotations stand in.
    expect(out.join('')).toContain('::error file=src/a.py,line=2');
    expect(server!.violations).toEqual([]);
  });

  it('skips the workflow annotations when the check run carries them all', async () => {
    const r = await reporting({});
    const out = capture();
    const outcome = await runChannels(
      [checkRunChannel(r), fallbackAnnotationsChannel(r)],
      context(),
      recorder(),
    );
    expect(outcome.outputs['check-run-id']).toMatch(/^\d+$/);
    expect(r.annotatedInCheckRun).toBe(true);
    expect(out.join('')).not.toContain('::error');
  });

  it('check-run false writes nothing; true without a token says so', async () => {
    const r = await reporting({}, { checkRun: 'false', comment: false });
    await runChannels([checkRunChannel(r), stickyCommentChannel(r)], context(), recorder());
    expect(server!.requests).toEqual([]);
    const ctx = context();
    await runChannels(
      [checkRunChannel({ ...r, checkRun: 'true', client: undefined })],
      ctx,
      recorder(),
    );
    expect(ctx.result.notices).toEqual([
      'No check run: check-run is true but there is no github-token.',
    ]);
  });

  it('a server that keeps failing is a notice too, after the retries', async () => {
    const r = await reporting({
      faults: [
        { method: 'POST', route: '/repos/{owner}/{repo}/check-runs', status: 502, times: Infinity },
      ],
    });
    const ctx = context();
    capture();
    const outcome = await runChannels([checkRunChannel(r)], ctx, recorder());
    expect(outcome.failed).toEqual([]);
    expect(ctx.result.notices[0]).toMatch(
      /^No check run: GitHub did not accept it after retries \(HTTP 502/,
    );
    expect(server!.calls('POST', '/repos/{owner}/{repo}/check-runs')).toHaveLength(4);
  });
});

describe('readGitHubInputs', () => {
  const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  it('reads the action.yml defaults', () => {
    expect(
      readGitHubInputs(
        read({
          'github-token': '${{ github.token }}',
          comment: 'true',
          'check-run': 'auto',
          mode: 'check',
        }),
      ),
    ).toEqual({ comment: true, checkRun: 'auto', mode: 'check' });
  });

  it('reads every input', () => {
    expect(
      readGitHubInputs(
        read({
          'github-token': 'ghs_x',
          comment: 'FALSE',
          'check-run': 'true',
          baseline: '.github/handoff-baseline.json',
          'policy-source': 'head',
          scope: 'changed-files',
          mode: 'publish',
          'report-file': 'artifact/report.json',
        }),
      ),
    ).toEqual({
      githubToken: 'ghs_x',
      comment: false,
      checkRun: 'true',
      baseline: '.github/handoff-baseline.json',
      policySource: 'head',
      scope: 'changed-files',
      mode: 'publish',
      reportFile: 'artifact/report.json',
    });
  });

  it('reports every bad value at once', () => {
    let problems: string[] = [];
    try {
      readGitHubInputs(
        read({ comment: 'yes', 'check-run': 'always', baseline: '../b.json', mode: 'publish' }),
      );
    } catch (error) {
      if (error instanceof InputError) problems = error.problems;
    }
    expect(problems).toEqual([
      'comment must be one of true, false (got "yes")',
      'check-run must be one of auto, true, false (got "always")',
      'baseline: "../b.json" leaves the repository; give a path inside it',
      'report-file is required with mode: publish (the downloaded JSON report)',
    ]);
  });
});
