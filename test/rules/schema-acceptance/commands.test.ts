// When contract commands run: never under pull_request_target unless the base allows it.
import { afterEach, describe, expect, it } from 'vitest';
import schemaAcceptance from '../../../src/rules/schema-acceptance.js';
import { checkRepo } from '../../contracts/support/check-repo.js';
import { tempRepo, type TempRepo } from '../../contracts/support/temp-repo.js';

const NODE = process.execPath;

function contract(allow: boolean): string {
  return [
    'models:',
    '  - name: scorer',
    '    input: { schema: { type: object } }',
    '    output: { schema: { type: object, required: [score] } }',
    '    examples: ex.json',
    '    predict:',
    `      command: [${JSON.stringify(NODE)}, -e, "console.log(JSON.stringify({}))"]`,
    ...(allow ? ['      allowPullRequestTarget: true'] : []),
  ].join('\n');
}

let repo: TempRepo | undefined;
const savedEvent = process.env.GITHUB_EVENT_NAME;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  if (savedEvent === undefined) delete process.env.GITHUB_EVENT_NAME;
  else process.env.GITHUB_EVENT_NAME = savedEvent;
});

/** Messages of the run: the prediction's output lacks `score`, so a run shows up as an error. */
async function messages(options: Record<string, unknown> = {}): Promise<string[]> {
  const { findings } = await checkRepo(repo!.root, [schemaAcceptance], repo!.base, {
    'schema-acceptance': options,
  });
  return findings.map((f) => `${f.severity}: ${f.message.replace(/ — contract.*$/, '')}`);
}

const RAN =
  'error: output for example `ex.json` does not match the output schema: (root) is missing required property "score"';

describe('prediction commands and pull_request_target', () => {
  it('run on ordinary events', async () => {
    repo = tempRepo({ 'handoff.contract.yml': contract(false), 'ex.json': '{}' });
    process.env.GITHUB_EVENT_NAME = 'pull_request';
    expect(await messages()).toEqual([RAN]);
  });

  it('do not run under pull_request_target, and say why', async () => {
    repo = tempRepo({ 'handoff.contract.yml': contract(false), 'ex.json': '{}' });
    process.env.GITHUB_EVENT_NAME = 'pull_request_target';
    const found = await messages();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^note: commands of this contract were not run: the workflow runs on `pull_request_target`/,
    );
  });

  it('run when the base config allows it', async () => {
    repo = tempRepo({ 'handoff.contract.yml': contract(false), 'ex.json': '{}' });
    process.env.GITHUB_EVENT_NAME = 'pull_request_target';
    expect(await messages({ allowPullRequestTarget: true })).toEqual([RAN]);
  });

  it('do not run when only the PR’s own contract allows it', async () => {
    repo = tempRepo(
      { 'handoff.contract.yml': contract(false), 'ex.json': '{}' },
      { 'handoff.contract.yml': contract(true) },
    );
    process.env.GITHUB_EVENT_NAME = 'pull_request_target';
    expect((await messages())[0]).toMatch(/^note: commands of this contract were not run/);
  });

  it('run when the base contract already allowed it', async () => {
    repo = tempRepo(
      { 'handoff.contract.yml': contract(true), 'ex.json': '{}' },
      { 'ex.json': '{ }' },
    );
    process.env.GITHUB_EVENT_NAME = 'pull_request_target';
    expect(await messages()).toEqual([RAN]);
  });

  it('never run with runCommands: false', async () => {
    repo = tempRepo({ 'handoff.contract.yml': contract(false), 'ex.json': '{}' });
    delete process.env.GITHUB_EVENT_NAME;
    expect((await messages({ runCommands: false }))[0]).toMatch(
      /^note: commands of this contract were not run: commands are turned off/,
    );
  });
});
