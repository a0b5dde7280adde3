// Shell scripts: the same install commands as Dockerfile RUN lines.
import { findInstallCommands } from './install-commands.js';
import { declareInstalls } from './install-declarations.js';
import { LineIndex } from './lines.js';
import type { Declaration, ManifestProblem } from './model.js';
import { parseShell } from './shell-words.js';

export interface ShellScriptResult {
  declarations: Declaration[];
  problems: ManifestProblem[];
}

export function shellScriptDeclarations(file: string, text: string): ShellScriptResult {
  const index = new LineIndex(text);
  const problems = parseShell(text)
    .problems.slice(0, 1)
    .map((problem) => ({ file, ...index.position(problem.offset), message: problem.message }));
  const commands = findInstallCommands({ text, map: (offset) => offset });
  const declarations = declareInstalls(commands, {
    file,
    source: 'shell',
    locate: (offset) => index.position(offset),
  });
  return { declarations, problems };
}

/** Whether a file's first line is a POSIX-shell shebang (`#!/bin/sh`, `#!/usr/bin/env bash`, ...). */
export function hasShellShebang(text: string): boolean {
  const first = text.slice(0, 200).split('\n', 1)[0] ?? '';
  return /^#!\s*(\S*\/)?(env\s+(-\S+\s+)*)?(ba|da|k|z)?sh\b/.test(first);
}
