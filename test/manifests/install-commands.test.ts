import { describe, expect, it } from 'vitest';
import { findInstallCommands } from '../../src/manifests/install-commands.js';
import { parseShell } from '../../src/manifests/shell-words.js';

const installs = (text: string) =>
  findInstallCommands({ text, map: (offset) => offset }).map((command) => ({
    manager: command.manager,
    packages: command.packages.map((word) => word.value),
    files: command.files.map((word) => word.value),
    editables: command.editables.map((word) => word.value),
    fromLock: command.fromLock,
  }));

describe('parseShell', () => {
  it('splits on && || ; | & and newlines, and peels control-flow keywords', () => {
    const script = parseShell('a && b || c; d | e & f\nif x; then g; fi\nfor i in 1 2; do h; done');
    expect(script.commands.map((c) => c.words.map((w) => w.value).join(' '))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'x',
      'g',
      'h',
    ]);
  });

  it('removes quotes, keeps expansions as written, and drops redirections and their targets', () => {
    const script = parseShell(`pip install "a>=1" 'b c' d\\ e $VAR "\${X}y" 2>/dev/null > out.log`);
    expect(script.commands[0]!.words.map((w) => [w.value, w.expansion])).toEqual([
      ['pip', false],
      ['install', false],
      ['a>=1', false],
      ['b c', false],
      ['d e', false],
      ['$VAR', true],
      ['${X}y', true],
    ]);
  });

  it('joins backslash-newline continuations and skips comments and heredoc bodies', () => {
    const script = parseShell(
      'pip install \\\n  a \\\n  b # comment\ncat <<EOF > f\npip install not-a-command\nEOF\nc',
    );
    expect(script.commands.map((c) => c.words.map((w) => w.value).join(' '))).toEqual([
      'pip install a b',
      'cat',
      'c',
    ]);
  });

  it('reports unterminated quotes without throwing', () => {
    expect(parseShell('echo "open').problems[0]!.message).toMatch(/unterminated double quote/);
    expect(parseShell("echo 'open").problems[0]!.message).toMatch(/unterminated single quote/);
  });
});

describe('findInstallCommands', () => {
  it('finds pip under its many names and wrappers', () => {
    expect(
      installs(
        'sudo -H pip3 install -U a && python3.11 -m pip install b && /opt/conda/bin/pip install c',
      ).map((c) => c.packages),
    ).toEqual([['a'], ['b'], ['c']]);
    expect(installs('env X=1 uv pip install d').map((c) => c.packages)).toEqual([['d']]);
    expect(installs('pip --no-cache-dir --timeout 60 install e').map((c) => c.packages)).toEqual([
      ['e'],
    ]);
    expect(installs('{sys.executable} -m pip install f').map((c) => c.packages)).toEqual([['f']]);
  });

  it('separates packages from option values, requirement files and editables', () => {
    expect(
      installs(
        'pip install -r req.txt -c c.txt -i https://x/simple --extra-index-url=https://y -e . -f https://z pkg --target=/t',
      ),
    ).toEqual([
      { manager: 'pip', packages: ['pkg'], files: ['req.txt'], editables: ['.'], fromLock: false },
    ]);
  });

  it('looks inside sh -c / bash -c strings and conda run', () => {
    expect(
      installs('/bin/bash -c "source activate env && pip install g"').map((c) => c.packages),
    ).toEqual([['g']]);
    expect(
      installs('conda run -n env --no-capture-output pip install h').map((c) => c.packages),
    ).toEqual([['h']]);
  });

  it('reads conda/mamba install and create, and conda env files', () => {
    expect(
      installs('conda install -y -c conda-forge "numpy>=1" pandas=2.1 --file more.txt'),
    ).toEqual([
      {
        manager: 'conda',
        packages: ['numpy>=1', 'pandas=2.1'],
        files: ['more.txt'],
        editables: [],
        fromLock: false,
      },
    ]);
    expect(installs('mamba create -n x python=3.11 -y')[0]!.packages).toEqual(['python=3.11']);
    expect(installs('conda env create -f environment.yml')[0]).toMatchObject({
      packages: [],
      files: ['environment.yml'],
    });
  });

  it('knows pipenv installs from the lock with --deploy and sync', () => {
    expect(installs('pipenv install --system --deploy')[0]!.fromLock).toBe(true);
    expect(installs('pipenv sync')[0]!.fromLock).toBe(true);
    expect(installs('pipenv install requests')[0]).toMatchObject({
      packages: ['requests'],
      fromLock: false,
    });
  });

  it('ignores look-alikes', () => {
    expect(
      installs(
        'echo pip install x; pip download y; pip uninstall z; python -m notpip install w; apt-get install python3-pip',
      ),
    ).toEqual([]);
  });

  it('maps word offsets through sh -c strings back to the outer text', () => {
    const text = `bash -c 'pip install abc'`;
    const [command] = findInstallCommands({ text, map: (offset) => offset });
    const word = command!.packages[0]!;
    expect(text.slice(word.start, word.end)).toBe('abc');
  });
});
