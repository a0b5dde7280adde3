import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applySuppressions,
  collectSuppressions,
  parseSuppressionComment,
  type Suppression,
} from '../../src/engine/suppressions.js';
import type { Finding } from '../../src/engine/types.js';
import { createSources } from '../../src/sources/index.js';

const finding = (line: number, ruleId = 'hardcoded-paths'): Finding => ({
  ruleId,
  severity: 'error',
  message: 'm',
  file: 'a.py',
  line,
  help: 'h',
  fingerprint: 'f',
});

const suppression = (line: number, rules: string[]): Suppression => ({
  file: 'a.py',
  lines: [line, line + 1],
  line,
  column: 1,
  rules,
  reason: 'why',
  used: false,
});

describe('suppression comments', () => {
  it('parse rule lists and reasons', () => {
    expect(parseSuppressionComment('x = 1  # handoff: ignore[a-rule, other] legacy path')).toEqual({
      rules: ['a-rule', 'other'],
      reason: 'legacy path',
      column: 8,
      trailing: true,
    });
    expect(parseSuppressionComment('# handoff: ignore')).toEqual({
      rules: [],
      reason: '',
      column: 1,
      trailing: false,
    });
    expect(parseSuppressionComment('# handoff: ignored words')).toBeUndefined();
    expect(parseSuppressionComment('x = "# not handoff"')).toBeUndefined();
  });

  it('silence the named rule on the same line and the line below, and report the unused', () => {
    const findings = [finding(3), finding(4), finding(9), finding(10, 'other-rule')];
    const unused = applySuppressions(findings, [
      suppression(3, ['hardcoded-paths']),
      suppression(10, ['hardcoded-paths']),
      suppression(20, []),
    ]);
    expect(findings.map((f) => Boolean(f.suppressed))).toEqual([true, true, false, false]);
    expect(findings[0].suppressed).toEqual({ kind: 'inline', reason: 'why' });
    expect(unused.map((s) => s.line)).toEqual([10, 20]);
  });
});

describe('collecting suppression comments', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** With `warm`, the rules have built every code view first (the full run's case). */
  const collect = (files: Record<string, string>, warm: boolean) => {
    root = mkdtempSync(join(tmpdir(), 'hg-suppress-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const list = Object.keys(files).map((path) => ({ path, size: 0 }));
    const sources = createSources(root, list, {
      maxFileSize: 1 << 20,
      skipped: [],
      onParseError: () => {},
    });
    if (warm) for (const { path } of list) sources.code(path);
    return collectSuppressions(list, sources).map(({ file, line, column, cell, rules }) => ({
      file,
      line,
      column,
      ...(cell ? { cell } : {}),
      rules,
    }));
  };

  it.each([
    ['from raw bytes', false],
    ['from the code views the rules built', true],
  ])('finds comments in Python, notebook code cells and other files, %s', (_, warm) => {
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# handoff: ignore[a] in markdown\n'] },
          {
            cell_type: 'code',
            metadata: {},
            outputs: [{ output_type: 'stream', text: ['# handoff: ignore[b] in an output\n'] }],
            source: [
              '%pip install x  # handoff: ignore[c] on a magic\n',
              'p = "/home/a"  # handoff: ignore[d]\n',
            ],
          },
        ],
        metadata: { kernelspec: { language: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const found = collect(
      {
        'a.py': 'x = 1\ny = "/home/a"  # handoff: ignore[hardcoded-paths] legacy\n',
        'nb.ipynb': notebook,
        'conf.yml': 'path: /home/a # handoff: ignore\n',
        'clean.py': 'import os\n',
      },
      warm,
    );
    const rawLine = notebook.split('\n').findIndex((l) => l.includes('ignore[d]')) + 1;
    expect(found).toEqual([
      { file: 'a.py', line: 2, column: 16, rules: ['hardcoded-paths'] },
      {
        file: 'nb.ipynb',
        line: rawLine,
        column: notebook.split('\n')[rawLine - 1].indexOf('#') + 1,
        cell: { index: 2, line: 2 },
        rules: ['d'],
      },
      { file: 'conf.yml', line: 1, column: 15, rules: [] },
    ]);
  });
});
