// Annotated fixture repositories: exactly the `# expect: …` lines are reported, in each mode.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnnotations, type HarnessOptions } from '../../../src/engine/harness.js';
import { pinnedDependencies } from '../../../src/rules/pinned-dependencies.js';

const FIXTURES = join(__dirname, '../../fixtures/pinned-dependencies');
const rules = [pinnedDependencies];
const options = (rule: Record<string, unknown>): HarnessOptions => ({
  options: { 'pinned-dependencies': rule },
});

async function check(folder: string, opts: HarnessOptions = {}) {
  const result = await checkAnnotations(join(FIXTURES, folder), rules, opts);
  return {
    result,
    summary: {
      missing: result.missing.map((m) => `${m.file}:${m.line} ${m.rule}`),
      unexpected: result.unexpected.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`),
    },
  };
}

describe('pinned-dependencies on annotated fixtures', () => {
  it('default mode: every source, locks, includes, pip-tools pairs and constraints', async () => {
    const { result, summary } = await check('default');
    expect(summary).toEqual({ missing: [], unexpected: [] });
    expect(result.matched).toBeGreaterThanOrEqual(35);
  });

  it('strict mode adds tags without digests, VCS tags, abbreviated commits, conda =X.Y.Z and runtime installs', async () => {
    const { result, summary } = await check('strict', { strict: true });
    expect(summary).toEqual({ missing: [], unexpected: [] });
    expect(result.matched).toBe(5);
  });

  it('the strict option does the same as --strict', async () => {
    const { summary } = await check('strict', options({ strict: true }));
    expect(summary).toEqual({ missing: [], unexpected: [] });
  });

  it('without strict mode the strict-only cases stay quiet', async () => {
    const { result } = await check('strict');
    expect(result.findings).toEqual([]);
  });

  it('mode hashes: exact pins need a hash, a digest, a build string or a lock', async () => {
    const { summary } = await check('hashes', options({ mode: 'hashes' }));
    expect(summary).toEqual({ missing: [], unexpected: [] });
  });

  it('mode lock: pyproject.toml and Pipfile without a lock are reported once, at their first dependency', async () => {
    const { result, summary } = await check('lock-mode', options({ mode: 'lock' }));
    expect(summary).toEqual({ missing: [], unexpected: [] });
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Pipfile declares 1 dependency but no lock file \(Pipfile\.lock\)/),
      expect.stringMatching(/^api\/pyproject\.toml declares 2 dependencies but no lock file/),
    ]);
  });

  it('malformed manifests give located parse errors and the rest of the run goes on', async () => {
    const { result, summary } = await check('malformed');
    expect(summary).toEqual({ missing: [], unexpected: [] });
    const byRule = (rule: string) =>
      result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}`);
    expect(byRule('parse-error')).toEqual([
      'broken/environment.yml:5',
      'broken/pyproject.toml:6',
      'broken/requirements.txt:2',
    ]);
    expect(byRule('pinned-dependencies')).toContain('ok/requirements.txt:1');
  });
});

describe('pinned-dependencies findings', () => {
  it('say what is wrong, how to fix it, and use the right severity per kind', async () => {
    const { result } = await check('default');
    const at = (file: string, line: number) =>
      result.findings.find((f) => f.file === file && f.line === line)!;
    expect(at('requirements.txt', 7)).toMatchObject({
      severity: 'error',
      message: 'Dependency scikit-learn>=1.3 is not pinned: >=1.3 is a range, not an exact pin.',
      // The repository already pins it elsewhere: that version is the suggestion.
      help: 'pin it: scikit-learn==1.4.0 (the version in service/Pipfile.lock)',
    });
    expect(at('requirements.txt', 8).help).toBe(
      'pin it: torch==2.1.2+cu121 (pinned in notebooks/explore.ipynb:34)',
    );
    expect(at('app/pyproject.toml', 7).help).toBe(
      "pin the version you tested, e.g. pydantic==2 (the range's lower bound)",
    );
    expect(at('requirements-base.txt', 1).help).toBe(
      'pin it: flask==3.0.0 (the version in service/Pipfile.lock)',
    );
    expect(at('.github/workflows/ci.yml', 7)).toMatchObject({
      severity: 'warning',
      message:
        'Action actions/checkout@v4 is not pinned: action actions/checkout is pinned to tag v4, which its owner can move.',
    });
    expect(at('service/Dockerfile', 4).message).toBe(
      'Image python is not pinned: base image python has no tag (implicitly :latest).',
    );
    expect(at('pyproject.toml', 8).message).toMatch(
      /^Dependency loguru\* is missing from poetry\.lock: the lock is stale/,
    );
    const notebook = result.findings.find(
      (f) => f.file === 'notebooks/explore.ipynb' && f.message.includes('transformers'),
    )!;
    expect(notebook.cell).toEqual({ index: 2, line: 3 });
    expect(notebook.message).toContain('(cell 2, line 3)');
  });

  it('an allow list silences names (normalised) and globs', async () => {
    const { result } = await check(
      'default',
      options({ allow: ['Scikit_Learn', 'actions/*', 'python'] }),
    );
    const names = result.findings.map((f) => f.data?.['name']);
    expect(names).not.toContain('scikit-learn');
    expect(names).not.toContain('actions/checkout');
    expect(names).not.toContain('python');
    expect(names).toContain('pandas');
  });

  it('sources can be turned off one by one', async () => {
    const { result } = await check(
      'default',
      options({ sources: { dockerfile: false, workflow: false, notebook: false } }),
    );
    const files = new Set(result.findings.map((f) => f.file));
    expect(files.has('service/Dockerfile')).toBe(false);
    expect(files.has('.github/workflows/ci.yml')).toBe(false);
    expect(files.has('notebooks/explore.ipynb')).toBe(false);
    expect(files.has('notebooks/databricks_job.py')).toBe(false);
    expect(files.has('requirements.txt')).toBe(true);
  });

  it('actionsSeverity sets the severity of workflow findings', async () => {
    const { result } = await check('default', options({ actionsSeverity: 'note' }));
    expect(
      result.findings.filter((f) => f.file === '.github/workflows/ci.yml').map((f) => f.severity),
    ).toEqual(['note', 'note']);
  });

  it('fingerprints survive moving a declaration to another line', async () => {
    const { result } = await check('default');
    const pandas = result.findings.find((f) => f.file === 'requirements.txt' && f.line === 5)!;
    expect(pandas.snippet).toBe('requirements:pandas');
  });
});
