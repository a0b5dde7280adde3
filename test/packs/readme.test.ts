// The README is the reference a pack author writes from: every pack and matcher example in its
// "Custom rule packs" section must load as written, and the example pack must behave as described.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDeclarativePack } from '../../src/packs/load.js';
import { findings, oneRule } from './helpers.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const SECTION = README.slice(
  README.indexOf('## Custom rule packs'),
  README.indexOf('\n## ', README.indexOf('## Custom rule packs') + 5),
);

/** The YAML documents of every ```yaml block in the section. */
function yamlExamples(): Record<string, unknown>[] {
  const blocks = [...SECTION.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    parseAllDocuments(block).map((doc) => {
      expect(doc.errors).toEqual([]);
      return doc.toJS() as Record<string, unknown>;
    }),
  );
}

describe('README examples', () => {
  it('has a section with matcher examples', () => {
    expect(SECTION.length).toBeGreaterThan(5000);
    expect(yamlExamples().filter((doc) => doc && 'match' in doc).length).toBeGreaterThanOrEqual(10);
  });

  it('loads every example pack and matcher as written', async () => {
    for (const doc of yamlExamples()) {
      if (!doc || typeof doc !== 'object') continue;
      let text: string | undefined;
      if ('rules' in doc && Array.isArray(doc.rules)) text = stringify(doc);
      else if ('match' in doc) {
        const files = doc.files ? `    files: ${JSON.stringify(doc.files)}\n` : '';
        text = oneRule(stringify(doc.match), files);
      }
      if (text === undefined) continue;
      await expect(
        loadDeclarativePack(text, { source: 'readme', display: 'readme.yml' }),
        text,
      ).resolves.toMatchObject({
        rules: expect.any(Array),
      });
    }
  });

  it('documents matchers that behave as described', async () => {
    const code = [
      'import torch',
      'def predict(model, x):',
      '    model.fit(x)',
      '    with torch.no_grad():',
      '        model.fit(x)',
      'try:',
      '    run()',
      'except ValueError:',
      '    pass',
      'print(password)',
      '',
    ].join('\n');
    const composed =
      "all:\n  - call: ['*.fit', '*.fit_transform']\n  - inside: { function: '(predict|serve)\\w*' }\n  - not: { inside: { with: torch.no_grad } }";
    expect(await findings(oneRule(composed), { 'a.py': code })).toEqual(['a.py:3:5 T']);
    expect(
      await findings(oneRule("query: '(except_clause (block (pass_statement))) @swallowed'"), {
        'a.py': code,
      }),
    ).toEqual(['a.py:8:1 T']);
    expect(
      await findings(oneRule("regex: 'print\\(\\s*(password|token)\\b'"), { 'a.py': code }),
    ).toEqual(['a.py:10:1 T']);
  });
});
