import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfigText } from '../../src/config/load.js';
import { METAS } from './metas.js';

const reference = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
const examples = [...reference.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);

describe('docs/config.md', () => {
  it('has YAML examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.map((text, index) => [index + 1, text]))(
    'example %i is a valid config',
    async (_index, text) => {
      await expect(
        resolveConfigText(text as string, {
          root: '/repo',
          file: '/repo/handoff.yml',
          rules: METAS,
        }),
      ).resolves.toMatchObject({ source: 'handoff.yml' });
    },
  );

  it('names every top-level key of the schema in a heading', () => {
    for (const key of [
      'extends',
      'fail-on',
      'strict',
      'paths',
      'ignore',
      'max-file-size',
      'rules',
      'contracts',
    ]) {
      expect(reference).toContain(`## \`${key}\``);
    }
  });
});
