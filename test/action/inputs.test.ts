import { describe, expect, it } from 'vitest';
import { InputError, readInputs, splitGlobs } from '../../src/action/inputs.js';

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

function problems(values: Record<string, string>): string[] {
  try {
    readInputs(reader(values));
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readInputs', () => {
  it('reads the action.yml defaults as no overrides', () => {
    expect(readInputs(reader({ scope: 'all', strict: 'false' }))).toEqual({
      config: undefined,
      paths: undefined,
      failOn: undefined,
      sarifFile: undefined,
      jsonFile: undefined,
      scope: 'all',
      strict: false,
    });
  });

  it('reads every input', () => {
    expect(
      readInputs(
        reader({
          config: ' .github/handoff.yml ',
          paths: 'src/**\nnotebooks/**, pipelines/*.py',
          'fail-on': 'Warning',
          'sarif-file': 'out/h.sarif',
          'json-file': 'out/h.json',
          scope: 'changed-lines',
          strict: 'TRUE',
        }),
      ),
    ).toEqual({
      config: '.github/handoff.yml',
      paths: ['src/**', 'notebooks/**', 'pipelines/*.py'],
      failOn: 'warning',
      sarifFile: 'out/h.sarif',
      jsonFile: 'out/h.json',
      scope: 'changed-lines',
      strict: true,
    });
  });

  it('explains a bad fail-on', () => {
    const [problem] = problems({ 'fail-on': 'warn' });
    expect(problem).toContain('fail-on must be one of error, warning, never');
    expect(problem).toContain('"warn"');
  });

  it('reports every bad input at once', () => {
    expect(
      problems({ 'fail-on': 'always', scope: 'diff', strict: 'yes', paths: '/etc/**\n../up/*.py' }),
    ).toEqual([
      'fail-on must be one of error, warning, never (got "always")',
      'scope must be one of all, changed-files, changed-lines (got "diff")',
      'strict must be true or false (got "yes")',
      'paths: "/etc/**" is absolute; globs are relative to the repository root',
      'paths: "../up/*.py" leaves the repository; globs are relative to its root',
    ]);
  });

  it('has a one-line message for one problem', () => {
    expect(() => readInputs(reader({ 'fail-on': 'warn' }))).toThrow(
      'invalid input: fail-on must be one of error, warning, never (got "warn")',
    );
  });
});

describe('splitGlobs', () => {
  it('splits on newlines and commas, but not inside braces or brackets', () => {
    expect(splitGlobs('src/{train,serve}/**, a[,]b.py\r\n\n  notebooks/*.ipynb ,')).toEqual([
      'src/{train,serve}/**',
      'a[,]b.py',
      'notebooks/*.ipynb',
    ]);
  });

  it('recovers after an unbalanced brace at the end of a line', () => {
    expect(splitGlobs('a{b\nc,d')).toEqual(['a{b', 'c', 'd']);
  });

  it('keeps negations', () => {
    expect(splitGlobs('**/*.py,!tests/**')).toEqual(['**/*.py', '!tests/**']);
  });
});
