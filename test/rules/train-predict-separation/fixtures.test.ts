import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkAnnotations } from '../../../src/engine/harness.js';
import type { Finding } from '../../../src/engine/types.js';
import { trainPredictSeparation } from '../../../src/rules/train-predict-separation.js';

const fixtures = fileURLToPath(
  new URL('../../fixtures/train-predict-separation/', import.meta.url),
);
const rule = trainPredictSeparation as never;
const ID = 'train-predict-separation';

const run = (dir: string, options: Record<string, unknown> = {}) =>
  checkAnnotations(`${fixtures}${dir}`, [rule], { options: { [ID]: options } });
const at = (findings: Finding[], file: string, line: number) =>
  findings.find((f) => f.file === file && f.line === line);

describe('train-predict-separation annotated fixtures', () => {
  for (const dir of readdirSync(fixtures).sort()) {
    it(`reports exactly the annotated lines in ${dir}`, async () => {
      const result = await run(dir);
      expect(result.missing).toEqual([]);
      expect(result.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    });
  }
});

describe('train-predict-separation findings', () => {
  it('carries the whole import chain in the message, data.chain and related', async () => {
    const { findings } = await run('chain');
    const entry = at(findings, 'app.py', 4);
    expect(entry?.message).toContain('app.py → src/pipeline/predict_pipeline.py → src/train.py');
    expect(entry?.data).toMatchObject({
      kind: 'imports-training-module',
      chain: ['app.py', 'src/pipeline/predict_pipeline.py', 'src/train.py'],
    });
    expect(entry?.related).toEqual(['src/pipeline/predict_pipeline.py', 'src/train.py']);
  });

  it('explains a training call reached through imported modules, step by step', async () => {
    const { findings } = await run('flask-train-route');
    const route = at(findings, 'app.py', 27);
    expect(route?.message).toMatch(
      /`run_training\(path\)` → `pipeline\.build_and_fit\(frame\)` \(service\/jobs\.py:8\) → `model\.fit\(frame, y\)` \(ml\/pipeline\.py:13\)/,
    );
    expect(route?.data).toMatchObject({
      kind: 'trains-in-serving',
      chain: ['app.py', 'service/jobs.py', 'ml/pipeline.py'],
    });
    expect(route?.related).toEqual(['service/jobs.py', 'ml/pipeline.py']);
  });

  it('names the notebook cell that runs on import', async () => {
    const { findings } = await run('notebook-import');
    const report = at(findings, 'report.py', 2);
    expect(report?.message).toContain("cell 3, line 1 runs `frame = load('data/raw.csv')`");
    expect(report?.data).toMatchObject({
      kind: 'notebook-runs-on-import',
      chain: ['report.py', 'explore.ipynb'],
    });
  });

  it('says which entry of trainingOnly matched and why it is training-only', async () => {
    const { findings } = await run('training-libs');
    expect(at(findings, 'predict.py', 8)?.message).toContain(
      'imports `torch.optim` (and 1 more use): `torch.optim` is only needed to train (optimizers',
    );
    expect(at(findings, 'predict.py', 21)?.message).toContain('uses `mlflow.log_metric`');
  });
});

describe('train-predict-separation options', () => {
  it('finds no serving module by content when inferRoles is off', async () => {
    const { findings } = await run('flask-train-route', { inferRoles: false });
    expect(findings).toEqual([]);
  });

  it('takes serving and training patterns from the options', async () => {
    const { findings } = await run('flask-train-route', {
      predict: ['service/'],
      train: ['ml/pipeline.py'],
      inferRoles: false,
    });
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ['service/jobs.py', 2],
      ['service/jobs.py', 8],
    ]);
  });

  it('extends the training-only list and narrows the training methods', async () => {
    const libs = await run('training-libs', { trainingOnly: ['sklearn.preprocessing'] });
    expect(libs.findings.map((f) => f.line)).toEqual([7]);
    const api = await run('fastapi-app', { trainingMethods: ['fit'] });
    expect(api.findings.map((f) => f.line)).toEqual([7, 31]);
  });

  it('can leave notebook imports alone', async () => {
    const { findings } = await run('notebook-import', { notebookImports: false });
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['serve_app.py:5']);
  });
});
