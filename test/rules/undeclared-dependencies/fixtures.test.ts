import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnnotations } from '../../../src/engine/harness.js';
import { undeclaredDependencies } from '../../../src/rules/undeclared-dependencies.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/undeclared-dependencies');

const summary = (r: Awaited<ReturnType<typeof checkAnnotations>>) => ({
  missing: r.missing.map((m) => `${m.file}:${m.line}`),
  unexpected: r.unexpected.map((f) => `${f.file}:${f.line} ${f.message}`),
});

describe('undeclared-dependencies on annotated fixture repositories', () => {
  it.each([
    'src-layout',
    'notebooks-siblings',
    'namespace-packages',
    'conda-only',
    'monorepo',
    'no-manifest',
    'python-target',
    'setup-py',
    'databricks',
    'remote-include',
  ])('%s', async (name) => {
    const result = await checkAnnotations(join(FIXTURES, name), [undeclaredDependencies]);
    expect(summary(result)).toEqual({ missing: [], unexpected: [] });
    expect(result.matched).toBeGreaterThan(0);
  });
});

describe('undeclared-dependencies options', () => {
  const lines = async (name: string, options: Record<string, unknown>) => {
    const result = await checkAnnotations(join(FIXTURES, name), [undeclaredDependencies], {
      options: { 'undeclared-dependencies': options },
    });
    return result.findings.map((f) => `${f.file}:${f.line}`).sort();
  };

  it('ignore drops modules and their submodules', async () => {
    expect(await lines('src-layout', { ignore: ['requests', 'y*'] })).toEqual([
      'src/churn/train.py:28',
      'tests/test_train.py:2',
    ]);
  });

  it('modules maps an import to a declared distribution', async () => {
    const found = await lines('src-layout', {
      modules: { joblib: 'scikit-learn', yaml: ['pandas'] },
    });
    expect(found).toEqual(['src/churn/train.py:9', 'tests/test_train.py:2']);
  });

  it("firstParty names the project's own modules", async () => {
    expect(await lines('src-layout', { firstParty: ['hypothesis'] })).not.toContain(
      'tests/test_train.py:2',
    );
  });

  it('reportGuarded reports optional imports too', async () => {
    expect(await lines('src-layout', { reportGuarded: true })).toContain('src/churn/train.py:22');
  });

  it('pythonVersion overrides the detected target', async () => {
    expect(await lines('python-target', { pythonVersion: '3.11' })).toEqual([]);
    expect(await lines('python-target', { pythonVersion: '>=3.13' })).toEqual([
      'legacy.py:2',
      'legacy.py:3',
    ]);
  });

  it('reports with the configured severity and a fix hint', async () => {
    const result = await checkAnnotations(join(FIXTURES, 'monorepo'), [undeclaredDependencies], {
      severity: { 'undeclared-dependencies': 'warning' },
    });
    const api = result.findings.find((f) => f.file === 'services/api/app.py');
    expect(api?.severity).toBe('warning');
    expect(api?.help).toBe(
      'add pandas==2.2.2 to services/api/requirements.txt (the version training/requirements.txt pins)',
    );
    expect(api?.data).toMatchObject({
      module: 'pandas',
      distributions: ['pandas'],
      manifest: 'services/api/requirements.txt',
    });
  });
});

describe('undeclared-dependencies on bad input', () => {
  it('survives a malformed pyproject, a broken notebook, a binary file and hostile code', async () => {
    const result = await checkAnnotations(join(FIXTURES, 'bad-input'), [undeclaredDependencies]);
    const ours = result.findings.filter((f) => f.ruleId === 'undeclared-dependencies');
    expect(ours.map((f) => `${f.file}:${f.line}`)).toEqual(['hostile.py:4']);
    // The malformed files are reported as parse errors by the sources, not by this rule.
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.file)).toEqual(
      expect.arrayContaining(['pyproject.toml']),
    );
  });
});
