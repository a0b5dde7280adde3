// `handoff-gate check`: run the pipeline on a directory and print or write one report.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FailOn } from '../engine/result.js';
import { formatJson } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { run } from '../run.js';
import { scopeOptions } from './baseline.js';
import { terminalProgress } from './progress.js';
import { list, oneOf, UsageError } from './usage.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON: FailOn[] = ['error', 'warning', 'never'];

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      config: { type: 'string' },
      rules: { type: 'string' },
      paths: { type: 'string' },
      'fail-on': { type: 'string' },
      strict: { type: 'boolean' },
      base: { type: 'string' },
      scope: { type: 'string' },
      baseline: { type: 'string' },
      'no-color': { type: 'boolean' },
      explain: { type: 'boolean' },
    },
  });
  if (positionals.length > 1)
    throw new UsageError(`expected one directory, got ${positionals.length}`);
  const format = oneOf(values.format, FORMATS, '--format') as Format;
  const failOn =
    values['fail-on'] === undefined
      ? undefined
      : (oneOf(values['fail-on'], FAIL_ON, '--fail-on') as FailOn);
  const root = resolve(positionals[0] ?? '.');
  const progress = terminalProgress(process.stderr);
  const result = await run({
    root,
    configFile: values.config,
    rules: list(values.rules),
    paths: list(values.paths),
    failOn,
    strict: values.strict,
    baseRef: values.base,
    explain: values.explain,
    onProgress: progress.update,
    ...(await scopeOptions(root, values)),
  });
  progress.clear();
  const color =
    !values['no-color'] && !values.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const report =
    format === 'json'
      ? formatJson(result)
      : format === 'sarif'
        ? formatSarif(result)
        : format === 'markdown'
          ? formatMarkdown(result, {})
          : formatText(result, { color });
  if (values.output) {
    writeFileSync(values.output, report.endsWith('\n') ? report : `${report}\n`);
    process.stderr.write(
      `${result.passed ? 'passed' : 'failed'}: ${result.counts.error} errors, ${result.counts.warning} warnings; ${format} report written to ${values.output}\n`,
    );
  } else {
    process.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
  }
  if (result.explanations) process.stderr.write(formatExplanations(result.explanations));
  return result.passed ? 0 : 1;
}

/** `--explain`: how rules classified the repository, after the report and apart from it. */
function formatExplanations(explanations: Record<string, string[]>): string {
  const blocks = Object.entries(explanations).map(
    ([ruleId, lines]) => `Explain ${ruleId}:\n${lines.map((line) => `  ${line}`).join('\n')}`,
  );
  return blocks.length ? `\n${blocks.join('\n\n')}\n` : '';
}
