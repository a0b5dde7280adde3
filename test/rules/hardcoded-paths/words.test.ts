import { describe, expect, it } from 'vitest';
import { decodeEscapes } from '../../../src/rules/support/paths/python-strings.js';
import { shellWords } from '../../../src/rules/support/paths/shell-words.js';

describe('shellWords', () => {
  it('splits on whitespace and operators, drops quotes and keeps offsets', () => {
    const command = `cp "/home/a b/x.csv" out/ && echo 'done' > /tmp/log 2>/dev/null`;
    expect(shellWords(command)).toEqual([
      { text: 'cp', offset: 0 },
      { text: '/home/a b/x.csv', offset: 4 },
      { text: 'out/', offset: 21 },
      { text: 'echo', offset: 29 },
      { text: 'done', offset: 35 },
      { text: '/tmp/log', offset: 43 },
      { text: '/dev/null', offset: 54 },
    ]);
  });

  it('takes the value of --opt=value and KEY=value words', () => {
    expect(shellWords('train --data=/mnt/x DATA_DIR=/home/a/d -v').map((w) => w.text)).toEqual([
      'train',
      '/mnt/x',
      '/home/a/d',
      '-v',
    ]);
    expect(shellWords('run --data=/mnt/x')[1].offset).toBe(11);
  });

  it('joins backslash-escaped spaces into one word', () => {
    expect(shellWords('ls /content/drive/My\\ Drive/Colab\\ Notebooks "a\\"b" \'c\\d\'')).toEqual([
      { text: 'ls', offset: 0 },
      { text: '/content/drive/My Drive/Colab Notebooks', offset: 3 },
      { text: 'a"b', offset: 46 },
      { text: 'c\\d', offset: 53 },
    ]);
  });

  it('survives unbalanced quotes and huge input', () => {
    expect(shellWords('ls "/home/a/unterminated').map((w) => w.text)).toEqual([
      'ls',
      '/home/a/unterminated',
    ]);
    expect(shellWords('x '.repeat(100_000)).length).toBeLessThanOrEqual(8192);
  });
});

describe('decodeEscapes', () => {
  it.each([
    ['C:\\\\Users\\\\a', 'C:\\Users\\a'],
    ['a\\nb\\tc', 'a\nb\tc'],
    ['\\x2fhome\\u002falice\\U0000002fx', '/home/alice/x'],
    ['\\101\\q', 'A\\q'],
    ['\\N{SOLIDUS}x', '?x'],
    ['line\\\ncontinued', 'linecontinued'],
    ['\\U0011ffff', '\\U0011ffff'],
  ])('%j decodes to %j', (text, value) => {
    expect(decodeEscapes(text)).toBe(value);
  });
});
