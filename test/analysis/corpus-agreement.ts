// Compares the lexer-based import outline with the tree-sitter reference on real repositories.
//   npx tsx test/analysis/corpus-agreement.ts /tmp/corpus [--show N]
// Prints, per repository, the import records both agree on and every disagreement (up to N).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeDocument } from '../../src/engine/types.js';
import { outlineOf } from '../../src/analysis/outline.js';
import { createSources } from '../../src/sources/index.js';
import { discoverWorkspace } from '../../src/workspace/discover.js';
import { treeImports, type TreeImport } from './tree-imports.js';

const corpus = process.argv[2] ?? '/tmp/corpus';
const show = Number(process.argv[process.argv.indexOf('--show') + 1] || 10);

function key(
  r: Pick<
    TreeImport,
    'row' | 'kind' | 'module' | 'names' | 'level' | 'inFunction' | 'typeOnly' | 'guarded'
  >,
): string {
  return `${r.row}|${r.kind}|${'.'.repeat(r.level)}${r.module}|${r.names.join(',')}|fn=${r.inFunction}|tc=${r.typeOnly}|g=${r.guarded}`;
}

let agree = 0;
let differ = 0;
let units = 0;
let scanMs = 0;
let treeMs = 0;
for (const repo of readdirSync(corpus).sort()) {
  const root = join(corpus, repo);
  const { files } = await discoverWorkspace(root, { maxFileSize: 5 * 1024 * 1024 });
  const sources = createSources(root, files, {
    maxFileSize: 5 * 1024 * 1024,
    skipped: [],
    onParseError: () => undefined,
  });
  let repoAgree = 0;
  const problems: string[] = [];
  for (const { path } of files) {
    if (!path.endsWith('.py') && !path.endsWith('.ipynb')) continue;
    const doc = sources.code(path);
    if (!doc) continue;
    for (const unit of doc.units) {
      units++;
      const single: CodeDocument = {
        file: path,
        kind: doc.kind,
        units: [
          { ...unit, magics: [], locate: (row, column) => ({ file: path, line: row, column }) },
        ],
      };
      let t = performance.now();
      const mine = outlineOf(single).imports.map((r) =>
        key({ ...r, row: r.location.line, kind: r.kind as TreeImport['kind'] }),
      );
      scanMs += performance.now() - t;
      t = performance.now();
      const theirs = (await treeImports(unit.text)).map(key);
      treeMs += performance.now() - t;
      const left = new Map<string, number>();
      for (const k of theirs) left.set(k, (left.get(k) ?? 0) + 1);
      for (const k of mine) {
        const n = left.get(k) ?? 0;
        if (n > 0) {
          left.set(k, n - 1);
          repoAgree++;
        } else {
          problems.push(
            `${path}${unit.cellIndex ? `#cell${unit.cellIndex}` : ''}: outline only ${k}`,
          );
        }
      }
      for (const [k, n] of left)
        for (let i = 0; i < n; i++)
          problems.push(`${path}${unit.cellIndex ? `#cell${unit.cellIndex}` : ''}: tree only ${k}`);
    }
  }
  agree += repoAgree;
  differ += problems.length;
  console.log(`${repo}: ${repoAgree} agree, ${problems.length} differ`);
  for (const p of problems.slice(0, show)) console.log(`  ${p}`);
}
console.log(
  `total: ${units} code units, ${agree} imports agree, ${differ} differ (${((100 * agree) / (agree + differ)).toFixed(2)}% agreement); outline ${scanMs.toFixed(0)} ms, tree-sitter reference ${treeMs.toFixed(0)} ms`,
);
