// Where the separation check spends its time on a large tree (the scale corpus, many repos):
//   npx tsx test/analysis/bench-graph.ts <root> <mode>
// modes: rule (the rule alone, through run()), graph (outline + resolve every .py/.ipynb: the full
// import graph other rules can share), all (every rule file in src/rules), others (all but this one).
import { importGraphFor } from '../../src/analysis/graph.js';
import { isCodeFile } from '../../src/analysis/imports.js';
import type { Rule, RuleContext } from '../../src/engine/types.js';
import { run } from '../../src/run.js';
import trainPredictSeparation from '../../src/rules/train-predict-separation.js';

const [root, mode] = process.argv.slice(2);
if (!root || !mode) throw new Error('usage: bench-graph.ts <root> rule|graph|all|others');

async function otherRules(): Promise<Rule[]> {
  const rules: Rule[] = [];
  for (const name of [
    'hardcoded-paths',
    'model-interface',
    'pinned-dependencies',
    'schema-acceptance',
    'undeclared-dependencies',
  ]) {
    const mod = (await import(`../../src/rules/${name}.js`)) as { default: Rule };
    rules.push(mod.default);
  }
  return rules;
}

/** A rule that only builds the whole import graph, timed inside the engine like any rule. */
const graphOnly: Rule = {
  meta: {
    id: 'bench-import-graph',
    title: 'bench',
    defaultSeverity: 'note',
    recommended: true,
    docs: { what: '', why: '', example: '', instead: '' },
  },
  check(ctx: RuleContext) {
    // Reading and decoding code (the sources layer, shared by every rule) apart from the graph itself.
    let started = performance.now();
    let units = 0;
    for (const { path } of ctx.allFiles)
      if (isCodeFile(path)) units += ctx.sources.code(path)?.units.length ?? 0;
    console.log(
      `  sources: ${units} code units read and decoded in ${(performance.now() - started).toFixed(0)} ms`,
    );
    started = performance.now();
    const edges = importGraphFor(ctx).buildAll();
    console.log(
      `  graph: outline + resolve, ${edges} edges in ${(performance.now() - started).toFixed(0)} ms`,
    );
  },
};

/** The same rule with its check timed, so engine overhead (discovery, reading) shows apart. */
function timed(rule: Rule): Rule {
  return {
    meta: rule.meta,
    async check(ctx) {
      const started = performance.now();
      await rule.check(ctx);
      console.log(`  ${rule.meta.id}: check ${(performance.now() - started).toFixed(0)} ms`);
    },
  };
}

const repos = [root];
const mine = trainPredictSeparation as unknown as Rule;
const chosen =
  mode === 'rule'
    ? [mine]
    : mode === 'graph'
      ? [graphOnly]
      : mode === 'others'
        ? await otherRules()
        : [...(await otherRules()), mine];
const ruleSet = chosen.map(timed);
const started = performance.now();
let findings = 0;
for (const repo of repos) {
  const result = await run({ root: repo, ruleSet, config: undefined });
  findings += result.findings.length;
}
console.log(
  `${mode}: ${repos.length} trees, ${findings} findings, ${(performance.now() - started).toFixed(0)} ms`,
);
