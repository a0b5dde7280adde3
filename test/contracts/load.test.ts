import { describe, expect, it } from 'vitest';
import {
  loadContractText,
  loadInlineContract,
  resolveContractPath,
  splitCommand,
} from '../../src/contracts/load.js';

const FILE = 'models/churn.contract.yml';

describe('loadContractText', () => {
  it('builds models with repository-relative paths from the contract folder', () => {
    const contract = loadContractText(
      FILE,
      [
        'version: 1',
        'models:',
        '  - entrypoint: src/model.py:Churn',
        '    input: schemas/in.json',
        '    output: { schema: /shared/out.yaml }',
        '    examples: [examples/*.json, data/rows.csv]',
        '    predict:',
        '      command: python "predict me.py" --fast',
        '      mode: batch',
        '      timeout: 2.5',
        '      env: { PYTHONPATH: src }',
        '    mlmodel: mlruns/MLmodel',
      ].join('\n'),
    );
    expect(contract.problems).toEqual([]);
    const [model] = contract.models;
    expect(model.name).toBe('src/model.py:Churn');
    expect(model.entrypoint).toMatchObject({
      target: 'models/src/model.py',
      symbol: 'Churn',
      isModule: false,
      at: { line: 3, column: 17 },
    });
    expect(model.input).toMatchObject({ kind: 'file', path: 'models/schemas/in.json' });
    expect(model.output).toMatchObject({ kind: 'file', path: 'shared/out.yaml' });
    expect(model.examples.map((e) => [e.pattern, e.at.line])).toEqual([
      ['models/examples/*.json', 6],
      ['models/data/rows.csv', 6],
    ]);
    expect(model.predict).toMatchObject({
      argv: ['python', 'predict me.py', '--fast'],
      mode: 'batch',
      timeoutMs: 2500,
      cwd: 'models',
      env: { PYTHONPATH: 'src' },
    });
    expect(model.mlmodel?.path).toBe('models/mlruns/MLmodel');
  });

  it('reads dotted module entrypoints, presets and interfaces', () => {
    const contract = loadContractText(
      'handoff.contract.yml',
      [
        'models:',
        '  - name: m',
        '    entrypoint: app.model:Outer.Inner',
        '    preset: mlflow-pyfunc',
        '    interface:',
        '      match: compatible',
        '      requireAnnotations: false',
        '      methods:',
        '        predict: "(self, X: int) -> int"',
        '        fit: { parameters: ["X"], required: false }',
      ].join('\n'),
    );
    const [model] = contract.models;
    expect(model.entrypoint).toMatchObject({
      target: 'app.model',
      isModule: true,
      symbol: 'Outer.Inner',
    });
    expect(model.preset).toBe('mlflow-pyfunc');
    expect(model.interface?.match).toBe('compatible');
    expect(model.interface?.requireAnnotations).toBe(false);
    expect([...model.interface!.methods.keys()]).toEqual(['predict', 'fit']);
    expect(model.interface!.methods.get('fit')).toMatchObject({
      parameters: ['X'],
      required: false,
    });
  });

  it('locates schema problems at the offending key or value', () => {
    const problems = loadContractText(
      FILE,
      [
        'models:',
        '  - entrypoint: src/m.py:Model',
        '    examplez: x.json',
        '    preset: keras',
        '    predict:',
        '      command: []',
        '      timeout: -1',
        '  - name: only-a-name',
      ].join('\n'),
    ).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(problems).toEqual([
      '3:5 models[0]: unknown key "examplez"',
      '4:13 models[0].preset must be one of "sklearn", "mlflow-pyfunc"',
      '6:16 models[0].predict.command must NOT have fewer than 1 items',
      '7:16 models[0].predict.timeout must be > 0',
      '8:5 models[1] needs at least one of entrypoint, input, output or mlmodel',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = loadContractText(FILE, 'models:\n  - entrypoint: [a\n').problems;
    expect(problem.message).toMatch(/^YAML: /);
    expect(problem.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects paths that leave the repository and several documents', () => {
    expect(
      loadContractText(FILE, 'models:\n  - input: ../../etc/passwd\n').problems[0],
    ).toMatchObject({
      line: 2,
      message: 'path "../../etc/passwd" leaves the repository',
    });
    expect(
      loadContractText(FILE, 'models:\n  - input: a.json\n---\nmodels: []\n').problems[0].message,
    ).toMatch(/one YAML document/);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'models: []',
    ].join('\n');
    expect(loadContractText(FILE, bomb).problems.length).toBeGreaterThan(0);
  });
});

describe('loadInlineContract', () => {
  it('accepts one model or a whole contract, with paths from the repository root', () => {
    const where = { file: '.github/handoff.yml', line: 7, column: 1 };
    const single = loadInlineContract(
      { entrypoint: 'src/m.py:M', input: 'schemas/in.json' },
      where,
    );
    expect(single.models[0].input).toMatchObject({ path: 'schemas/in.json' });
    const whole = loadInlineContract({ models: [{ output: 'o.json' }] }, where);
    expect(whole.models[0].output).toMatchObject({ path: 'o.json' });
    const bad = loadInlineContract({ entrypoint: 42 }, where);
    expect(bad.problems[0]).toMatchObject({ file: '.github/handoff.yml', line: 7 });
  });
});

describe('paths and commands', () => {
  it('resolves contract paths', () => {
    expect(resolveContractPath('a/b', '../c.json')).toBe('a/c.json');
    expect(resolveContractPath('a', '/root.json')).toBe('root.json');
    expect(resolveContractPath('a', '../../x')).toBeUndefined();
    expect(resolveContractPath('.', './x/')).toBe('x');
  });

  it('splits commands without a shell', () => {
    expect(splitCommand('python -c "import sys; print(1)" \'a b\' c\\ d')).toEqual([
      'python',
      '-c',
      'import sys; print(1)',
      'a b',
      'c d',
    ]);
    expect(splitCommand('echo $HOME; rm -rf /')).toEqual(['echo', '$HOME;', 'rm', '-rf', '/']);
    expect(splitCommand('a "" b')).toEqual(['a', '', 'b']);
  });
});
