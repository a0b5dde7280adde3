// End to end on pull requests: the built dist/index.js, run as the runner runs it, against a
// loopback GitHub that checks every request against the OpenAPI description, on real git
// repositories cloned one commit deep as actions/checkout does.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT,
  startFakeGitHub,
  type DiffEntry,
  type FakeGitHub,
  type FakeGitHubOptions,
} from '../../github/fake-github.js';
import { pullRequestRepo, shallowClone, type PullRequestRepo } from '../../github/git-fixture.js';
import { pullRequestPayload, workflowRunPayload } from '../../github/payloads.js';
import { runGit } from '../../support/tree.js';
import {
  FIXTURE,
  built,
  cleanUp,
  ensureBuilt,
  runAction,
  tempDir,
  type ActionRun,
} from './harness.js';

const OWNER = 'octo';
const NAME = 'models';
const PR = 17;
const CHECK_RUNS = '/repos/{owner}/{repo}/check-runs';
const CHECK_RUN = '/repos/{owner}/{repo}/check-runs/{check_run_id}';
const FILES = '/repos/{owner}/{repo}/pulls/{pull_number}/files';
const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';
const COMMENT = '/repos/{owner}/{repo}/issues/comments/{comment_id}';
const LEGACY_LINE = 6; // src/legacy.py: open("/home/alice/data/train.csv")
/** src/features.py with one hardcoded path appended, and that path's line. */
const FEATURES_WITH_PATH = `${readFileSync(join(FIXTURE, 'src/features.py'), 'utf8')}\nOUT = "/home/bob/out"\n`;
const PATH_LINE = FEATURES_WITH_PATH.split('\n').indexOf('OUT = "/home/bob/out"') + 1;

beforeAll(() => ensureBuilt(), 600_000);

const repos: PullRequestRepo[] = [];
let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => {
  for (const repo of repos) repo.remove();
  cleanUp();
});

function fixtureFiles(dir = FIXTURE): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function paths(count: number, from = 1): string {
  return Array.from(
    { length: count },
    (_, i) => `RUN_${from + i} = "/home/alice/runs/${from + i}.csv"\n`,
  ).join('');
}

/** The PR files list as GitHub's API gives it, from git's own diff of the PR. */
function apiFiles(repo: PullRequestRepo, head = repo.headSha): DiffEntry[] {
  const status = runGit(repo.upstream, [
    'diff',
    '--name-status',
    '--no-renames',
    repo.forkPoint,
    head,
  ]);
  return status
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [code, filename] = line.split('\t');
      const kind = code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified';
      const diff = runGit(repo.upstream, [
        'diff',
        '-U3',
        '--no-color',
        repo.forkPoint,
        head,
        '--',
        filename,
      ]);
      const at = diff.indexOf('@@');
      return {
        filename,
        status: kind,
        ...(kind !== 'removed' && at >= 0 ? { patch: diff.slice(at).replace(/\n$/, '') } : {}),
      } as DiffEntry;
    });
}

interface Scenario {
  head: Record<string, string | null>;
  base?: Record<string, string>;
  fork?: boolean;
  server?: Partial<FakeGitHubOptions>;
}

async function scenario(spec: Scenario) {
  const repo = pullRequestRepo({ base: { ...fixtureFiles(), ...spec.base }, head: spec.head });
  repos.push(repo);
  const workspace = shallowClone(repo);
  server = await startFakeGitHub({
    owner: OWNER,
    repo: NAME,
    ...spec.server,
    pulls: [
      {
        number: PR,
        headSha: repo.headSha,
        baseSha: repo.baseSha,
        headRepository: spec.fork ? `mallory/${NAME}` : `${OWNER}/${NAME}`,
        headRef: 'feature',
        files: apiFiles(repo),
      },
    ],
  });
  const payload = pullRequestPayload({
    number: PR,
    baseSha: repo.baseSha,
    headSha: repo.headSha,
    owner: OWNER,
    repo: NAME,
    ...(spec.fork ? { headRepository: `mallory/${NAME}` } : {}),
  });
  const run = (inputs: Record<string, string> = {}, dir = workspace, body = payload) =>
    runAction({
      workspace: dir,
      eventName: 'pull_request',
      payload: body,
      inputs,
      apiUrl: server!.url,
      sha: repo.headSha,
    });
  return { repo, workspace, server, run };
}

const fileAnnotations = (run: ActionRun, command: string) =>
  run.commands.filter((c) => c.command === command && c.props.file !== undefined);

function expectDocumented(fake: FakeGitHub): void {
  expect(fake.violations).toEqual([]);
  expect(fake.requests.every((r) => r.authorized)).toBe(true);
}

describe('the action on a pull request', () => {
  it('annotates 120 findings in a check run (50 per request), comments once, and edits that comment on the next push', async () => {
    const { repo, server, run } = await scenario({ head: { 'src/paths.py': paths(120) } });
    const first = await run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(1);
    expectDocumented(server);

    const posts = server.calls('POST', CHECK_RUNS);
    const patches = server.calls('PATCH', CHECK_RUN);
    const batch = (r: { body?: unknown }) =>
      (r.body as { output: { annotations: unknown[] } }).output.annotations.length;
    expect([...posts, ...patches].map(batch)).toEqual([50, 50, 20]);
    const [check] = server.checkRuns;
    expect(check).toMatchObject({
      name: 'handoff-gate',
      head_sha: repo.headSha,
      conclusion: 'failure',
    });
    expect(check.output.title).toBe('Failed: 120 errors');
    expect(check.annotations).toHaveLength(120);
    expect(new Set(check.annotations.map((a) => a.start_line)).size).toBe(120);
    expect(check.annotations.every((a) => a.path === 'src/paths.py')).toBe(true);
    // The check run carries the annotations: no capped workflow-command copies.
    expect(fileAnnotations(first, 'error')).toEqual([]);

    // Only what the PR changed: the legacy path on an untouched line is counted, not reported.
    expect(first.outputs).toMatchObject({ errors: '120', passed: 'false' });
    expect(first.summary).toContain('1 outside the scope');
    expect(first.summary).toContain('scope `changed-lines`');

    const comments = server.comments.get(PR)!;
    expect(comments).toHaveLength(1);
    expect(comments[0].user).toEqual(BOT);
    expect(comments[0].body.startsWith('<!-- handoff-gate:sticky -->')).toBe(true);
    expect(comments[0].body).toContain('handoff-gate failed: 120 errors');
    expect(comments[0].body.length).toBeLessThanOrEqual(65_536);
    expect(first.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(first.outputs['check-run-url']).toMatch(/\/runs\/\d+$/);

    // The next push fixes every path: the same comment is edited and says the PR is clean.
    runGit(repo.upstream, ['checkout', '-q', 'feature']);
    writeFileSync(
      join(repo.upstream, 'src/paths.py'),
      'import os\nRUNS = os.environ["RUNS_DIR"]\n',
    );
    runGit(repo.upstream, ['commit', '-q', '-am', 'read paths from the environment']);
    const second = runGit(repo.upstream, ['rev-parse', 'HEAD']).trim();
    runGit(repo.upstream, ['checkout', '-q', 'main']);
    const fake = await restartWith(server, { ...repo, headSha: second });
    const clone = shallowClone(repo);
    const again = await runAction({
      workspace: clone,
      eventName: 'pull_request',
      payload: pullRequestPayload({
        number: PR,
        baseSha: repo.baseSha,
        headSha: second,
        owner: OWNER,
        repo: NAME,
      }),
      apiUrl: fake.url,
      sha: second,
    });
    expect(again.status).toBe(0);
    expectDocumented(fake);
    expect(fake.calls('POST', COMMENTS)).toHaveLength(0);
    expect(fake.calls('PATCH', COMMENT)).toHaveLength(1);
    const [edited] = fake.comments.get(PR)!;
    expect(edited.id).toBe(comments[0].id);
    expect(edited.body).toContain('**Resolved:**');
    expect(edited.body).toContain(
      `❌ 120 errors (\`${repo.headSha.slice(0, 7)}\`) → ✅ clean (\`${second.slice(0, 7)}\`)`,
    );
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: second, conclusion: 'success' });
  });

  it('on a fork PR (403 on every write) still fails on the findings, with the summary and a notice per channel', async () => {
    const { server, run } = await scenario({
      head: { 'src/paths.py': paths(12) },
      fork: true,
      server: { permissions: { checks: 'read', pullRequests: 'read' } },
    });
    const result = await run();
    expect(result.status).toBe(1);
    expect(result.outputs).toMatchObject({ errors: '12', passed: 'false' });
    expectDocumented(server);
    expect(server.calls('POST', CHECK_RUNS).map((r) => r.status)).toEqual([403]);
    expect(server.calls('POST', COMMENTS).map((r) => r.status)).toEqual([403]);
    expect(server.checkRuns).toEqual([]);
    expect(result.summary).toContain('### ❌ handoff-gate failed: 12 errors');
    expect(result.summary).toContain(
      'No check run: GitHub refused the write (HTTP 403: Resource not accessible by integration).',
    );
    expect(result.summary).toContain('Grant `checks: write`');
    expect(result.summary).toContain('Grant `pull-requests: write`');
    expect(result.summary).toContain('Pull requests from forks get a read-only token');
    // The workflow annotations stand in: GitHub's 10 per kind, and where the rest are.
    expect(fileAnnotations(result, 'error')).toHaveLength(10);
    expect(result.commands.some((c) => /2 more errors not shown/.test(c.message))).toBe(true);
    expect(
      result.commands
        .filter((c) => c.command === 'warning')
        .map((c) => c.message)
        .join('\n'),
    ).toMatch(/No check run[\s\S]*No pull-request comment/);
    expect(result.commands.at(-1)!.message).toBe(
      'handoff-gate failed: 12 errors at or above fail-on error',
    );
  });

  it('retries 429 and 500 answers and then delivers everything once', async () => {
    const { server, run } = await scenario({
      head: { 'src/features.py': FEATURES_WITH_PATH },
      server: {
        faults: [
          {
            method: 'GET',
            route: FILES,
            status: 429,
            times: 1,
            headers: { 'retry-after': '1' },
            message: 'You have exceeded a secondary rate limit.',
          },
          { method: 'POST', route: CHECK_RUNS, status: 500, times: 2 },
          { method: 'POST', route: COMMENTS, status: 502, times: 1 },
        ],
      },
    });
    const result = await run();
    expect(result.status).toBe(1);
    expectDocumented(server);
    expect(server.calls('GET', FILES).map((r) => r.status)).toEqual([429, 200]);
    expect(server.calls('POST', CHECK_RUNS).map((r) => r.status)).toEqual([500, 500, 201]);
    expect(server.calls('POST', COMMENTS).map((r) => r.status)).toEqual([502, 201]);
    expect(server.checkRuns).toHaveLength(1);
    expect(server.checkRuns[0].annotations).toHaveLength(1);
    expect(server.comments.get(PR)).toHaveLength(1);
    expect(result.summary).not.toContain('No check run');
  });

  it('judges a PR that turns the rule off by the base policy, and tells it what would change', async () => {
    const { repo, server, run } = await scenario({
      head: {
        '.github/handoff.yml': 'extends: []\nrules:\n  hardcoded-paths: "off"\n',
        'src/features.py': FEATURES_WITH_PATH,
      },
    });
    const result = await run();
    expect(result.status).toBe(1);
    expect(result.outputs.errors).toBe('1');
    expectDocumented(server);
    const short = repo.baseSha.slice(0, 7);
    expect(result.summary).toContain(`config \`.github/handoff.yml at base ${short}\``);
    expect(result.summary).toContain('This pull request changes the handoff-gate policy');
    expect(result.summary).toContain('hardcoded-paths: error → off');
    expect(server.comments.get(PR)![0].body).toContain('hardcoded-paths: error → off');
    expect(server.checkRuns[0].annotations).toMatchObject([
      { path: 'src/features.py', start_line: PATH_LINE },
    ]);

    // With policy-source head the PR's own policy applies: nothing runs, the gate passes.
    const head = await run({ 'policy-source': 'head' });
    expect(head.status).toBe(0);
    expect(head.outputs.findings).toBe('0');
  });

  it('in a shallow clone finds the changed lines with git when the API is unavailable', async () => {
    const { workspace, server, run } = await scenario({
      head: { 'src/features.py': FEATURES_WITH_PATH },
      server: { faults: [{ method: 'GET', route: FILES, status: 503, times: Infinity }] },
    });
    expect(runGit(workspace, ['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    const result = await run();
    expect(result.status).toBe(1);
    expectDocumented(server);
    expect(server.calls('GET', FILES)).toHaveLength(4); // the request and three retries
    expect(result.stdout).toContain('the pull request files API failed (HTTP 503');
    expect(result.stdout).toMatch(/handoff-gate: 1 changed files from git/);
    expect(result.outputs.errors).toBe('1');
    expect(server.checkRuns[0].annotations).toMatchObject([
      { path: 'src/features.py', start_line: PATH_LINE },
    ]);
    // The legacy finding sits on a line no one touched: counted, not reported.
    expect(result.summary).toContain('1 outside the scope');
    expect(result.summary).not.toContain(`legacy.py:${LEGACY_LINE}`);
  });

  it('hides baselined findings and counts them; a PR cannot baseline its own', async () => {
    // The baseline is written by the CLI on the base branch, as a team adopting the gate would.
    const base = tempDir('hg-pr-base-');
    cpSync(FIXTURE, base, { recursive: true });
    execFileSync(process.execPath, [built.cli, 'baseline', base], { stdio: 'pipe' });
    const baseline = readFileSync(join(base, '.github/handoff-baseline.json'), 'utf8');
    expect(JSON.parse(baseline).entries).toMatchObject([
      { ruleId: 'hardcoded-paths', file: 'src/legacy.py' },
    ]);

    const { workspace, server, run } = await scenario({
      base: { '.github/handoff-baseline.json': baseline },
      head: { 'src/features.py': FEATURES_WITH_PATH },
    });
    const result = await run({ scope: 'all', baseline: '.github/handoff-baseline.json' });
    expect(result.status).toBe(1);
    expect(result.outputs).toMatchObject({ findings: '1', errors: '1' });
    expect(result.summary).toContain('1 baselined');
    expectDocumented(server);

    // Accepting the new finding in the PR's own copy of the baseline changes nothing yet.
    const local = tempDir('hg-pr-local-');
    cpSync(workspace, local, { recursive: true });
    execFileSync(process.execPath, [built.cli, 'baseline', local], { stdio: 'pipe' });
    runGit(local, ['add', '-A']);
    runGit(local, ['commit', '-q', '-m', 'accept my own finding']);
    const sneaky = await run({ scope: 'all', baseline: '.github/handoff-baseline.json' }, local);
    expect(sneaky.status).toBe(1);
    expect(sneaky.outputs.errors).toBe('1');
    expect(sneaky.summary).toContain('This pull request adds 1 entry to the baseline');
  });
});

describe('the fork-safe two-workflow setup', () => {
  it('the pull_request job writes the report; the workflow_run job posts it without the PR code', async () => {
    const { repo, workspace, server, run } = await scenario({
      head: { 'src/paths.py': paths(3) },
      fork: true,
      server: { permissions: { checks: 'read', pullRequests: 'read' } },
    });
    // 1. Unprivileged: no GitHub writes asked for, the report and the PR number as an artifact.
    const check = await run({
      'json-file': 'handoff/report.json',
      'check-run': 'false',
      comment: 'false',
    });
    expect(check.status).toBe(1);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
    writeFileSync(join(workspace, 'handoff/pr-number'), `${PR}\n`);

    // 2. Privileged: an empty workspace with only the downloaded artifact in it.
    await server.close();
    const fake = await startFakeGitHub({
      owner: OWNER,
      repo: NAME,
      pulls: [
        {
          number: PR,
          headSha: repo.headSha,
          baseSha: repo.baseSha,
          headRepository: `mallory/${NAME}`,
          headRef: 'feature',
          files: [],
        },
      ],
    });
    const publishDir = tempDir('hg-publish-');
    mkdirSync(join(publishDir, 'artifact'));
    cpSync(join(workspace, 'handoff'), join(publishDir, 'artifact'), { recursive: true });
    const payload = workflowRunPayload({
      owner: OWNER,
      repo: NAME,
      headSha: repo.headSha,
      headRepository: `mallory/${NAME}`,
      headBranch: 'feature',
      runId: 555,
    });
    const publish = (inputs: Record<string, string>) =>
      runAction({
        workspace: publishDir,
        eventName: 'workflow_run',
        payload,
        inputs,
        apiUrl: fake.url,
      });
    const posted = await publish({ mode: 'publish', 'report-file': 'artifact/report.json' });
    expect(posted.stderr).toBe('');
    expect(posted.status).toBe(0); // the check run carries the verdict, not this job
    expect(posted.outputs).toMatchObject({ errors: '3', passed: 'false' });
    expect(fake.violations).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: repo.headSha, conclusion: 'failure' });
    expect(fake.checkRuns[0].annotations).toHaveLength(3);
    expect(fake.comments.get(PR)![0].body).toContain('handoff-gate failed: 3 errors');
    expect(fake.comments.get(PR)![0].body).toContain(
      `https://github.com/${OWNER}/${NAME}/blob/${repo.headSha}/src/paths.py#L1`,
    );

    // A tampered artifact is refused before anything is written.
    const report = JSON.parse(readFileSync(join(publishDir, 'artifact/report.json'), 'utf8'));
    report.findings[0].file = '../../.github/workflows/release.yml';
    writeFileSync(join(publishDir, 'artifact/report.json'), JSON.stringify(report));
    fake.requests.length = 0;
    const refused = await publish({ mode: 'publish', 'report-file': 'artifact/report.json' });
    expect(refused.status).toBe(1);
    expect(refused.commands.at(-1)!.message).toMatch(
      /^handoff-gate failed to run: the report does not have the handoff-gate JSON report shape/,
    );
    expect(fake.requests).toEqual([]);
    await fake.close();
  });
});

/** A fresh fake server that keeps the comments of the old one, serving the PR at a new head. */
async function restartWith(old: FakeGitHub, repo: PullRequestRepo): Promise<FakeGitHub> {
  const comments = Object.fromEntries(old.comments);
  await old.close();
  server = await startFakeGitHub({
    owner: OWNER,
    repo: NAME,
    comments,
    pulls: [
      {
        number: PR,
        headSha: repo.headSha,
        baseSha: repo.baseSha,
        files: apiFiles(repo, repo.headSha),
      },
    ],
  });
  return server;
}

describe('the CLI: baseline, --baseline, --scope and --base', () => {
  function cli(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
    try {
      const stdout = execFileSync(process.execPath, [built.cli, ...args], {
        cwd,
        encoding: 'utf8',
        stdio: 'pipe',
        env: {
          ...process.env,
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_CONFIG_NOSYSTEM: '1',
          NO_COLOR: '1',
        },
      });
      return { status: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('writes a reviewable baseline that check --baseline then honours', () => {
    const dir = tempDir('hg-cli-');
    cpSync(FIXTURE, dir, { recursive: true });
    const written = cli(['baseline', '.', '--output', 'accepted.json'], dir);
    expect(written.status).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'accepted.json'), 'utf8'));
    expect(baseline).toMatchObject({ version: 1, tool: { name: 'handoff-gate' } });
    expect(baseline.entries).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        ruleId: 'hardcoded-paths',
        file: 'src/legacy.py',
        message: expect.stringContaining('/home/alice/data/train.csv'),
      },
    ]);
    expect(cli(['check', '.', '--format', 'json'], dir).status).toBe(1);
    const accepted = cli(['check', '.', '--format', 'json', '--baseline', 'accepted.json'], dir);
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.stdout).counts).toMatchObject({ error: 0, baselined: 1 });

    writeFileSync(join(dir, 'broken.json'), '{"version": 1, "entries": [{"fingerprint": "x"}]}');
    const broken = cli(['check', '.', '--baseline', 'broken.json'], dir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('broken.json:1:44: entries[0]: "x" is not a fingerprint');
  });

  it('check --scope changed-lines --base reports only what changed since the base', () => {
    const repo = pullRequestRepo({
      base: fixtureFiles(),
      head: { 'src/features.py': FEATURES_WITH_PATH },
    });
    repos.push(repo);
    const dir = shallowClone(repo);
    const changed = cli(
      ['check', '.', '--format', 'json', '--scope', 'changed-lines', '--base', repo.baseSha],
      dir,
    );
    expect(changed.status).toBe(1);
    const report = JSON.parse(changed.stdout);
    expect(
      report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`),
    ).toEqual([`src/features.py:${PATH_LINE}`]);
    expect(report.counts.outOfScope).toBe(1);
    const usage = cli(['check', '.', '--scope', 'changed-lines'], dir);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--scope changed-lines needs --base REF');
  });
});
