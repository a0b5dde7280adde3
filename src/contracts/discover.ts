// Find and load the run's contracts once, for both contract rules: the paths and inline
// contracts the options name (the config's `contracts:` list is passed there), or by default
// every `handoff.contract.yml` and `*.contract.yml` in the repository.
import picomatch from 'picomatch';
import type { RuleContext } from '../engine/types.js';
import { loadContractText, loadInlineContract, unusableContract } from './load.js';
import type { ContractFile, ContractLocation, ContractProblem, ModelContract } from './types.js';

export const DEFAULT_CONTRACT_GLOBS = [
  'handoff.contract.yml',
  'handoff.contract.yaml',
  '**/*.contract.yml',
  '**/*.contract.yaml',
];

/** The `contracts` option both contract rules take (the config's `contracts:` list fills it). */
export function contractsOptionSchema(): Record<string, unknown> {
  return {
    type: 'array',
    description:
      'Contract files (paths or globs relative to the repository root) or inline contracts. Empty: every `handoff.contract.yml` and `**/*.contract.yml` / `.yaml` is used.',
    items: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] },
    default: [],
  };
}

const CONFIG_FILES = ['.github/handoff.yml', '.github/handoff.yaml', 'handoff.yml', 'handoff.yaml'];

export interface LoadedContracts {
  files: ContractFile[];
  models: ModelContract[];
  /** Problems the options themselves cause (a listed contract file that does not exist). */
  problems: ContractProblem[];
}

/** Repository files matching a glob (or equal to a plain path), in workspace order. */
export function matchFiles(ctx: Pick<RuleContext, 'allFiles'>, pattern: string): string[] {
  if (!/[*?[\]{}]/.test(pattern)) {
    return ctx.allFiles.some((f) => f.path === pattern) ? [pattern] : [];
  }
  const isMatch = picomatch(pattern, { dot: true });
  return ctx.allFiles.filter((f) => isMatch(f.path)).map((f) => f.path);
}

/** Where inline contracts are reported: the `contracts:` key of the config file, if found. */
function configLocation(ctx: RuleContext): ContractLocation {
  for (const file of CONFIG_FILES) {
    const text = ctx.sources.text(file);
    if (text === undefined) continue;
    const index = text.split('\n').findIndex((line) => /^contracts\s*:/.test(line));
    return { file, line: index >= 0 ? index + 1 : 1, column: 1 };
  }
  return { file: '', line: 1, column: 1 };
}

function loadFile(ctx: RuleContext, file: string): ContractFile {
  const text = ctx.sources.text(file);
  if (text === undefined) {
    return unusableContract(
      file,
      'the contract file is unreadable (binary, too large or outside the workspace)',
    );
  }
  return loadContractText(file, text);
}

/** Load the contracts named by `option` (paths, globs or inline objects), or the default ones. */
export function loadContracts(ctx: RuleContext, option: unknown[] | undefined): LoadedContracts {
  const key = `contracts:${JSON.stringify(option ?? null)}`;
  return ctx.shared(key, () => {
    const loaded: LoadedContracts = { files: [], models: [], problems: [] };
    const seen = new Set<string>();
    const add = (contract: ContractFile) => {
      loaded.files.push(contract);
      loaded.models.push(...contract.models);
    };
    if (option && option.length > 0) {
      for (const entry of option) {
        if (typeof entry === 'string') {
          const pattern = entry.replace(/^\.?\//, '');
          const files = matchFiles(ctx, pattern);
          if (files.length === 0) {
            loaded.problems.push({
              ...configLocation(ctx),
              message: `contract "${entry}" matches no file in the repository`,
            });
          }
          for (const file of files) {
            if (seen.has(file)) continue;
            seen.add(file);
            add(loadFile(ctx, file));
          }
        } else {
          add(loadInlineContract(entry, configLocation(ctx)));
        }
      }
    } else {
      const isContract = picomatch(DEFAULT_CONTRACT_GLOBS, { dot: true });
      for (const { path } of ctx.allFiles) if (isContract(path)) add(loadFile(ctx, path));
    }
    return loaded;
  });
}

/**
 * Report each contract problem once per run, by whichever contract rule runs first. YAML syntax
 * errors go through parseError (they are parse errors); the rest are findings of the rule.
 */
export function reportContractProblems(ctx: RuleContext, loaded: LoadedContracts): void {
  const claimed = ctx.shared('contracts:problems-reported', () => ({ done: false }));
  if (claimed.done) return;
  claimed.done = true;
  for (const problem of [...loaded.problems, ...loaded.files.flatMap((f) => f.problems)]) {
    if (problem.message.startsWith('YAML: ')) {
      ctx.parseError({
        file: problem.file,
        line: problem.line,
        column: problem.column,
        message: problem.message,
      });
    } else {
      ctx.report({
        file: problem.file,
        line: problem.line,
        column: problem.column,
        message: `contract: ${problem.message}`,
        fix: 'Fix the contract so it matches the contract format (docs/contracts.md).',
      });
    }
  }
}

/** Whether a path is a contract file (for messages and discovery tests). */
export function isDefaultContractPath(path: string): boolean {
  return picomatch(DEFAULT_CONTRACT_GLOBS, { dot: true })(path);
}
