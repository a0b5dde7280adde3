import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseCondaSpec } from '../../src/manifests/conda-spec.js';
import { environmentKind, parseEnvironment } from '../../src/manifests/conda.js';

const PEER = join(__dirname, '../fixtures/manifests/peer/conda');

function read(path: string, text = readFileSync(join(PEER, path), 'utf8')) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter }) as Document.Parsed;
  const locate = (offset: number) => {
    const at = counter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  return { doc, result: parseEnvironment(path, doc, locate) };
}

const row = (d: {
  line: number;
  column?: number;
  name: string;
  source: string;
  pinned: boolean;
  strictOnly?: boolean;
}) =>
  `${d.line}:${d.column} ${d.source} ${d.name} ${d.pinned ? 'pinned' : d.strictOnly ? 'strict-only' : 'unpinned'}`;

describe('conda environment files (peer fixtures)', () => {
  it('reads conda and pip entries of the real Azure file with conda semantics for =, == and ranges', () => {
    const { result } = read(
      'azure-machinelearningnotebooks/how-to-use-azureml/automated-machine-learning/automl_env_linux.yml',
    );
    expect(result.declarations.map(row)).toEqual([
      '9:3 conda pip pinned',
      '10:3 conda python unpinned',
      '11:3 conda matplotlib pinned',
      '12:3 conda numpy unpinned',
      '13:3 conda urllib3 pinned',
      '14:3 conda scipy pinned',
      '15:3 conda scikit-learn pinned',
      '16:3 conda holidays pinned',
      '17:12 conda pytorch strict-only',
      '18:3 conda cudatoolkit strict-only',
      '19:3 conda notebook unpinned',
      '23:5 conda-pip azureml-widgets unpinned',
      '24:5 conda-pip azureml-defaults unpinned',
      '25:5 conda-pip pytorch-transformers pinned',
      '26:5 conda-pip spacy pinned',
      '27:5 conda-pip xgboost pinned',
      '28:5 conda-pip prophet pinned',
      '29:5 conda-pip en_core_web_sm pinned',
    ]);
    // The remote -r include is recorded (and not followed), its "[--no-deps]" noted but not an error.
    expect(result.includes.map((i) => i.line)).toEqual([30]);
    expect(result.problems).toEqual([]);
  });

  it('says why =X.Y is a range (handson-ml3) and reads spaced operators (pandera)', () => {
    const ageron = read('ageron-handson-ml3/environment.yml').result.declarations;
    expect(ageron.find((d) => d.name === 'numpy')!.why).toBe(
      'conda "=1.26" matches any 1.26.* release',
    );
    const pandera = read('unionai-oss-pandera/environment.yml').result.declarations;
    expect(pandera.find((d) => d.name === 'packaging')).toMatchObject({
      pinned: false,
      specifier: '>= 20.0',
    });
    expect(pandera.find((d) => d.name === 'mypy')).toMatchObject({
      pinned: false,
      strictOnly: true,
    });
    expect(pandera.find((d) => d.name === 'typer')).toMatchObject({
      source: 'conda-pip',
      pinned: false,
    });
  });

  it('reads the pip section options of conda tests (-e, -r, --index-url) and channel::package specs', () => {
    const template = read('conda-conda/tests/env/support/advanced-pip/env_template.yml').result;
    expect(template.includes.map((i) => i.path)).toEqual(['another-project-requirements.txt']);
    expect(template.declarations.find((d) => d.name === 'xmltodict')).toMatchObject({
      pinned: true,
      source: 'conda-pip',
    });
    const hostPort = read('conda-conda/tests/env/support/example/environment_host_port.yml').result
      .declarations;
    expect(hostPort.map((d) => [d.name, d.column])).toEqual([['flask', 31]]);
  });

  it('does not take non-environment YAML for an environment', () => {
    expect(
      environmentKind(read('conda-conda/tests/env/support/invalid_keys.yml').doc),
    ).toBeUndefined();
    expect(
      environmentKind(read('conda-conda/tests/env/support/empty_deps.yml').doc),
    ).toBeUndefined();
    const chart = read(
      'Chart.yaml',
      'apiVersion: v2\ndependencies:\n  - name: redis\n    version: 1.2.3\n',
    );
    expect(environmentKind(chart.doc)).toBeUndefined();
  });

  it('reads MLflow python_env.yaml entries as pip requirements', () => {
    const { doc, result } = read(
      'python_env.yaml',
      'python: 3.9.7\nbuild_dependencies:\n- pip==22.1\ndependencies:\n- -r requirements.txt\n- mlflow\n',
    );
    expect(environmentKind(doc)).toBe('python-env');
    expect(result.declarations.map(row)).toEqual([
      '6:3 conda-pip mlflow unpinned',
      '3:3 conda-pip pip pinned',
    ]);
    expect(result.includes.map((i) => i.path)).toEqual(['requirements.txt']);
  });
});

describe('parseCondaSpec', () => {
  it.each([
    ['numpy', false, false],
    ['numpy=1.26', false, false],
    ['numpy=1.26.4', false, true],
    ['numpy==1.26.4', true, false],
    ['numpy=1.26.4=py311h64a7726_0', true, false],
    ['numpy 1.26.4', true, false],
    ['numpy 1.26.4 py311_0', true, false],
    ['numpy 1.26.*', false, false],
    ['numpy=1.26.*', false, false],
    ['numpy>=1.2,<2', false, false],
    ['numpy 1.2|1.3', false, false],
    ["numpy[version='>=1.2']", false, false],
    ["numpy[version='1.2.3',build=py_0]", true, false],
    ['conda-forge::numpy==1.2.3', true, false],
    ['https://conda.example:8080/chan::flask=1.0.2', false, true],
  ])('%s → pinned=%s strictOnly=%s', (spec, pinned, strictOnly) => {
    const parsed = parseCondaSpec(spec);
    expect('error' in parsed).toBe(false);
    if ('error' in parsed) return;
    expect(parsed.pinned).toBe(pinned);
    expect(!!parsed.strictOnly).toBe(strictOnly);
  });

  it('keeps the channel and the name offset after it', () => {
    const parsed = parseCondaSpec('pytorch::pytorch=1.11.0');
    expect(parsed).toMatchObject({ channel: 'pytorch', name: 'pytorch', nameOffset: 9 });
  });

  it('rejects what is not a spec', () => {
    expect(parseCondaSpec('>=1.0')).toHaveProperty('error');
  });
});
