import { describe, expect, it } from 'vitest';
import { diffSpecs, readMlmodel, type MlflowSpec } from '../../src/contracts/mlmodel.js';
import { isBreaking } from '../../src/contracts/schema-diff.js';

const MLMODEL = [
  'artifact_path: model',
  'flavors:',
  '  python_function:',
  '    loader_module: mlflow.sklearn',
  'signature:',
  '  inputs: \'[{"name": "age", "type": "long"}, {"name": "city", "type": "string", "required": false}]\'',
  '  outputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 2]}}]\'',
  '  params: \'[{"name": "k", "type": "long", "default": 5, "shape": null}]\'',
].join('\n');

const col = (name: string, type: string, extra: Partial<MlflowSpec> = {}): MlflowSpec => ({
  name,
  type,
  ...extra,
});
const tensor = (dtype: string, shape: number[]): MlflowSpec => ({ type: 'tensor', dtype, shape });

describe('readMlmodel', () => {
  it('reads column, tensor and param specs with the line of each part', () => {
    const read = readMlmodel(MLMODEL);
    if (!('signature' in read) || !read.signature) throw new Error('no signature');
    expect(read.signature.inputs).toEqual([
      col('age', 'long'),
      col('city', 'string', { required: false }),
    ]);
    expect(read.signature.outputs).toEqual([tensor('float64', [-1, 2])]);
    expect(read.signature.params).toEqual([col('k', 'long', { default: 5 })]);
    expect(read.signature.lines).toEqual({ signature: 5, inputs: 6, outputs: 7, params: 8 });
  });

  it('returns no signature for models saved without one, and a located problem for bad specs', () => {
    expect(readMlmodel('artifact_path: model\n')).toEqual({});
    expect(readMlmodel("signature:\n  inputs: '[{bad json'\n")).toEqual({
      problem: { line: 2, message: 'signature inputs is not valid JSON' },
    });
    expect(readMlmodel('signature: [\n')).toHaveProperty('problem');
  });
});

describe('diffSpecs', () => {
  const kinds = (part: 'inputs' | 'outputs' | 'params', base: MlflowSpec[], head: MlflowSpec[]) =>
    diffSpecs(part, base, head).map((c) => [
      c.kind,
      c.effect,
      isBreaking(c, part === 'outputs' ? 'output' : 'input'),
    ]);

  it('treats MLflow’s safe conversions as widening and the reverse as narrowing', () => {
    expect(kinds('inputs', [col('a', 'integer')], [col('a', 'long')])).toEqual([
      ['type-changed', 'widens', false],
    ]);
    expect(kinds('inputs', [col('a', 'long')], [col('a', 'integer')])).toEqual([
      ['type-changed', 'narrows', true],
    ]);
    expect(kinds('inputs', [col('a', 'float')], [col('a', 'double')])).toEqual([
      ['type-changed', 'widens', false],
    ]);
    expect(kinds('inputs', [col('a', 'string')], [col('a', 'double')])).toEqual([
      ['type-changed', 'changes', true],
    ]);
    expect(kinds('outputs', [col('p', 'double')], [col('p', 'float')])).toEqual([
      ['type-changed', 'narrows', false],
    ]);
    expect(kinds('outputs', [col('p', 'float')], [col('p', 'double')])).toEqual([
      ['type-changed', 'widens', true],
    ]);
  });

  it('knows which added and removed columns break', () => {
    expect(kinds('inputs', [col('a', 'long')], [col('a', 'long'), col('b', 'string')])).toEqual([
      ['column-added', 'narrows', true],
    ]);
    expect(
      kinds(
        'inputs',
        [col('a', 'long')],
        [col('a', 'long'), col('b', 'string', { required: false })],
      ),
    ).toEqual([['column-added', 'widens', false]]);
    expect(kinds('inputs', [col('a', 'long'), col('b', 'string')], [col('a', 'long')])).toEqual([
      ['column-removed', 'widens', false],
    ]);
    expect(kinds('outputs', [col('a', 'long'), col('b', 'string')], [col('a', 'long')])).toEqual([
      ['column-removed', 'widens', true],
    ]);
    expect(kinds('inputs', [col('a', 'long', { required: false })], [col('a', 'long')])).toEqual([
      ['required-added', 'narrows', true],
    ]);
    expect(kinds('outputs', [col('a', 'long')], [col('a', 'long', { required: false })])).toEqual([
      ['required-removed', 'widens', true],
    ]);
  });

  it('compares tensor dtypes and shapes', () => {
    expect(kinds('inputs', [tensor('float32', [-1, 4])], [tensor('float64', [-1, 4])])).toEqual([
      ['type-changed', 'widens', false],
    ]);
    expect(kinds('inputs', [tensor('float32', [-1, 4])], [tensor('float32', [8, 4])])).toEqual([
      ['shape-changed', 'narrows', true],
    ]);
    expect(kinds('outputs', [tensor('float32', [8])], [tensor('float32', [-1])])).toEqual([
      ['shape-changed', 'widens', true],
    ]);
    expect(kinds('inputs', [tensor('float32', [-1, 4])], [tensor('float32', [-1, 4, 1])])).toEqual([
      ['shape-changed', 'changes', true],
    ]);
    expect(kinds('inputs', [tensor('float32', [-1])], [col('a', 'double')])).toEqual([
      ['spec-kind-changed', 'changes', true],
    ]);
  });

  it('matches unnamed columns by position and compares params', () => {
    expect(kinds('outputs', [{ type: 'double' }], [{ type: 'string' }])).toEqual([
      ['type-changed', 'changes', true],
    ]);
    expect(
      kinds('params', [col('k', 'long', { default: 5 })], [col('k', 'long', { default: 10 })]),
    ).toEqual([['default-changed', 'neutral', false]]);
    expect(kinds('params', [col('k', 'long', { default: 5 })], [])).toEqual([
      ['param-removed', 'narrows', true],
    ]);
    expect(kinds('params', [], [col('k', 'long', { default: 5 })])).toEqual([
      ['param-added', 'widens', false],
    ]);
  });
});
