// A pack problem without a finer position than the file itself (not found, too large, a module
// that throws on import): reported at line 1, column 1 of the pack.
import { ConfigError } from '../config/errors.js';

export function fileProblem(file: string, message: string): ConfigError {
  return fileProblems(file, [message]);
}

export function fileProblems(file: string, messages: readonly string[]): ConfigError {
  return new ConfigError(
    messages.map((message) => ({ file, line: 1, column: 1, key: '', message })),
  );
}
