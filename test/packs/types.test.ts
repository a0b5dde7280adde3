// The shipped declaration file is generated from the rule contract and stays in step with it,
// and a programmatic pack written against it type-checks (and a wrong one does not).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { renderTypes, TYPES_FILE } from '../../scripts/gen-types.js';
import { folder } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');

function diagnostics(source: string): string[] {
  const dir = folder();
  const file = join(dir, 'pack.ts');
  writeFileSync(file, source.replace('TYPES', join(ROOT, 'types/index.js')));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    // Check the shipped declarations themselves, not the typings of the packages they import.
    skipLibCheck: false,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file?.fileName.includes('/node_modules/'))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('types/index.d.ts', () => {
  it('is what scripts/gen-types.ts generates from the sources', () => {
    expect(readFileSync(join(ROOT, TYPES_FILE), 'utf8')).toBe(renderTypes(ROOT));
  });

  it('types a programmatic pack, and catches a rule that breaks the contract', () => {
    const good = `
      import type { RulePack, Rule } from 'TYPES';
      const rule: Rule<{ word: string }> = {
        meta: {
          id: 'acme/todo',
          title: 'TODO left in code',
          defaultSeverity: 'warning',
          docs: { what: 'w', why: 'y', example: '# TODO', instead: 'do it' },
        },
        async check(ctx) {
          for (const file of ctx.files) {
            const doc = ctx.sources.code(file.path);
            for (const unit of doc?.units ?? []) {
              const tree = await ctx.sources.tree(unit);
              if (tree && unit.text.includes(ctx.options.word)) ctx.report({ ...unit.locate(0, 0), message: 'found' });
            }
          }
        },
      };
      const pack: RulePack = { name: 'acme', rules: [rule as unknown as Rule] };
      export default pack;
    `;
    expect(diagnostics(good)).toEqual([]);
    const bad = good
      .replace("defaultSeverity: 'warning'", "defaultSeverity: 'fatal'")
      .replace("message: 'found'", "msg: 'found'");
    const problems = diagnostics(bad);
    expect(problems.some((p) => p.includes('"fatal"'))).toBe(true);
    expect(problems.some((p) => p.includes("'msg'"))).toBe(true);
  });
});
