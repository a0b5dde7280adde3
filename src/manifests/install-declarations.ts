// Declarations for packages installed by commands (Dockerfile RUN, shell scripts, notebook
// magics, `os.system`): each package word becomes a Declaration at its own position.
import type { CellRef } from '../engine/types.js';
import { parseCondaSpec } from './conda-spec.js';
import { applyCondaSpec, base, declarePypi, type DeclarationSite } from './declare.js';
import type { InstallCommand } from './install-commands.js';
import type { Declaration, DeclarationSource, Position } from './model.js';
import { analyzeRequirement } from './requirement-spec.js';
import type { Word } from './shell-words.js';

export interface InstallContext {
  file: string;
  source: DeclarationSource;
  /** Map an offset of the command text to a position in the file. */
  locate: (offset: number) => Position & { cell?: CellRef };
  /** Installed by code at run time (os.system / subprocess). */
  runtime?: boolean;
}

// `$VAR`, `${VAR}`, `$(cmd)` and backticks stand for values we cannot know.
const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|`[^`]*`/g;

export function declareInstalls(
  commands: InstallCommand[],
  context: InstallContext,
): Declaration[] {
  const declarations: Declaration[] = [];
  for (const command of commands) {
    if (command.manager === 'pipenv' && command.fromLock) continue;
    for (const word of command.packages) {
      const declaration =
        command.manager === 'conda' ? condaWord(word, context) : pipWord(word, context, false);
      if (declaration) declarations.push(declaration);
    }
    for (const word of command.editables) {
      const declaration = pipWord(word, context, true);
      if (declaration) declarations.push(declaration);
    }
  }
  return declarations;
}

function site(word: Word, context: InstallContext, offsetInWord = 0): DeclarationSite {
  const at = context.locate(word.start + offsetInWord);
  const result: DeclarationSite = {
    file: context.file,
    line: at.line,
    column: at.column,
    source: context.source,
    command: true,
  };
  if (context.runtime) result.runtime = true;
  return result;
}

function pipWord(word: Word, context: InstallContext, editable: boolean): Declaration | undefined {
  const value = word.value;
  const beforeSpec = value.split(/[<>=!~;@[ ]/)[0] ?? value;
  // A package whose name comes from a variable cannot be judged.
  // (`{name}` is IPython's variable expansion in `!` commands.)
  if (/[$`{]/.test(beforeSpec) || value.trim() === '') return undefined;
  // A version from a variable (`torch==$TORCH_VERSION`) is taken as the pin it spells.
  const text = word.expansion ? value.replace(EXPANSION, '0') : value;
  const analysis = analyzeRequirement(text, { editable });
  if (analysis.kind === 'invalid') return undefined;
  const declaration = declarePypi(analysis, site(word, context, quoteOffset(word)));
  if (!declaration) return undefined;
  const cell = context.locate(word.start).cell;
  if (cell) declaration.cell = cell;
  return declaration;
}

function condaWord(word: Word, context: InstallContext): Declaration | undefined {
  const value = word.value;
  if (value.startsWith('$') || value.trim() === '') return undefined;
  // Paths and URLs to package files are explicit artifacts.
  if (/[/\\]/.test(value) && !value.includes('::')) return undefined;
  const spec = parseCondaSpec(word.expansion ? value.replace(EXPANSION, '0') : value);
  if ('error' in spec) return undefined;
  const declaration = base(
    spec.name,
    site(word, context, quoteOffset(word) + spec.nameOffset),
    'conda',
  );
  applyCondaSpec(declaration, spec, `pin the version you tested: "${spec.name}==X.Y.Z"`);
  const cell = context.locate(word.start).cell;
  if (cell) declaration.cell = cell;
  return declaration;
}

/** Words written in quotes start one character before their value. */
function quoteOffset(word: Word): number {
  return word.end - word.start > word.value.length && !word.expansion ? 1 : 0;
}
