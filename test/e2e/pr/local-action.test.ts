// Smoke run with @github/local-action: the TypeScript sources (src/action/local-entry.ts) under
// its stubbed @actions/core and @actions/github, on a pull request against the loopback GitHub.
// It does not fail on setFailed, so this asserts that the run completes and reports, not the
// exit status; the built bundle's behaviour is tested in pull-request.test.ts.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startFakeGitHub } from '../../github/fake-github.js';
import { pullRequestRepo, shallowClone } from '../../github/git-fixture.js';
import { pullRequestPayload } from '../../github/payloads.js';
import { FIXTURE, ROOT, TOKEN, cleanUp, tempDir } from './harness.js';

afterAll(() => cleanUp());

it('runs the action from source with local-action and writes the summary', async () => {
  const base: Record<string, string> = {};
  for (const file of ['.github/handoff.yml', 'src/legacy.py', 'src/features.py']) {
    base[file] = readFileSync(join(FIXTURE, file), 'utf8');
  }
  const repo = pullRequestRepo({ base, head: { 'src/new.py': 'OUT = "/home/bob/out.csv"\n' } });
  const workspace = shallowClone(repo);
  const server = await startFakeGitHub({
    owner: 'octo',
    repo: 'models',
    pulls: [
      {
        number: 3,
        headSha: repo.headSha,
        baseSha: repo.baseSha,
        files: [
          {
            filename: 'src/new.py',
            status: 'added',
            patch: '@@ -0,0 +1 @@\n+OUT = "/home/bob/out.csv"',
          },
        ],
      },
    ],
  });
  try {
    const dir = tempDir('hg-la-');
    const summary = join(dir, 'summary.md');
    const event = join(dir, 'event.json');
    writeFileSync(summary, '');
    writeFileSync(join(dir, 'output'), '');
    writeFileSync(
      event,
      JSON.stringify(
        pullRequestPayload({
          number: 3,
          baseSha: repo.baseSha,
          headSha: repo.headSha,
          owner: 'octo',
          repo: 'models',
        }),
      ),
    );
    const dotenv = join(dir, '.env');
    writeFileSync(
      dotenv,
      [
        'ACTIONS_STEP_DEBUG=false',
        'CI=true',
        `GITHUB_WORKSPACE=${workspace}`,
        `GITHUB_STEP_SUMMARY=${summary}`,
        `GITHUB_OUTPUT=${join(dir, 'output')}`,
        `GITHUB_EVENT_PATH=${event}`,
        'GITHUB_EVENT_NAME=pull_request',
        'GITHUB_REPOSITORY=octo/models',
        `GITHUB_SHA=${repo.headSha}`,
        `GITHUB_API_URL=${server.url}`,
        'GITHUB_RUN_ID=12',
        `RUNNER_TEMP=${dir}`,
        'HANDOFF_GATE_RETRY_BASE_MS=5',
        `INPUT_GITHUB-TOKEN=${TOKEN}`,
        'INPUT_COMMENT=true',
        'INPUT_CHECK-RUN=auto',
        '',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'),
        'run',
        ROOT,
        'src/action/local-entry.ts',
        dotenv,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? dir,
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_CONFIG_NOSYSTEM: '1',
        },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);

    expect(status, output.slice(-3000)).toBe(0);
    expect(output).toContain('Action Outputs');
    expect(output).toMatch(/'passed'\s*│\s*'false'/);
    const written = readFileSync(summary, 'utf8');
    expect(written).toContain('### ❌ handoff-gate failed: 1 error');
    expect(written).toContain('1 outside the scope');
    expect(server.checkRuns).toHaveLength(1);
    expect(server.comments.get(3)).toHaveLength(1);
    expect(server.violations).toEqual([]);
  } finally {
    await server.close();
    repo.remove();
  }
}, 300_000);
