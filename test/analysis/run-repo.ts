// Runs train-predict-separation on one repository and prints its roles and findings.
//   npx tsx test/analysis/run-repo.ts <dir>
import { run } from '../../src/run.js';
import { trainPredictSeparation } from '../../src/rules/train-predict-separation.js';

const root = process.argv[2];
if (!root) throw new Error('usage: run-repo.ts <dir>');
const started = Date.now();
// ruleSet runs exactly this rule, whether or not the registry lists it yet.
const result = await run({ root, ruleSet: [trainPredictSeparation as never] });
for (const f of result.findings) console.log(`${f.file}:${f.line}: ${f.message}`);
console.log(`${result.findings.length} finding(s), ${Date.now() - started} ms`);
