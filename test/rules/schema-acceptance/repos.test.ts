// The three fixture repositories of the issue — a scikit-learn model, an MLflow pyfunc model and
// a FastAPI/pydantic service — each with a base commit and a PR commit on top. Every finding is
// annotated in the head files (`# expect:` comments, `.expect` sidecars for JSON and binaries).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import modelInterface from '../../../src/rules/model-interface.js';
import schemaAcceptance from '../../../src/rules/schema-acceptance.js';
import { checkRepo, describeFindings } from '../../contracts/support/check-repo.js';
import { makeRepo, type FixtureRepo } from '../../contracts/support/git-repo.js';
import { writeParquet } from '../../contracts/support/parquet-writer.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/contracts');
const RULES = [modelInterface, schemaAcceptance];

function hasPydantic(): boolean {
  try {
    execFileSync('python3', ['-c', 'import pydantic'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const PARQUET = {
  // Row 2 has a negative tenure, which the head schema's minimum (1) rejects.
  'examples/customers.parquet': writeParquet([
    { name: 'tenure_months', type: 'int64', values: [5, -2] },
    { name: 'monthly_charges', type: 'double', values: [10, 20] },
    { name: 'region', type: 'string', values: ['eu', 'us'] },
  ]),
  'examples/customers.parquet.expect': '1: expect: schema-acceptance\n',
};

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe('scikit-learn model with a Node prediction command', () => {
  it('reports every annotated breaking change, bad example and bad output, and nothing else', async () => {
    repo = makeRepo(join(FIXTURES, 'sklearn'), PARQUET);
    const result = await checkRepo(repo.root, RULES, repo.base);
    expect(result.missing).toEqual([]);
    expect(describeFindings(result.unexpected)).toEqual([]);
    expect(result.matched).toBe(16);
  });

  it('says what breaks and for whom', async () => {
    repo = makeRepo(join(FIXTURES, 'sklearn'), PARQUET);
    const { findings } = await checkRepo(repo.root, RULES, repo.base);
    const messages = describeFindings(findings);
    expect(messages).toContain(
      'schemas/input.schema.json:6 [error] breaking input schema change at `tenure_months`: minimum tightened from 0 to 1 — data the base accepted is now rejected, so existing callers break — contract "churn" (handoff.contract.yml)',
    );
    expect(messages).toContain(
      'schemas/output.schema.json:7 [error] breaking output schema change at `label`: value "unknown" now accepted — the model may now return data the base’s consumers reject — contract "churn" (handoff.contract.yml)',
    );
    expect(messages).toContain(
      'examples/customers.csv:3 [error] example `examples/customers.csv row 2` does not match the input schema: /tenure_months must be integer (got "abc") (row 2, column 1 "tenure_months") — contract "churn" (handoff.contract.yml)',
    );
    const note = findings.find(
      (f) => f.file === 'schemas/input.schema.json' && f.severity === 'note',
    );
    expect(note?.data?.changes).toHaveLength(2);
    const output = findings.find((f) => f.file === 'examples/batch.jsonl' && f.line === 3);
    expect(output?.related).toEqual(['handoff.contract.yml', 'schemas/output.schema.json']);
  });

  it('reports no schema changes without a base, and still checks examples and outputs', async () => {
    repo = makeRepo(join(FIXTURES, 'sklearn'), PARQUET);
    const { findings } = await checkRepo(repo.root, [schemaAcceptance], undefined);
    expect(findings.filter((f) => f.file.startsWith('schemas/'))).toEqual([]);
    expect(findings.filter((f) => f.file.startsWith('examples/')).length).toBe(8);
  });
});

describe('MLflow pyfunc model with an MLmodel signature and a Python batch command', () => {
  it('reports the annotated signature, schema, output and interface findings', async () => {
    repo = makeRepo(join(FIXTURES, 'mlflow'));
    const result = await checkRepo(repo.root, RULES, repo.base);
    expect(result.missing).toEqual([]);
    expect(describeFindings(result.unexpected)).toEqual([]);
    expect(result.matched).toBe(6);
    const signature = result.findings
      .filter((f) => f.file === 'model/MLmodel')
      .map((f) => f.message);
    expect(signature).toContain(
      'breaking MLflow signature change in inputs: column "age" type changed from long to integer — data the base model accepted is now rejected',
    );
    expect(signature).toContain(
      'breaking MLflow signature change in inputs: required column "segment" added — data the base model accepted is now rejected',
    );
    expect(signature.find((m) => m.startsWith('4 non-breaking'))).toContain(
      'tensor #1 type changed from float64 to float32',
    );
  });
});

describe.skipIf(!hasPydantic())('FastAPI service whose schemas come from pydantic', () => {
  it('exports head and base schemas with the contract command and reports the new required field', async () => {
    repo = makeRepo(join(FIXTURES, 'fastapi'));
    const result = await checkRepo(repo.root, RULES, repo.base);
    expect(result.missing).toEqual([]);
    expect(describeFindings(result.unexpected)).toEqual([]);
    const breaking = result.findings.find((f) =>
      f.message.startsWith('breaking input schema change'),
    );
    expect(breaking?.message).toContain('property "ocean_proximity" is now required');
  });
});
