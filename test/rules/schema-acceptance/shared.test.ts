// Schema files, examples and prediction commands shared by several models: each problem is
// reported once, naming every contract that shares it, and each check or run happens once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import schemaAcceptance from '../../../src/rules/schema-acceptance.js';
import type { Finding } from '../../../src/engine/types.js';
import { checkRepo, describeFindings } from '../../contracts/support/check-repo.js';
import { tempRepo, type TempRepo } from '../../contracts/support/temp-repo.js';

const NODE = process.execPath;

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const BASE_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { age: { type: 'number' }, region: { type: 'string' } },
});

// Every change narrows what the input accepts: new required properties, a narrower type, a
// lower bound, an enum.
const HEAD_SCHEMA = JSON.stringify(
  {
    type: 'object',
    required: ['age', 'region'],
    properties: { age: { type: 'integer', minimum: 18 }, region: { enum: ['eu', 'us'] } },
  },
  null,
  2,
);

const EXAMPLES = [
  '{"age": 30, "region": "eu"}',
  '{"age": 12.5, "region": "asia"}',
  '{"region": "us"}',
  '{"age": "old", "region": "us"}',
  '{"age": ',
].join('\n');

function contract(names: string[]): string {
  return [
    'models:',
    ...names.flatMap((name) => [
      `  - name: ${name}`,
      '    input: schemas/in.json',
      '    examples: [examples/a.jsonl]',
    ]),
  ].join('\n');
}

/** The repro: the contract's models share the schema and the example; the schema narrowed. */
async function sharedRun(names: string[]): Promise<Finding[]> {
  repo = tempRepo(
    { 'x.contract.yml': contract(names), 'schemas/in.json': BASE_SCHEMA },
    { 'schemas/in.json': HEAD_SCHEMA, 'examples/a.jsonl': EXAMPLES },
  );
  const { findings } = await checkRepo(repo.root, [schemaAcceptance], repo.base);
  return findings.filter((f) => f.ruleId === 'schema-acceptance');
}

const withoutLabel = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.message.split(' — ')[0]}`;

describe('a schema and an example shared by several models', () => {
  it('reports each problem once, naming all four contracts', async () => {
    const single = (await sharedRun(['a'])).map(withoutLabel);
    repo?.cleanup();
    const findings = await sharedRun(['a', 'b', 'c', 'd']);
    const lines = describeFindings(findings).join('\n');

    expect(findings, lines).toHaveLength(11);
    expect(findings.map(withoutLabel)).toEqual(single);
    const keys = findings.map((f) => `${f.file}:${f.line}:${f.column}\0${f.message}`);
    expect(new Set(keys).size).toBe(findings.length);

    const breaking = findings.filter((f) => f.message.startsWith('breaking input schema change'));
    const exampleErrors = findings.filter((f) => f.file === 'examples/a.jsonl');
    expect(breaking.length).toBe(5);
    expect(exampleErrors.length).toBe(6);
    for (const f of findings) {
      expect(f.message).toMatch(/ — contracts "a", "b", "c", "d" \(x\.contract\.yml\)$/);
      expect(f.related).toContain('x.contract.yml');
    }
    // Example errors point at the schema they were checked against, once.
    for (const f of exampleErrors.filter((e) => e.message.includes('does not match')))
      expect(f.related).toEqual(['x.contract.yml', 'schemas/in.json']);
  });

  it('still names a single model as one contract', async () => {
    const findings = await sharedRun(['a']);
    expect(findings).toHaveLength(11);
    for (const f of findings) expect(f.message).toMatch(/ — contract "a" \(x\.contract\.yml\)$/);
  });

  it('judges a schema shared by one model’s input and another’s output in both directions', async () => {
    const base = {
      type: 'object',
      properties: { age: { type: 'number' }, region: { enum: ['eu', 'us'] } },
    };
    // `age` narrows (breaks callers of the input), `region` widens (breaks readers of the output).
    const head = {
      type: 'object',
      properties: { age: { type: 'integer' }, region: { enum: ['eu', 'us', 'asia'] } },
    };
    const shared = [
      'models:',
      '  - name: reader',
      '    input: schemas/shared.json',
      '  - name: writer',
      '    output: schemas/shared.json',
    ].join('\n');
    repo = tempRepo(
      { 'x.contract.yml': shared, 'schemas/shared.json': JSON.stringify(base, null, 2) },
      { 'schemas/shared.json': JSON.stringify(head, null, 2) },
    );
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], repo.base);
    const errors = findings.filter((f) => f.severity === 'error').map((f) => f.message);
    expect(errors).toHaveLength(2);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^breaking input schema change at `age`: type narrowed.* — contract "reader" \(x\.contract\.yml\)$/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^breaking output schema change at `region`: value "asia" now accepted.* — contract "writer" \(x\.contract\.yml\)$/,
      ),
    );
    // Each direction's harmless change is a note of its own, for its own model.
    const notes = findings.filter((f) => f.severity === 'note').map((f) => f.message);
    expect(notes).toHaveLength(2);
    expect(notes.some((n) => /non-breaking input .* — contract "reader"/.test(n))).toBe(true);
    expect(notes.some((n) => /non-breaking output .* — contract "writer"/.test(n))).toBe(true);
  });
});

describe('a prediction command shared by two models', () => {
  // Logs each run, then prints an output without the required `score`.
  const SCRIPT =
    "require('fs').appendFileSync('runs.log','run\\n');let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({label:JSON.parse(s).x})))";

  function model(name: string): string[] {
    return [
      `  - name: ${name}`,
      '    input: { schema: { type: object } }',
      '    output: schemas/out.json',
      '    examples: [examples/*.json]',
      '    predict:',
      `      command: [${JSON.stringify(NODE)}, -e, ${JSON.stringify(SCRIPT)}]`,
    ];
  }

  it('runs once per example and reports each bad output once', async () => {
    repo = tempRepo({
      'x.contract.yml': ['models:', ...model('first'), ...model('second')].join('\n'),
      'schemas/out.json': JSON.stringify({ type: 'object', required: ['score'] }),
      'examples/1.json': '{"x": 1}',
      'examples/2.json': '{"x": 2}',
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    const runs = readFileSync(join(repo.root, 'runs.log'), 'utf8').trim().split('\n');
    expect(runs).toHaveLength(2);
    expect(describeFindings(findings)).toEqual([
      'examples/1.json:1 [error] output for example `examples/1.json` does not match the output schema: (root) is missing required property "score" — contracts "first", "second" (x.contract.yml)',
      'examples/2.json:1 [error] output for example `examples/2.json` does not match the output schema: (root) is missing required property "score" — contracts "first", "second" (x.contract.yml)',
    ]);
    expect(findings[0].related).toEqual(['x.contract.yml', 'schemas/out.json']);
  });
});
