// Finding contracts, reporting their problems once, and the checks that need no contract.
import { afterEach, describe, expect, it } from 'vitest';
import modelInterface from '../../../src/rules/model-interface.js';
import schemaAcceptance from '../../../src/rules/schema-acceptance.js';
import { checkRepo } from '../../contracts/support/check-repo.js';
import { tempRepo, type TempRepo } from '../../contracts/support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const summary = (findings: { ruleId: string; file: string; line: number; message: string }[]) =>
  findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message.replace(/ — contract.*$/, '')}`);

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['x'],
  properties: { x: { type: 'integer' } },
});

describe('contract discovery', () => {
  it('finds *.contract.yml anywhere by default, with paths relative to the contract', async () => {
    repo = tempRepo({
      'models/a/a.contract.yml': 'models:\n  - input: in.json\n    examples: ex/*.json\n',
      'models/a/in.json': SCHEMA,
      'models/a/ex/1.json': '{"x": "one"}',
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    expect(summary(findings)).toEqual([
      'schema-acceptance models/a/ex/1.json:1 example `models/a/ex/1.json` does not match the input schema: /x must be integer (got "one")',
    ]);
  });

  it('uses only the contracts the options list, paths and inline ones', async () => {
    repo = tempRepo({
      'handoff.contract.yml': 'models:\n  - input: in.json\n    examples: nope/*.json\n',
      'contracts/main.yml': 'models:\n  - input: ../in.json\n    examples: ../ex.json\n',
      'in.json': SCHEMA,
      'ex.json': '{"x": 1.5}',
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined, {
      'schema-acceptance': {
        contracts: [
          'contracts/main.yml',
          { input: 'in.json', examples: 'ex.json', name: 'inline' },
          'missing/*.yml',
        ],
      },
    });
    expect(summary(findings).sort()).toEqual([
      'schema-acceptance :1 contract: contract "missing/*.yml" matches no file in the repository',
      'schema-acceptance ex.json:1 example `ex.json` does not match the input schema: /x must be integer (got 1.5)',
    ]);
    // Both contracts validate ex.json against in.json: one finding names them both.
    const shared = findings.find((f) => f.file === 'ex.json');
    expect(shared?.message).toMatch(
      / — contracts "in\.json" \(contracts\/main\.yml\), "inline" \(.+\)$/,
    );
  });

  it('reports a malformed contract once, at the key, even with both rules on', async () => {
    repo = tempRepo({
      'handoff.contract.yml': 'models:\n  - entrypoint: m.py:M\n    inputs: in.json\n',
      'm.py': 'class M:\n    pass\n',
    });
    const { findings } = await checkRepo(repo.root, [modelInterface, schemaAcceptance], undefined);
    expect(summary(findings)).toEqual([
      'model-interface handoff.contract.yml:3 contract: models[0]: unknown key "inputs"',
    ]);
  });

  it('reports YAML syntax errors as parse errors', async () => {
    repo = tempRepo({ 'handoff.contract.yml': 'models:\n  - input: [in.json\n' });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    expect(findings.map((f) => f.ruleId)).toEqual(['parse-error']);
    expect(findings[0].message).toMatch(/^YAML: /);
  });
});

describe('bad schemas and examples', () => {
  it('locates an invalid schema keyword and an example glob that matches nothing', async () => {
    repo = tempRepo({
      'handoff.contract.yml': 'models:\n  - input: in.json\n    examples: [ex.json, none/*.csv]\n',
      'in.json': '{\n  "type": "object",\n  "properties": {\n    "x": { "type": "int" }\n  }\n}\n',
      'ex.json': '{}',
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    expect(summary(findings)).toEqual([
      'schema-acceptance handoff.contract.yml:3 examples `none/*.csv` match no file in the repository',
      'schema-acceptance in.json:4 input schema: not a valid JSON Schema: /properties/x/type must be equal to one of the allowed values',
    ]);
  });

  it('reports binary, malformed and unknown example files without crashing', async () => {
    repo = tempRepo({
      'handoff.contract.yml': 'models:\n  - input: in.json\n    examples: ex/*\n',
      'in.json': SCHEMA,
      'ex/blob.json': Buffer.from([0, 1, 2, 0xff, 0xfe, 0]),
      'ex/broken.json': '{"x": ',
      'ex/notes.txt': 'hello',
      'ex/rows.parquet': 'PAR1 not really',
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    expect(summary(findings)).toEqual([
      'schema-acceptance ex/blob.json:1 example `ex/blob.json`: the file is unreadable (binary, too large or outside the workspace)',
      'schema-acceptance ex/broken.json:1 example `ex/broken.json`: not valid JSON: ValueExpected',
      'schema-acceptance ex/notes.txt:1 example `ex/notes.txt`: unknown example format (use .json, .jsonl, .csv, .tsv or .parquet)',
      expect.stringMatching(
        /^schema-acceptance ex\/rows.parquet:1 example `ex\/rows.parquet`: cannot read Parquet/,
      ),
    ]);
  });

  it('caps errors per file and says how many more there are', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `{"x": "row ${i}"}`).join('\n');
    repo = tempRepo({
      'handoff.contract.yml': 'models:\n  - input: in.json\n    examples: rows.jsonl\n',
      'in.json': SCHEMA,
      'rows.jsonl': rows,
    });
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined, {
      'schema-acceptance': { maxErrorsPerFile: 5 },
    });
    expect(findings).toHaveLength(6);
    expect(
      findings.filter((f) =>
        /25 more schema errors not shown \(option maxErrorsPerFile\)/.test(f.message),
      ),
    ).toHaveLength(1);
  });
});

describe('checks without a contract', () => {
  it('compares every MLmodel signature with its base version', async () => {
    const mlmodel = (inputs: string) =>
      `artifact_path: model\nsignature:\n  inputs: '${inputs}'\n  outputs: '[{"type": "double"}]'\n`;
    repo = tempRepo(
      { 'mlruns/0/abc/artifacts/model/MLmodel': mlmodel('[{"name": "a", "type": "double"}]') },
      { 'mlruns/0/abc/artifacts/model/MLmodel': mlmodel('[{"name": "a", "type": "string"}]') },
    );
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], repo.base);
    expect(summary(findings)).toEqual([
      'schema-acceptance mlruns/0/abc/artifacts/model/MLmodel:3 breaking MLflow signature change in inputs: column "a" type changed from double to string — data the base model accepted is now rejected',
    ]);
    const off = await checkRepo(repo.root, [schemaAcceptance], repo.base, {
      'schema-acceptance': { mlmodel: false },
    });
    expect(off.findings).toEqual([]);
  });

  it('compares inline schemas with the base contract’s, reported at the contract line', async () => {
    const contract = (type: string) =>
      `models:\n  - name: m\n    output:\n      schema:\n        type: object\n        properties:\n          score: { type: ${type} }\n`;
    repo = tempRepo(
      { 'handoff.contract.yml': contract('integer') },
      { 'handoff.contract.yml': contract('number') },
    );
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], repo.base);
    expect(summary(findings)).toEqual([
      'schema-acceptance handoff.contract.yml:7 breaking output schema change at `score`: type widened from integer to number — the model may now return data the base’s consumers reject',
    ]);
  });

  it('sees a change in a shared definitions file through $ref', async () => {
    const common = (min: number) =>
      JSON.stringify({ $defs: { age: { type: 'integer', minimum: min } } }, null, 2);
    repo = tempRepo(
      {
        'handoff.contract.yml': 'models:\n  - input: schemas/in.json\n',
        'schemas/in.json': JSON.stringify(
          { type: 'object', properties: { age: { $ref: 'common.json#/$defs/age' } } },
          null,
          2,
        ),
        'schemas/common.json': common(0),
      },
      { 'schemas/common.json': common(18) },
    );
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], repo.base);
    expect(summary(findings)).toEqual([
      'schema-acceptance schemas/in.json:4 breaking input schema change at `age`: minimum tightened from 0 to 18 — data the base accepted is now rejected, so existing callers break',
    ]);
  });
});

describe('hostile input', () => {
  it('refuses absurd nesting and signatures instead of overflowing the stack', async () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    let deepSchema = '{}';
    for (let i = 0; i < 5000; i++) deepSchema = `{"items": ${deepSchema}}`;
    repo = tempRepo({
      'handoff.contract.yml': [
        'models:',
        '  - input: s.json',
        '    examples: [ex.json, ex.jsonl]',
        '  - name: deep',
        '    input: deep.json',
        '    entrypoint: m.py:M',
        `    interface: { methods: { predict: "(self, ${'x, '.repeat(3000)})" } }`,
      ].join('\n'),
      's.json': '{"type": "array"}',
      'deep.json': deepSchema,
      'ex.json': deep,
      'ex.jsonl': `[]\n${deep}\n`,
      'm.py': `class M:\n    def predict(self, x):\n        pass\nx = ${'('.repeat(5000)}${')'.repeat(5000)}\n`,
    });
    const { findings } = await checkRepo(repo.root, [modelInterface, schemaAcceptance], undefined);
    expect(summary(findings)).toEqual([
      'schema-acceptance deep.json:1 input schema: nested more than 256 levels deep; not read',
      'schema-acceptance ex.json:1 example `ex.json`: nested more than 256 levels deep; not read',
      'schema-acceptance ex.jsonl:2 example `ex.jsonl`: nested more than 256 levels deep; not read',
      'model-interface handoff.contract.yml:7 contract: method `predict`: signature is too long',
    ]);
  });
});
