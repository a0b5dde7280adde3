import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/hardcoded-paths.js';
import { configKind, MAX_CONFIG_BYTES } from '../../../src/rules/support/paths/config-files.js';
import { fakeContext } from './fake-context.js';

async function run(files: Record<string, string>, opts: { strict?: boolean } = {}) {
  const fake = fakeContext(files, opts);
  await rule.check(fake.ctx as never);
  return fake;
}

async function locations(files: Record<string, string>, opts: { strict?: boolean } = {}) {
  const { reports } = await run(files, opts);
  return reports.map((r) => `${r.file}:${r.line}:${r.column}`);
}

describe('hardcoded-paths on YAML and JSON config', () => {
  it('reports string values at their line and column, never keys', async () => {
    const yaml = [
      'raw_data:',
      '  type: pandas.CSVDataset',
      '  filepath: /home/alice/data/01_raw/companies.csv',
      '/home/alice/key: relative/value.csv',
      'model:',
      '  filepath: "D:\\\\models\\\\regressor.pkl"',
      '  versioned: true',
      'remote: s3://bucket/data.csv',
    ].join('\n');
    const { reports } = await run({ 'conf/base/catalog.yml': yaml });
    expect(reports.map((r) => [r.line, r.column, r.message])).toEqual([
      [3, 13, "Hardcoded personal home directory path '/home/alice/data/01_raw/companies.csv'"],
      [6, 13, "Hardcoded Windows drive path 'D:\\models\\regressor.pkl'"],
    ]);
    expect(reports[0]).toMatchObject({ endLine: 3, endColumn: 50 });
  });

  it('reads every document of a multi-document file and sequences of values', async () => {
    const yaml = [
      'a: [relative, /mnt/lake/x]',
      '---',
      'deps:',
      '  - /dbfs/tmp/in.csv',
      '  - src/x.py',
    ].join('\n');
    expect(await locations({ 'params.yaml': yaml })).toEqual([
      'params.yaml:1:15',
      'params.yaml:4:5',
    ]);
  });

  it('reads command values word by word and points at the word', async () => {
    const yaml = [
      'stages:',
      '  train:',
      '    cmd: python src/train.py --data /home/alice/data.csv --out models/',
      '    deps:',
      '      - src/train.py',
      '  evaluate:',
      '    cmd: >-',
      '      python src/eval.py',
      '      --model /scratch/alice/model.pkl',
    ].join('\n');
    const { reports } = await run({ 'dvc.yaml': yaml });
    expect(reports.map((r) => [r.line, r.column, r.message])).toEqual([
      [3, 37, "Hardcoded personal home directory path '/home/alice/data.csv'"],
      [9, 15, "Hardcoded shared cluster file-system path '/scratch/alice/model.pkl'"],
    ]);
  });

  it('reads MLproject files and leaves description text alone', async () => {
    const mlproject = [
      'name: wine',
      'entry_points:',
      '  main:',
      '    parameters:',
      '      data_path: {type: string, default: "/Users/alice/wine.csv"}',
      '      other: {type: string, description: "e.g. /Users/alice/wine.csv"}',
      '    command: "python train.py --data-path {data_path}"',
    ].join('\n');
    expect(await locations({ 'python/sklearn/MLproject': mlproject })).toEqual([
      'python/sklearn/MLproject:5:42',
    ]);
  });

  it('reads Databricks job specs in JSON', async () => {
    const json = [
      '{',
      '  "run_name": "job",',
      '  "libraries": [ { "whl": "dbfs:/home/me@corp.com/jobs/pkg.whl" } ],',
      '  "spark_python_task": {',
      '    "python_file": "dbfs:/home/me@corp.com/jobs/main.py",',
      '    "parameters": [ "--experiment-name", "/Users/me@corp.com/experiments/job" ]',
      '  },',
      '  "/Users/me@corp.com/key": "value"',
      '}',
    ].join('\n');
    const { reports } = await run({ 'jobs/run_submit.json': json });
    expect(reports.map((r) => [r.line, r.column])).toEqual([
      [3, 27],
      [5, 20],
      [6, 42],
    ]);
    expect(reports[2].message).toBe(
      "Hardcoded Databricks workspace user folder '/Users/me@corp.com/experiments/job'",
    );
  });

  it('reads only the host side of docker compose volumes', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: app',
      '    working_dir: /home/app/src',
      '    volumes:',
      '      - /Users/alice/data:/home/app/data:ro',
      '      - ./model:/app/model',
      '      - type: bind',
      '        source: /mnt/shared/cache',
      '        target: /cache',
    ].join('\n');
    expect(await locations({ 'docker-compose.yml': compose })).toEqual([
      'docker-compose.yml:6:9',
      'docker-compose.yml:9:17',
    ]);
  });

  it('reads only the prefix of a conda environment', async () => {
    const env = [
      'name: homl3',
      'channels: [conda-forge]',
      'dependencies:',
      '  - python=3.10',
      '  - pip:',
      '    - -e /home/alice/dev/pkg',
      'prefix: /home/alice/miniconda3/envs/homl3',
    ].join('\n');
    expect(await locations({ 'environment.yml': env })).toEqual(['environment.yml:7:9']);
  });

  it('skips files and documents that are not pipeline config', async () => {
    const path = 'data_dir: /home/alice/data\n';
    const files: Record<string, string> = {
      '.github/workflows/ci.yml': 'jobs: {x: {steps: [{run: "ls /home/runner/work"}]}}',
      'package.json': '{"main": "/home/alice/x.js"}',
      'tsconfig.json': '{"x": "/home/alice/x"}',
      'poetry-lock.json': '{"x": "/home/alice/x"}',
      'schemas/input.json':
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "default": "/home/a/x"}',
      'k8s/job.yaml':
        'apiVersion: batch/v1\nkind: Job\nspec: {volumes: [{hostPath: {path: /mnt/data}}]}',
      'notebooks/legacy/samples/report.json': '{"dst_dir": "/Users/john@x.com/tmp"}',
      'mlruns/0/abc/meta.yaml': 'artifact_uri: file:///home/alice/mlruns/0/abc/artifacts',
      'data/annotations.json': '{"file_name": "/home/alice/img/1.jpg"}',
      'results.json': '{"model": "/home/alice/model.pkl"}',
      'models/bert/config.json': '{"_name_or_path": "/home/alice/bert", "architectures": ["Bert"]}',
      'ckpt/trainer_state.json': '{"best_model_checkpoint": "/content/drive/MyDrive/ckpt-500"}',
      '{{ cookiecutter.repo_name }}/conf/params.yaml': path,
      'conf/params.yaml': path,
    };
    expect(await locations(files)).toEqual(['conf/params.yaml:1:11']);
  });

  it('survives malformed, empty and hostile files', async () => {
    const deep = '['.repeat(5000) + '"/home/alice/x"' + ']'.repeat(5000);
    const files = {
      'conf/broken.yml': 'a: [unclosed\n  b: /home/alice/x',
      'conf/broken.json': '{"a": "/home/alice/x",,}',
      'conf/empty.yml': '',
      'conf/deep.json': deep,
      'conf/anchors.yml': 'base: &b /mnt/x/y\nother: *b\n',
    };
    expect(await locations(files)).toEqual(['conf/anchors.yml:1:10']);
  });

  it('reports strict-only kinds in config only in strict mode', async () => {
    const files = { 'params.yaml': 'out: /raid/experiments/run1\ncolab: /content/data/x.csv\n' };
    expect(await locations(files)).toEqual([]);
    expect(await locations(files, { strict: true })).toEqual([
      'params.yaml:1:6',
      'params.yaml:2:8',
    ]);
  });
});

describe('configKind', () => {
  it.each([
    ['conf/base/catalog.yml', 'config'],
    ['params.yaml', 'config'],
    ['dvc.yaml', 'config'],
    ['MLproject', 'config'],
    ['config/train.json', 'config'],
    ['docker-compose.yaml', 'compose'],
    ['compose.override.yml', 'compose'],
    ['environment.yml', 'config'],
    ['.github/workflows/ci.yml', undefined],
    ['.pre-commit-config.yaml', undefined],
    ['mkdocs.yml', undefined],
    ['package-lock.json', undefined],
    ['pnpm-lock.yaml', undefined],
    ['tsconfig.base.json', undefined],
    ['nb/analysis.ipynb', undefined],
    ['schemas/payload.schema.json', undefined],
    ['.vscode/settings.json', undefined],
    ['.dvc/plots/default.json', undefined],
    ['outputs/2024-01-01/.hydra/config.yaml', undefined],
    ['metrics.json', undefined],
    ['reports/eval.json', undefined],
    ['src/app.py', undefined],
  ])('%s is %s', (path, kind) => {
    expect(configKind(path)).toBe(kind);
  });

  it('treats large JSON as data', () => {
    expect(configKind('conf/vocab.json', MAX_CONFIG_BYTES + 1)).toBeUndefined();
    expect(configKind('conf/vocab.json', MAX_CONFIG_BYTES)).toBe('config');
  });
});
