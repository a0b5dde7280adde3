// Scores train-predict-separation on the labelled corpus without building the CLI (the rule need not be
// registered yet): run() with the rule as an extra rule, SARIF out, the eval kit's scorer in.
//   npx tsx test/analysis/eval-corpus.ts [/tmp/corpus] [/work/shared/eval/labels/dev]
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSarif } from '../../src/report/sarif.js';
import { run } from '../../src/run.js';
import { trainPredictSeparation } from '../../src/rules/train-predict-separation.js';

const corpus = process.argv[2] ?? '/tmp/corpus';
const labelsDir = process.argv[3] ?? '/work/shared/eval/labels/dev';
const lib = (await import(join(labelsDir, '../../lib.mjs'))) as {
  readLabels: (p: string, only: Set<string>) => unknown[];
  readReports: (p: string, only: Set<string>, root?: string) => unknown[];
  score: (
    l: unknown[],
    r: unknown[],
  ) => {
    result: Record<string, { tp: number; fp: number; fn: number; unlabelled: number }>;
    detail: string[];
  };
};
const only = new Set([trainPredictSeparation.meta.id]);
const total = { tp: 0, fp: 0, fn: 0, unlabelled: 0 };
for (const repo of readdirSync(corpus).sort()) {
  const labels = join(labelsDir, `${repo}.jsonl`);
  if (!existsSync(labels)) continue;
  const started = Date.now();
  const result = await run({
    root: join(corpus, repo),
    ruleSet: [trainPredictSeparation as never],
  });
  const sarif = `/tmp/tps-${repo}.sarif`;
  writeFileSync(sarif, formatSarif(result));
  const { result: scored, detail } = lib.score(
    lib.readLabels(labels, only),
    lib.readReports(sarif, only, join(corpus, repo)),
  );
  const s = scored[trainPredictSeparation.meta.id] ?? { tp: 0, fp: 0, fn: 0, unlabelled: 0 };
  for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  console.log(
    `${repo}: tp=${s.tp} fp=${s.fp} fn=${s.fn} unlabelled=${s.unlabelled} (${Date.now() - started} ms)`,
  );
  for (const d of detail) console.log(`  ${d}`);
}
console.log(`total: ${JSON.stringify(total)}`);
