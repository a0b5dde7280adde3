// A config that cannot be used becomes one located `::error` per problem, so each lands on
// its line of the config file in the PR's Files view.
import { isAbsolute, relative, sep } from 'node:path';
import { workflowCommand } from '../report/workflow-command.js';

export interface ConfigProblem {
  file?: string;
  line?: number;
  column?: number;
  key?: string;
  message: string;
}

/**
 * The shape of `ConfigError` (src/config/errors.ts) that the action needs. Matched by shape so
 * the action layer does not depend on the config module's internals.
 */
export interface ConfigErrorLike extends Error {
  problems: ConfigProblem[];
}

export function isConfigError(error: unknown): error is ConfigErrorLike {
  if (!(error instanceof Error)) return false;
  const problems = (error as { problems?: unknown }).problems;
  return (
    error.name === 'ConfigError' ||
    (Array.isArray(problems) &&
      problems.length > 0 &&
      problems.every((p) => typeof (p as ConfigProblem | null)?.message === 'string'))
  );
}

export function configErrorCommands(error: ConfigErrorLike, workspace: string): string[] {
  const problems =
    Array.isArray(error.problems) && error.problems.length
      ? error.problems
      : [{ message: error.message }];
  // The config module's messages already name the offending key.
  return problems.map((problem) => {
    return workflowCommand('error', problem.message, {
      file: problem.file ? relativeTo(workspace, problem.file) : undefined,
      line: positive(problem.line),
      col: positive(problem.column),
      title: 'handoff-gate: invalid configuration',
    });
  });
}

/** `file:line:col: message`, as the CLI prints it, with the file relative to the workspace. */
export function configProblemText(problem: ConfigProblem, workspace: string): string {
  if (!problem.file) return problem.message;
  const at = `${relativeTo(workspace, problem.file)}:${positive(problem.line) ?? 1}:${positive(problem.column) ?? 1}`;
  return `${at}: ${problem.message}`;
}

function relativeTo(workspace: string, file: string): string {
  if (!isAbsolute(file)) return file.split(sep).join('/');
  const rel = relative(workspace, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

function positive(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1
    ? Math.floor(value)
    : undefined;
}
