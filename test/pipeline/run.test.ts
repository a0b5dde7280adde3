// The pipeline end to end on small temporary repositories: the real rules, config, sources
// and filters, as the CLI and the action call it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, UnknownRevisionError, UnknownRuleError } from '../../src/run.js';
import { tempTree } from '../support/tree.js';

function repo(files: Record<string, string | Buffer>): string {
  return tempTree('handoff-run', files);
}

const notebook = (cells: { type: 'code' | 'markdown'; source: string[] }[]) =>
  JSON.stringify(
    {
      cells: cells.map((c) => ({
        cell_type: c.type,
        metadata: {},
        source: c.source,
        ...(c.type === 'code' ? { outputs: [], execution_count: null } : {}),
      })),
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );

describe('run()', () => {
  it('reports findings in a stable order with fingerprints and a verdict', async () => {
    const root = repo({
      'b.py': 'DATA = "/home/alice/data.csv"\n',
      'a.py': 'import os\nOUT = "/Users/bob/out"\n',
    });
    const first = await run({ root, rules: ['hardcoded-paths'] });
    const second = await run({ root, rules: ['hardcoded-paths'] });
    expect(first.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a.py:2', 'b.py:1']);
    expect(second.findings.map((f) => f.fingerprint)).toEqual(
      first.findings.map((f) => f.fingerprint),
    );
    expect(first.counts.warning + first.counts.error).toBe(2);
    expect(first.configSource).toBe('defaults');
    expect(first.passed).toBe(first.counts.error === 0);
  });

  it('places notebook findings on the raw line with the cell, and ignores markdown and outputs', async () => {
    const root = repo({
      'nb.ipynb': notebook([
        { type: 'markdown', source: ['Data is in /home/alice/data.csv\n'] },
        {
          type: 'code',
          source: ['import pandas as pd\n', 'df = pd.read_csv("/home/alice/data.csv")\n'],
        },
      ]),
    });
    const result = await run({ root, rules: ['hardcoded-paths'] });
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding.cell).toEqual({ index: 2, line: 2 });
    const rawLines = (await import('node:fs'))
      .readFileSync(join(root, 'nb.ipynb'), 'utf8')
      .split('\n');
    expect(rawLines[finding.line - 1]).toContain('/home/alice/data.csv');
    expect(rawLines[finding.line - 1]).toContain('read_csv');
  });

  it('turns malformed files into located parse errors and goes on with the rest', async () => {
    const root = repo({
      'broken.ipynb': '{"cells": [ {"cell_type": "code", "source": ["x = 1\n',
      'conf.yml': 'data: [/home/alice/raw.csv, 2\n',
      'ok.py': 'P = "/home/carol/x.csv"\n',
    });
    const result = await run({ root });
    const parse = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(parse.map((f) => f.file).sort()).toEqual(['broken.ipynb', 'conf.yml']);
    for (const f of parse) expect(f.line).toBeGreaterThanOrEqual(1);
    expect(result.findings.some((f) => f.ruleId === 'hardcoded-paths' && f.file === 'ok.py')).toBe(
      true,
    );
  });

  it('honours suppressions and reports the ones that suppress nothing', async () => {
    const root = repo({
      'a.py': [
        'A = "/home/alice/a.csv"  # handoff: ignore[hardcoded-paths] mounted in the image',
        'W = "/home/alice/w.csv"',
        '# handoff: ignore[hardcoded-paths]',
        'B = "/home/alice/b.csv"',
        'C = "data/c.csv"  # handoff: ignore[hardcoded-paths] stale',
        '# handoff: ignore[hardcoded-pathz] typo',
        'D = "/home/alice/d.csv"',
        '',
      ].join('\n'),
    });
    const result = await run({ root, rules: ['hardcoded-paths'] });
    // A comment after code covers its own line only; one alone on its line covers the next.
    expect(result.filtered.map((f) => f.line)).toEqual([1, 4]);
    expect(result.counts.suppressed).toBe(2);
    expect(result.findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual([
      'hardcoded-paths:2',
      'unused-suppression:5',
      'unused-suppression:6',
      'hardcoded-paths:7',
    ]);
    const messages = result.findings
      .filter((f) => f.ruleId === 'unused-suppression')
      .map((f) => f.message);
    expect(messages[0]).toBe('suppression for hardcoded-paths matches no finding on this line');
    expect(messages[1]).toContain(
      "unknown rule 'hardcoded-pathz' (did you mean 'hardcoded-paths'?)",
    );
  });

  it('counts binary and oversized files as skipped instead of dropping them silently', async () => {
    const root = repo({
      '.github/handoff.yml': 'max-file-size: 1KiB\n',
      'big.py': `X = "${'a'.repeat(4000)}"\n`,
      'blob.py': Buffer.from([0x50, 0x00, 0x01, 0x02]),
      'ok.py': 'x = 1\n',
    });
    const result = await run({ root });
    expect(result.skipped.map((s) => `${s.path}:${s.reason}`).sort()).toEqual([
      'big.py:too-large',
      'blob.py:binary',
    ]);
  });

  it('flags templated files as a notice, not as parse errors', async () => {
    const root = repo({
      '{{ cookiecutter.name }}/predict.py':
        'from {{ cookiecutter.module }}.config import MODEL\n\n\ndef predict(features):\n    return MODEL.predict(features)\n',
    });
    const result = await run({ root });
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(result.notices.join('\n')).toContain('templated file');
  });

  it('applies config severities, ignores and fail-on', async () => {
    const root = repo({
      '.github/handoff.yml':
        'fail-on: warning\nignore: ["legacy/**"]\nrules:\n  hardcoded-paths: note\n',
      'legacy/old.py': 'P = "/home/x/y.csv"\n',
      'new.py': 'P = "/home/x/y.csv"\n',
    });
    const result = await run({ root, rules: ['hardcoded-paths'] });
    expect(result.findings.map((f) => `${f.file}:${f.severity}`)).toEqual(['new.py:note']);
    expect(result.failOn).toBe('warning');
    expect(result.passed).toBe(true);
  });

  it('rejects an unknown rule id as a usage error', async () => {
    const root = repo({ 'a.py': 'x = 1\n' });
    await expect(run({ root, rules: ['hardcoded-path'] })).rejects.toBeInstanceOf(UnknownRuleError);
  });

  it('narrows to changed lines and counts what is out of scope', async () => {
    const root = repo({ 'a.py': 'A = "/home/a/1.csv"\nB = "/home/a/2.csv"\n' });
    const result = await run({
      root,
      rules: ['hardcoded-paths'],
      scope: 'changed-lines',
      changed: new Map([['a.py', new Set([2])]]),
    });
    expect(result.findings.map((f) => f.line)).toEqual([2]);
    expect(result.counts.outOfScope).toBe(1);
  });

  it('explains how rules classified the repository when asked', async () => {
    const root = repo({
      'serving/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'train.py': 'x = 1\n',
    });
    const plain = await run({ root, rules: ['train-predict-separation'] });
    expect(plain.explanations).toBeUndefined();
    const explained = await run({ root, rules: ['train-predict-separation'], explain: true });
    const lines = explained.explanations?.['train-predict-separation'] ?? [];
    expect(lines.some((line) => line.includes('serving') && line.includes('serving/app.py'))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes('training') && line.includes('train.py'))).toBe(true);
  });

  it('reports a malformed manifest once, however many readers it has', async () => {
    const root = repo({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["numpy>=1", "scipy"\n',
    });
    const result = await run({ root });
    const parse = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(parse).toHaveLength(1);
    expect(parse[0].file).toBe('pyproject.toml');
  });

  it('refuses a base revision git does not know before running any rule', async () => {
    const root = repo({ 'a.py': 'x = 1\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    await expect(run({ root, baseRef: 'no-such-ref' })).rejects.toBeInstanceOf(
      UnknownRevisionError,
    );
  });
});
