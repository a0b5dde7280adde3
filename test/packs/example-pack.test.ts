// The example pack in rules/examples passes its own fixtures, every rule is tested by them, and
// the harness notices when a fixture and a rule disagree in either direction.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPack } from '../../src/packs/harness.js';
import { MATCHER_KINDS } from '../../src/packs/matchers/index.js';
import { openPack } from '../../src/packs/open.js';
import { folder, summary } from './helpers.js';

const EXAMPLE = join(import.meta.dirname, '../../rules/examples/ml-platform.yml');
const FIXTURES = join(import.meta.dirname, '../../rules/examples/fixtures/ml-platform');

describe('the ml-platform example pack', () => {
  it('passes test-rules: every annotated line reported, nothing else', async () => {
    const pack = await openPack(EXAMPLE);
    const result = await testPack(pack);
    expect(summary(result)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.untested).toEqual([]);
    expect(result.rules.reduce((sum, rule) => sum + rule.matched, 0)).toBeGreaterThanOrEqual(20);
  });

  it('has a rule of each matcher kind', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    for (const kind of [
      'regex',
      'query',
      'import',
      'call',
      'file-exists',
      'key',
      'all',
      'inside',
      'not',
    ]) {
      expect(MATCHER_KINDS).toContain(kind);
      expect(text).toMatch(new RegExp(`^\\s+(- )?${kind}:`, 'm'));
    }
  });

  it('fails when a fixture loses a finding or gains one', async () => {
    const dir = folder();
    cpSync(EXAMPLE, join(dir, 'ml-platform.yml'));
    cpSync(FIXTURES, join(dir, 'fixtures', 'ml-platform'), { recursive: true });
    const train = join(dir, 'fixtures', 'ml-platform', 'pipelines', 'train.py');
    const text = readFileSync(train, 'utf8');
    writeFileSync(
      train,
      text
        .replace(
          'pdb.set_trace()  # expect: ml-platform/no-debugger',
          'pass  # expect: ml-platform/no-debugger',
        )
        .replace('weights_only=True)  # ok:', 'weights_only=False)  # ok:'),
    );
    const result = await testPack(await openPack(join(dir, 'ml-platform.yml')));
    expect(result.passed).toBe(false);
    expect(summary(result)).toEqual([
      'missing pipelines/train.py:30 ml-platform/no-debugger',
      'unexpected pipelines/train.py:35:11 `torch.load(...)` can run arbitrary code from the file: pass weights_only=True',
    ]);
  });
});
