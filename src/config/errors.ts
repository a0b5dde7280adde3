// A config that cannot be used. It carries every problem found, not just the first, so one
// run tells the user everything to fix.
import type { ConfigProblem } from './types.js';

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const sorted = sortProblems(problems);
    super(renderProblems(sorted));
    this.name = 'ConfigError';
    this.problems = sorted;
  }

  /** One `file:line:col: message` line per problem. */
  format(): string {
    return renderProblems(this.problems);
  }
}

function renderProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
}

function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique: ConfigProblem[] = [];
  for (const problem of problems) {
    const id = `${problem.file}\0${problem.line}\0${problem.column}\0${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(problem);
  }
  // Keep file order as found (the config before the packs it names), positions ascending within.
  const fileOrder = new Map<string, number>();
  for (const problem of unique)
    if (!fileOrder.has(problem.file)) fileOrder.set(problem.file, fileOrder.size);
  return unique.sort(
    (a, b) =>
      fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.column - b.column,
  );
}

/**
 * An `extends` entry that names a pack which cannot be used (a remote pack pinned to a branch, a
 * path outside the repository, a file that is not there). Reported at the entry in the config.
 */
export class PackError extends Error {
  override name = 'PackError';
}
