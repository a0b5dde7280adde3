import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankIPython, databricksMagics } from '../../src/sources/magics.js';

const lines = (...ls: string[]) => ls.join('\n');

describe('blankIPython', () => {
  it('blanks %line magics and !shell escapes, keeping columns of the rest', () => {
    const src = lines('import os', '%pip install pandas==2.0', '!ls -la', 'x = 1');
    const { text, magics } = blankIPython(src);
    expect(text).toBe(lines('import os', ' '.repeat(24), ' '.repeat(7), 'x = 1'));
    expect(magics).toEqual([
      { row: 1, kind: 'line', command: 'pip install pandas==2.0', column: 1 },
      { row: 2, kind: 'shell', command: 'ls -la', column: 1 },
    ]);
  });

  it('blanks indented magics inside blocks (the tree keeps an empty block)', () => {
    const src = lines(
      "if 'google.colab' in sys.modules:",
      '    !pip install -q transformers',
      'y = 2',
    );
    const { text, magics } = blankIPython(src);
    expect(text.split('\n')[1]).toBe(' '.repeat('    !pip install -q transformers'.length));
    expect(magics).toEqual([
      { row: 1, kind: 'shell', command: 'pip install -q transformers', column: 5 },
    ]);
  });

  it('blanks assignments from magics, including annotated ones', () => {
    const { text, magics } = blankIPython(
      lines('files = !ls *.csv', 'a, b = %who_ls', 'out: list[str] = !!pwd', 'x == !y'),
    );
    expect(
      text
        .split('\n')
        .slice(0, 3)
        .every((l) => l.trim() === ''),
    ).toBe(true);
    expect(magics.map((m) => [m.row, m.kind, m.command, m.column])).toEqual([
      [0, 'shell', 'ls *.csv', 9],
      [1, 'line', 'who_ls', 8],
      [2, 'shell', 'pwd', 19],
    ]);
    // `x == !y` is not an assignment: the line is left for the parser to report.
    expect(text.split('\n')[3]).toBe('x == !y');
  });

  it('reads help requests as IPython does (obj? is pinfo, obj?? is pinfo2)', () => {
    const { text, magics } = blankIPython(
      lines('np.array?', 'result = str.split??', '?os.path', 'x = 1  # what?', "s = 'why?'"),
    );
    expect(magics.map((m) => [m.row, m.command, m.column])).toEqual([
      [0, 'pinfo np.array', 0],
      [1, 'pinfo2 str.split', 9],
      [2, 'pinfo os.path', 1],
    ]);
    expect(text.split('\n').slice(3)).toEqual(['x = 1  # what?', "s = 'why?'"]);
  });

  it('joins a magic continued with backslashes and blanks every line of it', () => {
    const src = lines('%pip install \\', '    numpy \\', '    pandas', 'import numpy');
    const { text, magics } = blankIPython(src);
    expect(magics).toEqual([
      { row: 0, kind: 'line', command: 'pip install numpy pandas', column: 1 },
    ]);
    expect(
      text
        .split('\n')
        .slice(0, 3)
        .every((l) => l.trim() === ''),
    ).toBe(true);
    expect(text.split('\n')[3]).toBe('import numpy');
  });

  it('keeps the Python body of %%time, %%timeit, %%capture, %%prun', () => {
    for (const name of ['time', 'timeit -n 3', 'capture out', 'prun']) {
      const { text, magics } = blankIPython(lines(`%%${name}`, 'x = f()'));
      expect(text).toBe(lines(' '.repeat(name.length + 2), 'x = f()'));
      expect(magics).toEqual([{ row: 0, kind: 'cell', command: name, column: 2 }]);
    }
  });

  it('blanks the whole body of non-Python cell magics', () => {
    for (const name of [
      'bash',
      'sh',
      'writefile req.txt',
      'html',
      'javascript',
      'latex',
      'markdown',
      'sql',
      'script ruby',
      'custom',
    ]) {
      const src = lines(`%%${name}`, 'pip install x==1', 'SELECT 1;');
      const { text } = blankIPython(src);
      expect(text.replace(/[ \n]/g, '')).toBe('');
      expect(text.length).toBe(src.length);
    }
  });

  it('records the body of shell cells (%%bash, %%sh, %%script bash) as shell commands', () => {
    const { magics } = blankIPython(
      lines('', '%%bash', 'pip install torch==2.1  ', '# note', '', '  conda install -y x'),
    );
    expect(magics).toEqual([
      { row: 1, kind: 'cell', command: 'bash', column: 2 },
      { row: 2, kind: 'shell', command: 'pip install torch==2.1', column: 0 },
      { row: 5, kind: 'shell', command: 'conda install -y x', column: 2 },
    ]);
    expect(blankIPython(lines('%%script /bin/bash', 'pip install a')).magics[1]).toMatchObject({
      kind: 'shell',
      command: 'pip install a',
    });
    expect(blankIPython(lines('%%writefile x.sh', 'pip install a')).magics).toHaveLength(1);
  });

  it('treats a Databricks %sql / %md / %sh first line as a cell in that language', () => {
    const sql = blankIPython(lines('%sql', 'SELECT * FROM t'));
    expect(sql.text.trim()).toBe('');
    expect(sql.magics).toEqual([{ row: 0, kind: 'line', command: 'sql', column: 1 }]);
    const sh = blankIPython(lines('%sh', 'pip install x'));
    expect(sh.magics[1]).toEqual({ row: 1, kind: 'shell', command: 'pip install x', column: 0 });
    // `%python` switches back to Python: only the magic line is blanked.
    expect(blankIPython(lines('%python', 'x = 1')).text).toBe(lines('       ', 'x = 1'));
  });

  it('recognises automagics only where the line cannot be Python', () => {
    const { magics } = blankIPython(
      lines(
        'pip install requests',
        'conda install -c conda-forge x',
        'pip = 3',
        'pip in deps',
        'ls -la',
        'cd data',
      ),
    );
    expect(magics.map((m) => m.command)).toEqual([
      'pip install requests',
      'conda install -c conda-forge x',
      'cd data',
    ]);
  });

  it('never treats lines inside strings, brackets or continuations as magics', () => {
    const src = lines(
      's = """',
      '%d items',
      '!important',
      '"""',
      'x = f(',
      '    !y,',
      ')',
      'z = 1 + \\',
      '    %2',
      "t = 'it''s' # '",
      '%ls',
    );
    const { text, magics } = blankIPython(src);
    expect(magics).toEqual([{ row: 10, kind: 'line', command: 'ls', column: 1 }]);
    expect(text.split('\n').slice(0, 10)).toEqual(src.split('\n').slice(0, 10));
  });

  it('keeps CRLF line ends and UTF-16 widths when blanking', () => {
    const src = '%pip install 日本😀\r\nx = 1\r\n';
    const { text, magics } = blankIPython(src);
    expect(text).toBe(`${' '.repeat('%pip install 日本😀'.length)}\r\nx = 1\r\n`);
    expect(magics[0].command).toBe('pip install 日本😀');
  });

  it('preserves length and line structure, and only ever writes spaces (property)', () => {
    const piece = fc.constantFrom(
      '%',
      '%%',
      '!',
      '?',
      '??',
      '\\',
      '"',
      "'",
      '"""',
      '(',
      ')',
      '#',
      ' ',
      '\n',
      '\r\n',
      'x',
      '=',
      'pip install ',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const src = parts.join('');
        const { text, magics } = blankIPython(src);
        expect(text.length).toBe(src.length);
        for (let i = 0; i < src.length; i++) {
          if (text[i] !== src[i]) expect(text[i]).toBe(' ');
          if (src[i] === '\n' || src[i] === '\r') expect(text[i]).toBe(src[i]);
        }
        const rows = src.split('\n').length;
        for (const m of magics) {
          expect(m.row).toBeGreaterThanOrEqual(0);
          expect(m.row).toBeLessThan(rows);
        }
      }),
    );
  });
});

describe('databricksMagics', () => {
  it('records # MAGIC lines of a Databricks notebook without changing anything', () => {
    const text = lines(
      '# Databricks notebook source',
      '# MAGIC %pip install mlflow==2.9.2',
      '',
      '# COMMAND ----------',
      '# MAGIC %sh',
      '# MAGIC pip install x',
      '# MAGIC',
      'import mlflow',
    );
    expect(databricksMagics(text)).toEqual([
      { row: 1, kind: 'databricks', command: '%pip install mlflow==2.9.2', column: 8 },
      { row: 4, kind: 'databricks', command: '%sh', column: 8 },
      { row: 5, kind: 'databricks', command: 'pip install x', column: 8 },
    ]);
  });

  it('ignores # MAGIC in ordinary Python files', () => {
    expect(databricksMagics('import os\n# MAGIC %pip install x\n')).toEqual([]);
  });

  it('accepts CRLF files', () => {
    expect(databricksMagics('# Databricks notebook source\r\n# MAGIC %pip install a\r\n')).toEqual([
      { row: 1, kind: 'databricks', command: '%pip install a', column: 8 },
    ]);
  });
});
