// Package installs inside shell commands: pip / pip3 / python -m pip / uv pip, conda / mamba /
// micromamba install|create, and pipenv install — after peeling `sudo`, `env`, assignments,
// `conda run` and `bash -c '...'` wrappers. Returns the package words, the files installed from
// (`-r`, `--file`) and flags that matter for pinning (`--require-hashes`).
import { parseShell, type Word } from './shell-words.js';

export type InstallManager = 'pip' | 'conda' | 'pipenv';

export interface InstallCommand {
  manager: InstallManager;
  /** The word that names the tool (`pip3`, `conda`), for locating the command. */
  tool: Word;
  packages: Word[];
  /** Requirement or environment files installed from (`-r`, `--file`, `-f` for `conda env`). */
  files: Word[];
  constraints: Word[];
  /** Words given to `-e/--editable`. */
  editables: Word[];
  requireHashes: boolean;
  /** `pipenv install --deploy` / `--ignore-pipfile`: installs exactly the lock. */
  fromLock: boolean;
}

/** A command string to inspect, with a function mapping its offsets back to the source. */
export interface CommandText {
  text: string;
  /** Offset in the source where `text[0]` sits (when `text` is a verbatim slice). */
  map: (offset: number) => number;
}

const PIP_VALUE_OPTIONS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--upgrade-strategy',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--no-binary',
  '--only-binary',
  '--progress-bar',
  '--global-option',
  '--install-option',
  '-C',
  '--config-settings',
  '--log',
  '--log-file',
  '--cache-dir',
  '--trusted-host',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--report',
  '--python',
  '--root-user-action',
  '--keyring-provider',
  '-p',
  '--index-strategy',
  '--extra-index',
  '--group',
  '--extra',
  '--override',
  '--exclude-newer',
  '--resolution',
  '--prerelease',
]);
const PIP_GLOBAL_VALUE_OPTIONS = new Set([
  '--log',
  '--log-file',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--trusted-host',
  '--cert',
  '--client-cert',
  '--cache-dir',
  '--python',
  '--keyring-provider',
  '--use-feature',
]);
const CONDA_VALUE_OPTIONS = new Set([
  '-n',
  '--name',
  '-p',
  '--prefix',
  '-c',
  '--channel',
  '--file',
  '--repodata-fn',
  '--solver',
  '--experimental-solver',
  '--clone',
  '--subdir',
  '--platform',
  '-r',
  '--root-prefix',
  '--category',
]);
const PIPENV_VALUE_OPTIONS = new Set([
  '--python',
  '--pypi-mirror',
  '-r',
  '--requirements',
  '--categories',
  '--extra-pip-args',
  '-i',
  '--index',
]);
const WRAPPERS = new Set([
  'sudo',
  'env',
  'nohup',
  'command',
  'time',
  'exec',
  'nice',
  'stdbuf',
  'doas',
  'xvfb-run',
]);
const SHELLS = /^(.*\/)?(ba|z|da|k)?sh$/;
// `{sys.executable}` is IPython's expansion of the running interpreter in `!` commands.
const PYTHON =
  /^((.*\/)?(python(\d+(\.\d+)?)?|py)(\.exe)?|\{sys\.executable\}|"?\$\{?PYTHON\}?"?)$/;
const PIP = /^(.*\/)?pip(\d+(\.\d+)?)?(\.exe)?$/;
const CONDA = /^(.*\/)?(conda|mamba|micromamba)(\.exe)?$/;

/** Every install command in a shell script (recursing into `sh -c` strings). */
export function findInstallCommands(source: CommandText, depth = 0): InstallCommand[] {
  const script = parseShell(source.text);
  return script.commands.flatMap((command) => installsIn(command.words, source, depth));
}

/** Install commands of pre-split words (a Dockerfile exec form); offsets are in `source.text`. */
export function installsFromWords(words: Word[], source: CommandText): InstallCommand[] {
  return installsIn(words, source, 0);
}

/** Install commands of one simple command; words are offsets in `source.text`, results are mapped. */
function installsIn(all: Word[], source: CommandText, depth: number): InstallCommand[] {
  let words = all;
  // Peel wrappers and leading VAR=value assignments.
  for (;;) {
    const first = words[0];
    if (!first) return [];
    const name = first.value;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(name)) {
      words = words.slice(1);
      continue;
    }
    if (WRAPPERS.has(name.replace(/^.*\//, ''))) {
      let skip = 1;
      while (
        skip < words.length &&
        (words[skip]!.value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[skip]!.value))
      ) {
        skip += /^-(u|g|C|D)$/.test(words[skip]!.value) ? 2 : 1;
      }
      words = words.slice(skip);
      continue;
    }
    break;
  }
  const tool = words[0]!;
  const toolName = tool.value;
  const base = toolName.replace(/^.*\//, '');
  const rest = words.slice(1);
  const mapped = (commands: InstallCommand[]): InstallCommand[] =>
    commands.map((command) => mapCommand(command, source.map));

  // sh -c "…": look inside the string.
  if (SHELLS.test(toolName)) {
    const c = rest.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.value));
    const script = c >= 0 ? rest[c + 1] : undefined;
    if (!script || depth >= 3) return [];
    const inner = source.text.slice(script.start, script.end);
    const quote = inner[0] === "'" || inner[0] === '"' ? 1 : 0;
    const verbatim = quote === 1 && inner.slice(1, -1) === script.value;
    const startInSource = script.start + quote;
    return findInstallCommands(
      {
        text: script.value,
        map: verbatim
          ? (offset) => source.map(startInSource + offset)
          : () => source.map(script.start),
      },
      depth + 1,
    );
  }
  if (PIP.test(toolName)) return mapped(pipInstall(tool, rest));
  if (PYTHON.test(toolName)) {
    const m = rest.findIndex((word) => word.value === '-m' || /^-m\w/.test(word.value));
    if (m < 0) return [];
    const module = rest[m]!.value === '-m' ? rest[m + 1]?.value : rest[m]!.value.slice(2);
    const after = rest[m]!.value === '-m' ? rest.slice(m + 2) : rest.slice(m + 1);
    if (module === 'pip') return mapped(pipInstall(tool, after));
    if (module === 'pipenv') return mapped(pipenvInstall(tool, after));
    if (module === 'conda') return condaInstall(tool, after, source, depth);
    return [];
  }
  if (base === 'uv' && rest[0]?.value === 'pip') return mapped(pipInstall(tool, rest.slice(1)));
  if (base === 'pipenv') return mapped(pipenvInstall(tool, rest));
  if (CONDA.test(toolName)) return condaInstall(tool, rest, source, depth);
  return [];
}

function mapCommand(command: InstallCommand, map: (offset: number) => number): InstallCommand {
  const word = (w: Word): Word => ({ ...w, start: map(w.start), end: map(w.end) });
  return {
    ...command,
    tool: word(command.tool),
    packages: command.packages.map(word),
    files: command.files.map(word),
    constraints: command.constraints.map(word),
    editables: command.editables.map(word),
  };
}

function pipInstall(tool: Word, args: Word[]): InstallCommand[] {
  // pip's own global options may come before the subcommand.
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith('-')) {
    i += PIP_GLOBAL_VALUE_OPTIONS.has(args[i]!.value) ? 2 : 1;
  }
  if (args[i]?.value !== 'install') return [];
  const result = emptyCommand('pip', tool);
  scanOptions(
    args.slice(i + 1),
    PIP_VALUE_OPTIONS,
    (flag, value) => {
      if (flag === '-r' || flag === '--requirement') result.files.push(value!);
      else if (flag === '-c' || flag === '--constraint') result.constraints.push(value!);
      else if (flag === '-e' || flag === '--editable') result.editables.push(value!);
      else if (flag === '--require-hashes') result.requireHashes = true;
    },
    result.packages,
  );
  return [result];
}

function pipenvInstall(tool: Word, args: Word[]): InstallCommand[] {
  const sub = args[0]?.value;
  if (sub !== 'install' && sub !== 'sync') return [];
  const result = emptyCommand('pipenv', tool);
  if (sub === 'sync') result.fromLock = true;
  scanOptions(
    args.slice(1),
    PIPENV_VALUE_OPTIONS,
    (flag, value) => {
      if (flag === '--deploy' || flag === '--ignore-pipfile') result.fromLock = true;
      else if (flag === '-r' || flag === '--requirements') result.files.push(value!);
      else if (flag === '-e' || flag === '--editable') result.editables.push(value!);
    },
    result.packages,
  );
  return [result];
}

function condaInstall(
  tool: Word,
  args: Word[],
  source: CommandText,
  depth: number,
): InstallCommand[] {
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith('-')) i++;
  const sub = args[i]?.value;
  if (sub === 'run') {
    // `conda run -n env pip install …`: the command after conda run's own options.
    let j = i + 1;
    while (j < args.length && args[j]!.value.startsWith('-'))
      j += CONDA_VALUE_OPTIONS.has(args[j]!.value) ? 2 : 1;
    return installsIn(args.slice(j), source, depth);
  }
  const result = emptyCommand('conda', tool);
  if (sub === 'env') {
    scanOptions(
      args.slice(i + 2),
      new Set(['-n', '--name', '-p', '--prefix', '-f', '--file']),
      (flag, value) => {
        if (flag === '-f' || flag === '--file') result.files.push(value!);
      },
      [],
    );
    return [mapCommand(result, source.map)];
  }
  if (sub !== 'install' && sub !== 'create') return [];
  scanOptions(
    args.slice(i + 1),
    CONDA_VALUE_OPTIONS,
    (flag, value) => {
      if (flag === '--file') result.files.push(value!);
    },
    result.packages,
  );
  return [mapCommand(result, source.map)];
}

/** Walk options: `--flag`, `--opt value`, `--opt=value`, `-xyz` bundles; the rest are packages. */
function scanOptions(
  args: Word[],
  valueOptions: Set<string>,
  onOption: (flag: string, value: Word | undefined) => void,
  packages: Word[],
): void {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const text = word.value;
    if (text === '--') {
      packages.push(...args.slice(i + 1));
      return;
    }
    if (!text.startsWith('-') || text === '-') {
      packages.push(word);
      continue;
    }
    const eq = text.indexOf('=');
    if (text.startsWith('--') && eq > 0) {
      const flag = text.slice(0, eq);
      onOption(flag, { ...word, value: text.slice(eq + 1), start: word.start + eq + 1 });
      continue;
    }
    if (valueOptions.has(text)) {
      const value = args[i + 1];
      i++;
      if (value) onOption(text, value);
      continue;
    }
    // A short option with its value glued on: -rrequirements.txt, -e.
    const short = text.slice(0, 2);
    if (!text.startsWith('--') && text.length > 2 && valueOptions.has(short)) {
      onOption(short, { ...word, value: text.slice(2), start: word.start + 2 });
      continue;
    }
    onOption(text, undefined);
  }
}

function emptyCommand(manager: InstallManager, tool: Word): InstallCommand {
  return {
    manager,
    tool,
    packages: [],
    files: [],
    constraints: [],
    editables: [],
    requireHashes: false,
    fromLock: false,
  };
}
