// Options that are regexes are validated as RE2 when the config loads, so a bad pattern is a
// located config error (exit 2) rather than a rule crashing mid-run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { run } from '../../src/run.js';

it('reports a regex option that RE2 cannot compile at its position', async () => {
  const root = mkdtempSync(join(tmpdir(), 'handoff-re2-'));
  mkdirSync(join(root, '.github'));
  writeFileSync(
    join(root, '.github/handoff.yml'),
    "rules:\n  hardcoded-paths:\n    options: { allow: ['^/mnt/ok/', '(?=x)'], deny: ['[unclosed'] }\n",
  );
  const error = await run({ root }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.map((p) => `${p.line}:${p.column} ${p.key}`);
  expect(problems).toEqual([
    '3:37 rules.hardcoded-paths.options.allow[1]',
    '3:54 rules.hardcoded-paths.options.deny[0]',
  ]);
  expect((error as ConfigError).format()).toContain('RE2 syntax');
});
