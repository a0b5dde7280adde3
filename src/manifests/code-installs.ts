// Installs written in code: notebook magics (`%pip install`, `!pip install`, `%conda install`,
// `%%bash` bodies, automagic `pip install`), Databricks `.py` notebooks (`# MAGIC %pip`, `%sh`
// cells, `!pip`), and — reported only in strict mode — commands run from Python
// (`os.system('pip install x')`, `subprocess.check_call([sys.executable, '-m', 'pip', ...])`).
import type { Node, Tree } from 'web-tree-sitter';
import type { CellRef, CodeUnit, Location } from '../engine/types.js';
import { findInstallCommands, installsFromWords } from './install-commands.js';
import { declareInstalls } from './install-declarations.js';
import type { Declaration, Position } from './model.js';
import { staticString } from './python-literals.js';
import type { Word } from './shell-words.js';

const INSTALLERS = /^(pip\d*(\.\d+)?|conda|mamba|micromamba|uv|pipenv|python\d*(\.\d+)?)\b/;
/** Cheap filter: code that may run an installer from Python. */
export const MAY_INSTALL =
  /\b(pip\d*|conda|mamba|pipenv|uv)\b[^\n]{0,200}\b(install|create|sync)\b/;

type Place = Position & { cell?: CellRef };

/** Installs in the magics of one code unit (a notebook cell or a `.py` file). */
export function magicInstalls(unit: CodeUnit): Declaration[] {
  const declarations: Declaration[] = [];
  for (const magic of unit.magics) {
    if (magic.kind === 'cell') continue;
    // Databricks lines keep their `%`; `%sh cmd` / `%system cmd` run a shell command.
    const lead = /^(?:%?(?:sh|system|sx|bash)\s+|%(?=\w))?/.exec(magic.command)![0];
    const command = magic.command.slice(lead.length);
    if (!INSTALLERS.test(command)) continue;
    const locate = (offset: number): Place =>
      place(unit.locate(magic.row, magic.column + lead.length + offset));
    const commands = findInstallCommands({ text: command, map: (offset) => offset });
    declarations.push(
      ...declareInstalls(commands, { file: unit.file, source: 'notebook', locate }),
    );
  }
  return declarations;
}

/** Installs in a Databricks `.py` notebook: `# MAGIC` lines of `%pip`/`%conda`/`%sh` cells and `!cmd` lines. */
export function databricksInstalls(file: string, text: string): Declaration[] {
  if (!/^# Databricks notebook source/.test(text)) return [];
  const declarations: Declaration[] = [];
  const lines = text.split('\n');
  let cellLanguage: string | undefined;
  let cellStart = true;
  lines.forEach((raw, row) => {
    const line = raw.replace(/\r$/, '');
    if (/^# COMMAND -{5,}/.test(line)) {
      cellLanguage = undefined;
      cellStart = true;
      return;
    }
    let command: string | undefined;
    let column = 0;
    const magic = /^# MAGIC ?(.*)$/.exec(line);
    if (magic) {
      const body = magic[1]!;
      column = line.length - body.length;
      const language = /^%([\w-]+)\s*(.*)$/.exec(body);
      if (cellStart && language) {
        cellLanguage = language[1]!.toLowerCase();
        const rest = language[2]!;
        column += body.length - rest.length;
        command = ['pip', 'conda'].includes(cellLanguage)
          ? `${cellLanguage} ${rest}`
          : cellLanguage === 'sh'
            ? rest
            : undefined;
        if (cellLanguage === 'pip' || cellLanguage === 'conda') column -= cellLanguage.length + 1;
      } else if (language && ['pip', 'conda'].includes(language[1]!.toLowerCase())) {
        command = body.slice(1);
        column += 1;
      } else if (cellLanguage === 'sh') command = body;
    } else if (/^\s*!/.test(line)) {
      const body = line.replace(/^\s*!\s*/, '');
      column = line.length - body.length;
      command = body;
    }
    if (line.trim() !== '') cellStart = false;
    if (!command || !INSTALLERS.test(command.trimStart())) return;
    const lineNumber = row + 1;
    const commands = findInstallCommands({ text: command, map: (offset) => offset });
    declarations.push(
      ...declareInstalls(commands, {
        file,
        source: 'notebook',
        locate: (offset) => ({ line: lineNumber, column: column + offset + 1 }),
      }),
    );
  });
  return declarations;
}

/** Installs run from Python code (`os.system`, `subprocess.*`, `get_ipython().system`): strict-only. */
export function runtimeInstalls(unit: CodeUnit, tree: Tree): Declaration[] {
  const declarations: Declaration[] = [];
  for (const call of tree.rootNode.descendantsOfType('call')) {
    if (!call) continue;
    const callee = call.childForFieldName('function')?.text ?? '';
    if (
      !/(^|\.)(system|popen|run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/.test(
        callee,
      )
    )
      continue;
    if (
      !/^(os|subprocess|sp|get_ipython\(\))\./.test(callee) &&
      !/^(system|check_call|check_output)$/.test(callee)
    )
      continue;
    const first = call
      .childForFieldName('arguments')
      ?.namedChildren.find((arg) => arg.type !== 'comment');
    if (!first) continue;
    const context = (node: Node) => ({
      file: unit.file,
      source: 'notebook' as const,
      runtime: true,
      locate: (offset: number): Place =>
        place(unit.locate(node.startPosition.row, node.startPosition.column + 1 + offset)),
    });
    const text = staticString(first);
    if (text !== undefined && MAY_INSTALL.test(text)) {
      const commands = findInstallCommands({ text, map: (offset) => offset });
      declarations.push(...declareInstalls(commands, context(first)));
      continue;
    }
    if (first.type === 'list') {
      const items = first.namedChildren.filter((item) => item.type !== 'comment');
      const words = listWords(items);
      if (!words) continue;
      const commands = installsFromWords(words, { text: '', map: (offset) => offset });
      const locate = (offset: number): Place => {
        const item = items[Math.min(offset, items.length - 1)]!;
        return place(unit.locate(item.startPosition.row, item.startPosition.column + 1));
      };
      declarations.push(...declareInstalls(commands, { ...context(first), locate }));
    }
  }
  for (const declaration of declarations)
    if (!unit.file.endsWith('.ipynb')) declaration.source = 'shell';
  return declarations;
}

/** `[sys.executable, "-m", "pip", "install", "x"]` as words (offset = item index); non-literals stand for `python`. */
function listWords(items: Node[]): Word[] | undefined {
  const words: Word[] = [];
  for (const [index, item] of items.entries()) {
    const value = staticString(item) ?? (/executable$/.test(item.text) ? 'python' : undefined);
    if (value === undefined) return undefined;
    words.push({ value, start: index, end: index, expansion: false });
  }
  return words.some((w) => w.value === 'install') ? words : undefined;
}

function place(location: Location): Place {
  const result: Place = { line: location.line, column: location.column ?? 1 };
  if (location.cell) result.cell = location.cell;
  return result;
}
