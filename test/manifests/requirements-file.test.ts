import { describe, expect, it } from 'vitest';
import { logicalLines, parseRequirementsText } from '../../src/manifests/requirements-file.js';

describe('logicalLines (pip join_lines)', () => {
  it('joins backslash continuations and keeps the first physical line number', () => {
    const lines = logicalLines('a \\\n  b\nc\n');
    expect(lines.map((l) => [l.line, l.endLine, l.text])).toEqual([
      [1, 2, 'a   b'],
      [3, 3, 'c'],
      [4, 4, ''],
    ]);
  });

  it('does not continue a comment line that ends with a backslash', () => {
    const lines = logicalLines('# note \\\npandas\n');
    expect(lines[0]!.text).toBe('# note \\');
    expect(lines[1]!.text).toBe('pandas');
  });

  it('accepts CRLF and a byte-order mark', () => {
    expect(logicalLines('\uFEFFa\r\nb').map((l) => l.text)).toEqual(['a', 'b']);
  });
});

describe('parseRequirementsText', () => {
  it('locates each requirement on its physical line and column', () => {
    const file = parseRequirementsText(
      '# top\n\n  pandas>=1.0  # comment\nnumpy==1.26.4 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\n',
    );
    expect(
      file.entries.map((e) => [
        e.line,
        e.column,
        e.analysis.name,
        e.analysis.specifier,
        e.analysis.pinned,
      ]),
    ).toEqual([
      [3, 3, 'pandas', '>=1.0', false],
      [4, 1, 'numpy', '==1.26.4', true],
    ]);
    expect(file.entries[1]!.hashes).toEqual(['sha256:abc', 'sha256:def']);
    expect(file.entries[1]!.analysis.hashed).toBe(true);
  });

  it('reads a requirement continued onto the next line at the right column', () => {
    const file = parseRequirementsText('--hash=x \\\n  requests==2.0\n');
    // A line starting with an option and no requirement: --hash needs a requirement.
    expect(file.invalid.map((i) => i.message).join('\n')).toMatch(/--hash needs a requirement/);
    const split = parseRequirementsText('foo==1.0 \\\n  --hash=sha256:1\n');
    expect(split.entries[0]!.hashes).toEqual(['sha256:1']);
  });

  it('records -r and -c includes with the position of the path, in all spellings', () => {
    const file = parseRequirementsText(
      '-r base.txt\n--requirement=dev.txt\n-cconstraints.txt\n--constraint more.txt\n',
    );
    expect(file.includes.map((i) => [i.kind, i.path, i.line, i.column])).toEqual([
      ['requirements', 'base.txt', 1, 4],
      ['requirements', 'dev.txt', 2, 15],
      ['constraints', 'constraints.txt', 3, 3],
      ['constraints', 'more.txt', 4, 14],
    ]);
  });

  it('keeps file-level options and treats -e as an editable requirement', () => {
    const file = parseRequirementsText(
      '--index-url https://x/simple\n--pre\n-e .\n-e git+https://g/r.git@0123456789abcdef0123456789abcdef01234567#egg=r\n',
    );
    expect(file.options.map((o) => [o.name, o.values])).toEqual([
      ['index-url', ['https://x/simple']],
      ['pre', []],
    ]);
    expect(
      file.entries.map((e) => [
        e.editable,
        e.analysis.kind,
        e.analysis.name ?? null,
        e.analysis.pinned,
      ]),
    ).toEqual([
      [true, 'local', null, true],
      [true, 'reference', 'r', true],
    ]);
  });

  it('reports a global option after a requirement, an unknown option and a bad spec as invalid lines', () => {
    const file = parseRequirementsText(
      'psycopg2 --no-binary psycopg2\n--frobnicate\npytest >= 2.0.0 [tests]\nok==1\n',
    );
    expect(file.invalid.map((i) => [i.line, i.column])).toEqual([
      [1, 10],
      [2, 1],
      [3, 17],
    ]);
    expect(file.entries.map((e) => e.analysis.name)).toEqual(['ok']);
  });

  it('notes (but does not fail) trailing arguments pip ignores', () => {
    const file = parseRequirementsText('-r https://example.com/r.txt [--no-deps]\n');
    expect(file.invalid).toHaveLength(1);
    expect(file.invalid[0]!.ignored).toBe(true);
    expect(file.includes[0]!.path).toBe('https://example.com/r.txt');
  });

  it('keeps markers and extras, and tells exact pins from ranges and wildcards', () => {
    const file = parseRequirementsText(
      'a[x, Y]==1.0; python_version < "3.12"\nb==1.*\nc===weird\nd~=1.4\ne (>=1,<2)\n',
    );
    expect(file.entries.map((e) => [e.analysis.name, e.analysis.pinned])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
      ['e', false],
    ]);
    expect(file.entries[0]!.analysis.extras).toEqual(['x', 'Y']);
    expect(file.entries[0]!.analysis.marker).toBe('python_version < "3.12"');
    expect(file.entries[1]!.analysis.why).toMatch(/matches any 1\.\* release/);
  });

  it('judges URL and VCS requirements by what they pin', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const file = parseRequirementsText(
      [
        `pkg @ git+https://github.com/o/pkg.git@${sha}`,
        'pkg2 @ git+https://github.com/o/pkg2.git@main',
        'git+https://github.com/o/pkg3.git',
        'pkg4 @ git+https://github.com/o/pkg4@v1.2.0',
        'https://files.example/pkg5-1.0-py3-none-any.whl',
        'https://github.com/o/pkg6/archive/refs/heads/main.zip',
        'https://example.com/pkg7.tar.gz#sha256=deadbeef',
      ].join('\n'),
    );
    expect(
      file.entries.map((e) => [e.analysis.name, e.analysis.pinned, !!e.analysis.strictOnly]),
    ).toEqual([
      ['pkg', true, false],
      ['pkg2', false, false],
      ['pkg3', false, false],
      ['pkg4', false, true],
      ['pkg5', true, false],
      ['pkg6', false, false],
      ['pkg7', true, false],
    ]);
    expect(file.entries[1]!.analysis.why).toMatch(/branch main/);
    expect(file.entries[2]!.analysis.why).toMatch(/default branch/);
  });

  it('never treats `git@host:path` as a name @ URL', () => {
    const file = parseRequirementsText('git@github.com:o/r.git==v1.0.0\n');
    expect(file.entries[0]!.analysis.kind).toBe('local');
    expect(file.entries[0]!.analysis.name).toBeUndefined();
  });
});
