// `handoff-gate baseline`: accept every current finding by writing their fingerprints to a
// reviewable file, so a legacy repository can adopt the gate and only new findings are reported.
// Also the `check` options that use a baseline and a base revision (`--baseline`, `--scope`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBaseline, formatBaseline, readBaseline } from '../engine/baseline.js';
import type { Scope } from '../engine/result.js';
import { run, type RunOptions } from '../run.js';
import { gitChangedLines } from '../workspace/changed.js';
import { terminalProgress } from './progress.js';
import { list, oneOf, UsageError } from './usage.js';

export const DEFAULT_BASELINE_FILE = '.github/handoff-baseline.json';
const SCOPES: Scope[] = ['all', 'changed-files', 'changed-lines'];

export async function baselineCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      output: { type: 'string' },
      config: { type: 'string' },
      rules: { type: 'string' },
      paths: { type: 'string' },
      strict: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) {
    throw new UsageError(`expected one directory, got ${positionals.length}`);
  }
  const root = resolve(positionals[0] ?? '.');
  const progress = terminalProgress(process.stderr);
  // Every finding in the repository: no scope, no earlier baseline, nothing to fail on.
  const result = await run({
    root,
    configFile: values.config,
    rules: list(values.rules),
    paths: list(values.paths),
    strict: values.strict,
    failOn: 'never',
    scope: 'all',
    onProgress: progress.update,
  });
  progress.clear();
  const text = formatBaseline(createBaseline(result));
  const count = result.findings.length;
  if (values.output === '-') {
    process.stdout.write(text);
    return 0;
  }
  const output = resolve(root, values.output ?? DEFAULT_BASELINE_FILE);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, text);
  const shown = relative(process.cwd(), output) || output;
  process.stderr.write(
    `baseline: ${count} finding${count === 1 ? '' : 's'} accepted, written to ${shown}\n` +
      `Use it with \`handoff-gate check --baseline ${shown}\` or the action's \`baseline\` input.\n`,
  );
  return 0;
}

export interface CheckScopeArgs {
  scope?: string;
  base?: string;
  baseline?: string;
}

/**
 * The pipeline options `check --scope/--base/--baseline` ask for: a baseline read from its file,
 * and changed lines of the working tree (committed or not, untracked files whole) since it left
 * the base revision.
 */
export async function scopeOptions(
  root: string,
  args: CheckScopeArgs,
): Promise<Partial<RunOptions>> {
  const options: Partial<RunOptions> = {};
  if (args.baseline !== undefined) {
    options.baseline = (await readBaseline(resolve(args.baseline), args.baseline)).fingerprints;
  }
  if (args.scope === undefined) return options;
  options.scope = oneOf(args.scope, SCOPES, '--scope') as Scope;
  if (options.scope === 'all') return options;
  if (args.base === undefined) {
    throw new UsageError(
      `--scope ${args.scope} needs --base REF (the branch or commit to compare with)`,
    );
  }
  options.changed = (await gitChangedLines(root, { base: args.base, worktree: true })).changed;
  return options;
}
