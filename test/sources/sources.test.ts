import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SkippedFile } from '../../src/engine/result.js';
import type { ParseErrorReport, Sources } from '../../src/engine/types.js';
import { createSources } from '../../src/sources/index.js';

let root: string;
let outside: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hg-sources-'));
  outside = mkdtempSync(join(tmpdir(), 'hg-outside-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

interface Harness {
  sources: Sources;
  skipped: SkippedFile[];
  errors: ParseErrorReport[];
}

function setup(
  paths: string[],
  { maxFileSize = 1024 * 1024, skipped = [] as SkippedFile[] } = {},
): Harness {
  const errors: ParseErrorReport[] = [];
  const files = paths.map((path) => ({ path, size: 0 }));
  const sources = createSources(root, files, {
    maxFileSize,
    skipped,
    onParseError: (e) => errors.push(e),
  });
  return { sources, skipped, errors };
}

const notebook = (cells: { cell_type: string; source: string[] | string }[], language = 'python') =>
  JSON.stringify(
    { cells, metadata: { kernelspec: { language, name: 'k' } }, nbformat: 4, nbformat_minor: 5 },
    null,
    1,
  );

describe('bytes and text', () => {
  it('reads a file once and serves later calls from the cache', () => {
    write('a.py', 'x = 1\n');
    const { sources } = setup(['a.py']);
    expect(sources.text('a.py')).toBe('x = 1\n');
    write('a.py', 'changed\n');
    expect(sources.text('a.py')).toBe('x = 1\n');
    expect(sources.bytes('a.py')?.toString()).toBe('x = 1\n');
  });

  it('strips a UTF-8 BOM from text but not from bytes', () => {
    write('b.py', '\ufeffimport os\n');
    const { sources } = setup(['b.py']);
    expect(sources.text('b.py')).toBe('import os\n');
    expect(sources.bytes('b.py')?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('reads 0-byte files as empty text', () => {
    write('empty.py', '');
    const { sources, skipped } = setup(['empty.py']);
    expect(sources.text('empty.py')).toBe('');
    expect(sources.code('empty.py')?.units[0].text).toBe('');
    expect(skipped).toEqual([]);
  });

  it('skips a binary file named .py once, whichever view asks', () => {
    write(
      'model.py',
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(10), Buffer.from('x')]),
    );
    const { sources, skipped } = setup(['model.py']);
    expect(sources.bytes('model.py')).toBeUndefined();
    expect(sources.text('model.py')).toBeUndefined();
    expect(sources.code('model.py')).toBeUndefined();
    expect(skipped).toEqual([{ path: 'model.py', reason: 'binary', size: 15 }]);
  });

  it('only looks for NUL bytes in the first 8 KiB', () => {
    write('late.py', Buffer.concat([Buffer.from('#'.repeat(9000)), Buffer.alloc(1)]));
    const { sources, skipped } = setup(['late.py']);
    expect(sources.bytes('late.py')?.length).toBe(9001);
    expect(skipped).toEqual([]);
  });

  it('skips files over the size cap without reading them', () => {
    write('big.ipynb', 'x'.repeat(2048));
    const { sources, skipped, errors } = setup(['big.ipynb'], { maxFileSize: 1000 });
    expect(sources.code('big.ipynb')).toBeUndefined();
    expect(sources.text('big.ipynb')).toBeUndefined();
    expect(skipped).toEqual([{ path: 'big.ipynb', reason: 'too-large', size: 2048 }]);
    expect(errors).toEqual([]);
  });

  it('does not list a file twice when the workspace already skipped it', () => {
    write('big.py', 'x'.repeat(50));
    const pre: SkippedFile[] = [{ path: 'big.py', reason: 'too-large', size: 50 }];
    const { sources, skipped } = setup(['big.py'], { maxFileSize: 10, skipped: pre });
    expect(sources.text('big.py')).toBeUndefined();
    expect(skipped).toHaveLength(1);
  });

  it('returns undefined for unlisted and vanished files without skipping them', () => {
    write('there.py', 'x');
    const { sources, skipped } = setup(['gone.py']);
    expect(sources.text('there.py')).toBeUndefined();
    expect(sources.text('gone.py')).toBeUndefined();
    expect(skipped).toEqual([]);
  });

  it('refuses symlinks that leave the root, and follows those that stay inside', () => {
    writeFileSync(join(outside, 'secret.txt'), 'token');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
    mkdirSync(join(root, 'sub'));
    symlinkSync(outside, join(root, 'sub', 'out'));
    write('real.py', 'x = 1\n');
    symlinkSync(join(root, 'real.py'), join(root, 'alias.py'));
    const { sources, skipped } = setup(['leak.txt', 'sub/out/secret.txt', 'alias.py']);
    expect(sources.text('leak.txt')).toBeUndefined();
    expect(sources.text('sub/out/secret.txt')).toBeUndefined();
    expect(sources.text('alias.py')).toBe('x = 1\n');
    expect(skipped).toEqual([
      { path: 'leak.txt', reason: 'symlink' },
      { path: 'sub/out/secret.txt', reason: 'symlink' },
    ]);
  });

  it('refuses paths that climb out of the root', () => {
    writeFileSync(join(outside, 'x.py'), 'x');
    const rel = `../${outside.split('/').pop()}/x.py`;
    const { sources, skipped } = setup([rel, '/etc/passwd']);
    expect(sources.text(rel)).toBeUndefined();
    expect(sources.text('/etc/passwd')).toBeUndefined();
    expect(skipped.map((s) => s.reason)).toEqual(['outside-workspace', 'outside-workspace']);
  });

  it('does not hang on a FIFO or read a directory', () => {
    execFileSync('mkfifo', [join(root, 'pipe.py')]);
    mkdirSync(join(root, 'dir.py'));
    const { sources, skipped } = setup(['pipe.py', 'dir.py']);
    expect(sources.text('pipe.py')).toBeUndefined();
    expect(sources.text('dir.py')).toBeUndefined();
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      ['pipe.py', 'unreadable'],
      ['dir.py', 'unreadable'],
    ]);
  });
});

describe('memory budget', () => {
  const tiny = (paths: string[]) => {
    const skipped: SkippedFile[] = [];
    const sources = createSources(
      root,
      paths.map((path) => ({ path, size: 0 })),
      {
        maxFileSize: 1 << 20,
        skipped,
        onParseError: () => {},
        retention: {
          bytes: { fileLimit: 100, total: 150 },
          text: { fileLimit: 100, total: 150 },
        },
      },
    );
    return { sources, skipped };
  };
  const big = notebook([
    { cell_type: 'code', source: ['import os\n', `x = "${'y'.repeat(200)}"`] },
  ]);

  it('keeps small files for the run, and reads a large one again only after other files', () => {
    write('big.ipynb', big);
    write('small.py', 'x = 1\n');
    const { sources } = tiny(['big.ipynb', 'small.py']);
    const first = sources.bytes('big.ipynb');
    expect(sources.bytes('big.ipynb')).toBe(first); // back to back: one read
    expect(sources.text('small.py')).toBe('x = 1\n');
    write('small.py', 'changed\n');
    expect(sources.bytes('small.py')?.toString()).toBe('x = 1\n');
    expect(sources.text('small.py')).toBe('x = 1\n');
    const again = sources.bytes('big.ipynb');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('parses a large notebook once even though its bytes are not kept', () => {
    write('big.ipynb', big);
    write('small.py', 'x = 1\n');
    const { sources } = tiny(['big.ipynb', 'small.py']);
    const doc = sources.code('big.ipynb');
    expect(doc?.units[0].text).toContain('import os');
    sources.bytes('small.py');
    expect(sources.code('big.ipynb')).toBe(doc);
  });

  it('stops keeping files once the budget is spent', () => {
    const names = ['a.py', 'b.py', 'c.py', 'd.py'];
    for (const name of names) write(name, `${name[0].repeat(60)}\n`);
    const { sources } = tiny(names);
    for (const name of names) sources.bytes(name);
    for (const name of names) write(name, 'new\n');
    // a.py and b.py (122 bytes) fit the 150-byte budget; c.py did not and is read again.
    expect(['a.py', 'b.py', 'c.py'].map((name) => sources.bytes(name)?.toString())).toEqual([
      `${'a'.repeat(60)}\n`,
      `${'b'.repeat(60)}\n`,
      'new\n',
    ]);
  });

  it('lists a skipped file once however often a dropped large file is asked for', () => {
    write('blob.py', Buffer.concat([Buffer.alloc(10), Buffer.from('x'.repeat(200))]));
    write('small.py', 'x = 1\n');
    const { sources, skipped } = tiny(['blob.py', 'small.py']);
    for (let k = 0; k < 3; k++) {
      expect(sources.bytes('blob.py')).toBeUndefined();
      sources.bytes('small.py');
    }
    expect(skipped).toEqual([{ path: 'blob.py', reason: 'binary', size: 210 }]);
  });

  it('refuses every file under a folder symlinked out of the root', () => {
    writeFileSync(join(outside, 'one.py'), '1');
    writeFileSync(join(outside, 'two.py'), '2');
    symlinkSync(outside, join(root, 'linked'));
    write('real/ok.py', 'ok');
    const { sources, skipped } = tiny(['linked/one.py', 'real/ok.py', 'linked/two.py']);
    expect(sources.text('linked/one.py')).toBeUndefined();
    expect(sources.text('real/ok.py')).toBe('ok');
    expect(sources.text('linked/two.py')).toBeUndefined();
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      ['linked/one.py', 'symlink'],
      ['linked/two.py', 'symlink'],
    ]);
  });
});

describe('position', () => {
  it('maps offsets to 1-based lines and columns, CRLF and BOM included', () => {
    write('c.txt', '\ufeffab\r\ncd\n\nef');
    const { sources } = setup(['c.txt']);
    const text = sources.text('c.txt')!;
    expect(sources.position('c.txt', 0)).toEqual({ line: 1, column: 1 });
    expect(sources.position('c.txt', text.indexOf('d'))).toEqual({ line: 2, column: 2 });
    expect(sources.position('c.txt', text.indexOf('e'))).toEqual({ line: 4, column: 1 });
    expect(sources.position('c.txt', 999)).toEqual({ line: 4, column: 3 });
    expect(sources.position('c.txt', -3)).toEqual({ line: 1, column: 1 });
  });
});

describe('code', () => {
  it('makes a .py file one unit whose locate is the identity (1-based)', () => {
    write('m.py', 'import os\r\nx = 1\r\n');
    const { sources } = setup(['m.py']);
    const doc = sources.code('m.py')!;
    expect(doc.kind).toBe('python');
    expect(doc.units).toHaveLength(1);
    expect(doc.units[0].text).toBe('import os\r\nx = 1\r\n');
    expect(doc.units[0].locate(1, 0, 1, 5)).toEqual({
      file: 'm.py',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 6,
    });
    expect(sources.code('m.py')).toBe(doc);
  });

  it('records Databricks # MAGIC lines of a .py notebook without changing its text', () => {
    const text = '# Databricks notebook source\n# MAGIC %pip install mlflow\nimport mlflow\n';
    write('db.py', text);
    const { sources } = setup(['db.py']);
    const unit = sources.code('db.py')!.units[0];
    expect(unit.text).toBe(text);
    expect(unit.magics).toEqual([
      { row: 1, kind: 'databricks', command: '%pip install mlflow', column: 8 },
    ]);
  });

  it('makes one unit per Python code cell and locates into the raw notebook', () => {
    const raw = notebook([
      { cell_type: 'markdown', source: ['# Title'] },
      {
        cell_type: 'code',
        source: [
          '%pip install pandas\n',
          'import pandas as pd\n',
          "df = pd.read_csv('/home/me/d.csv')",
        ],
      },
      { cell_type: 'code', source: 'x = 1' },
    ]);
    write('nb.ipynb', raw);
    const { sources } = setup(['nb.ipynb']);
    const doc = sources.code('nb.ipynb')!;
    expect(doc.kind).toBe('notebook');
    expect(doc.units.map((u) => u.cellIndex)).toEqual([2, 3]);
    const [cell] = doc.units;
    expect(cell.magics).toEqual([
      { row: 0, kind: 'line', command: 'pip install pandas', column: 1 },
    ]);
    const row = 2;
    const col = cell.text.split('\n')[row].indexOf("'/home");
    const at = cell.locate(row, col, row, col + "'/home/me/d.csv'".length);
    const rawLine = raw.split('\n')[at.line - 1];
    expect(rawLine.slice(at.column! - 1, at.endColumn! - 1)).toBe("'/home/me/d.csv'");
    expect(at.cell).toEqual({ index: 2, line: 3 });
  });

  it('gives a non-Python notebook no units', () => {
    write('r.ipynb', notebook([{ cell_type: 'code', source: ['library(x)'] }], 'R'));
    const { sources } = setup(['r.ipynb']);
    expect(sources.code('r.ipynb')).toEqual({ file: 'r.ipynb', kind: 'notebook', units: [] });
  });

  it('handles a notebook whose source is a string, not a list', () => {
    write('s.ipynb', notebook([{ cell_type: 'code', source: 'import os\nos.getcwd()' }]));
    const { sources } = setup(['s.ipynb']);
    const unit = sources.code('s.ipynb')!.units[0];
    expect(unit.text).toBe('import os\nos.getcwd()');
    expect(unit.locate(1, 0).line).toBe(unit.locate(0, 0).line);
  });

  it('reports a malformed notebook once, located, and returns undefined', () => {
    write('bad.ipynb', '{"cells": [\n {"cell_type": "code", "source": ["x = 1\n');
    const { sources, errors } = setup(['bad.ipynb']);
    expect(sources.code('bad.ipynb')).toBeUndefined();
    expect(sources.code('bad.ipynb')).toBeUndefined();
    expect(errors).toEqual([
      {
        file: 'bad.ipynb',
        line: 2,
        column: 41,
        message: 'invalid notebook: a line break inside a string: JSON strings must escape it',
      },
    ]);
  });

  it('reports truncated, empty and non-notebook JSON', () => {
    write('t.ipynb', notebook([{ cell_type: 'code', source: ['x'] }]).slice(0, 40));
    write('e.ipynb', '');
    write('w.ipynb', '{}');
    const { sources, errors } = setup(['t.ipynb', 'e.ipynb', 'w.ipynb']);
    for (const f of ['t.ipynb', 'e.ipynb', 'w.ipynb']) expect(sources.code(f)).toBeUndefined();
    expect(errors.map((e) => [e.file, e.message.split(':')[1].trim()])).toEqual([
      ['t.ipynb', expect.stringMatching(/^unterminated string starting at|^expected/)],
      ['e.ipynb', 'empty file'],
      ['w.ipynb', 'not a Jupyter notebook'],
    ]);
  });

  it('is undefined for files that are not Python', () => {
    write('r.txt', 'x');
    expect(setup(['r.txt']).sources.code('r.txt')).toBeUndefined();
  });
});

describe('tree', () => {
  it('parses each unit once and shares the tree', async () => {
    write('a.py', 'import os\n');
    const { sources } = setup(['a.py']);
    const unit = sources.code('a.py')!.units[0];
    const [t1, t2] = await Promise.all([sources.tree(unit), sources.tree(unit)]);
    expect(t1).toBe(t2);
    expect(t1?.rootNode.child(0)?.type).toBe('import_statement');
  });

  it('reports one syntax error per file, at the first error, and still returns the tree', async () => {
    write('e.py', 'ok = 1\nx = = 2\ny = (\n');
    const { sources, errors } = setup(['e.py']);
    const tree = await sources.tree(sources.code('e.py')!.units[0]);
    expect(tree?.rootNode.hasError).toBe(true);
    expect(errors).toEqual([
      { file: 'e.py', line: 2, column: 5, message: "Python syntax error: invalid syntax at '='" },
    ]);
  });

  it('locates a notebook syntax error on the raw line and names the cell', async () => {
    const raw = notebook([
      { cell_type: 'code', source: ['a = 1\n'] },
      { cell_type: 'markdown', source: ['text'] },
      { cell_type: 'code', source: ['import os\n', 'def f(:\n', '    pass'] },
      { cell_type: 'code', source: ['b = = 2'] },
    ]);
    write('n.ipynb', raw);
    const { sources, errors } = setup(['n.ipynb']);
    for (const unit of sources.code('n.ipynb')!.units) await sources.tree(unit);
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error.message).toBe("Python syntax error in cell 3, line 2: expected ')'");
    const column = error.column!;
    expect(raw.split('\n')[error.line - 1].slice(column - 1 - 'def f('.length, column - 1)).toBe(
      'def f(',
    );
  });
});

describe('yaml, json, toml', () => {
  it('parses YAML documents with positions and reports the first error once', () => {
    write('ok.yml', 'a: 1\n---\nb: [1, 2]\n');
    write('bad.yaml', 'name: x\ndeps:\n  - a\n  b: c\n');
    const { sources, errors } = setup(['ok.yml', 'bad.yaml']);
    const docs = sources.yaml('ok.yml')!;
    expect(docs.map((d) => d.toJS())).toEqual([{ a: 1 }, { b: [1, 2] }]);
    const range = docs[1].contents!.range;
    expect(sources.position('ok.yml', range[0])).toEqual({ line: 3, column: 1 });
    expect(sources.yaml('bad.yaml')).toBeUndefined();
    expect(sources.yaml('bad.yaml')).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors).toEqual([
      {
        file: 'bad.yaml',
        line: 4,
        column: 1,
        message: 'invalid YAML: All mapping items must start at the same column',
      },
    ]);
  });

  it('treats an empty YAML file as no documents', () => {
    write('e.yml', '');
    const { sources, errors } = setup(['e.yml']);
    expect(sources.yaml('e.yml')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('parses JSON into a tree with offsets', () => {
    write('s.json', '{\r\n  "type": "object",\r\n  "required": ["a"]\r\n}\r\n');
    const { sources } = setup(['s.json']);
    const tree = sources.json('s.json')!;
    const required = tree.children![1];
    expect(sources.position('s.json', required.offset)).toEqual({ line: 3, column: 3 });
  });

  it.each([
    [
      'trailing.json',
      '{"a": 1,}',
      1,
      9,
      'invalid JSON: expected a property name (trailing commas are not allowed in JSON)',
    ],
    ['comment.json', '// c\n{}', 1, 1, 'invalid JSON: comments are not allowed in JSON'],
    ['open.json', '{\n  "a": "abc', 2, 8, 'invalid JSON: unterminated string starting at 2:8'],
    ['empty.json', '', 1, 1, 'invalid JSON: empty file: expected a JSON value'],
    ['extra.json', '[1]\n]', 2, 1, "invalid JSON: unexpected ']' after the end of the JSON value"],
  ])('locates JSON errors: %s', (file, content, line, column, message) => {
    write(file, content);
    const { sources, errors } = setup([file]);
    expect(sources.json(file)).toBeUndefined();
    expect(errors).toEqual([{ file, line, column, message }]);
  });

  it('refuses input nested deeper than the parsers can recurse, before parsing it', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    // 20k then 200k levels: the sequence that made V8 abort the process inside yaml.
    write('d1.yaml', `a: ${deep(20_000)}\n`);
    write('d2.yaml', `a:\n  b: ${deep(200_000)}\n`);
    write('deep.json', `{"a": ${deep(200_000)}}`);
    write('deep.toml', `a = ${deep(200_000)}\n`);
    write('fine.json', `{"s": "${'['.repeat(5000)}", "a": ${deep(900)}}`);
    const { sources, errors } = setup([
      'd1.yaml',
      'd2.yaml',
      'deep.json',
      'deep.toml',
      'fine.json',
    ]);
    expect(sources.yaml('d1.yaml')).toBeUndefined();
    expect(sources.yaml('d2.yaml')).toBeUndefined();
    expect(sources.json('deep.json')).toBeUndefined();
    expect(sources.toml('deep.toml')).toBeUndefined();
    expect(sources.json('fine.json')?.type).toBe('object');
    expect(errors.slice(0, 3)).toEqual([
      {
        file: 'd1.yaml',
        line: 1,
        column: 1004,
        message: 'YAML is nested more than 1000 levels deep; not parsed',
      },
      {
        file: 'd2.yaml',
        line: 2,
        column: 1006,
        message: 'YAML is nested more than 1000 levels deep; not parsed',
      },
      {
        file: 'deep.json',
        line: 1,
        column: 1006,
        message: 'JSON is nested more than 1000 levels deep; not parsed',
      },
    ]);
    expect(errors[3]).toMatchObject({ file: 'deep.toml', line: 1 });
    expect(errors).toHaveLength(4);
  });

  it('parses TOML and locates its errors', () => {
    write('pyproject.toml', '[project]\nname = "x"\ndependencies = ["a==1"]\n');
    write('bad.toml', '[project]\nname = "x\n');
    write('dup.toml', 'a = 1\na = 2\n');
    const { sources, errors } = setup(['pyproject.toml', 'bad.toml', 'dup.toml']);
    expect(sources.toml('pyproject.toml')).toEqual({
      project: { name: 'x', dependencies: ['a==1'] },
    });
    expect(sources.toml('bad.toml')).toBeUndefined();
    expect(sources.toml('dup.toml')).toBeUndefined();
    expect(errors).toEqual([
      {
        file: 'bad.toml',
        line: 2,
        column: 10,
        message: 'invalid TOML: unterminated string: the line ends before its closing quote',
      },
      {
        file: 'dup.toml',
        line: 2,
        column: 1,
        message: 'invalid TOML: trying to redefine an already defined table or value',
      },
    ]);
  });

  it('gives no data view and no parse error for skipped files', () => {
    write('bin.json', Buffer.from([0x7b, 0x00, 0x7d]));
    const { sources, errors, skipped } = setup(['bin.json']);
    expect(sources.json('bin.json')).toBeUndefined();
    expect(sources.yaml('bin.json')).toBeUndefined();
    expect(errors).toEqual([]);
    expect(skipped).toEqual([{ path: 'bin.json', reason: 'binary', size: 3 }]);
  });
});
