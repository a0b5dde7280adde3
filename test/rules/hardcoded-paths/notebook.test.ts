import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { harnessConfig } from '../../../src/engine/harness.js';
import rule from '../../../src/rules/hardcoded-paths.js';
import { run } from '../../../src/run.js';
import { tempTree } from '../../support/tree.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function notebook(cells: { type?: string; source: string }[]): string {
  return JSON.stringify(
    {
      cells: cells.map(({ type = 'code', source }) => ({
        cell_type: type,
        metadata: {},
        source: source.split(/(?<=\n)/),
        ...(type === 'code' ? { execution_count: null, outputs: [] } : {}),
      })),
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

async function findings(files: Record<string, string>, strict = false) {
  const root = tempTree('hardcoded-paths', files);
  dirs.push(root);
  const config = harnessConfig([rule as never], { strict });
  const result = await run({ root, ruleSet: [rule as never], config, strict });
  return result.findings.map((f) => ({ line: f.line, cell: f.cell, message: f.message }));
}

describe('hardcoded-paths in notebooks', () => {
  it('reads the Python script of a %%writefile cell at its raw position', async () => {
    const nb = notebook([
      {
        source:
          '%%writefile train.py\nimport pandas as pd\ndf = pd.read_csv("/home/alice/train.csv")\n',
      },
      { source: '%%writefile notes.txt\n/home/alice/notes\n' },
    ]);
    expect(await findings({ 'nb.ipynb': nb })).toEqual([
      {
        line: 9,
        cell: { index: 1, line: 3 },
        message: "Hardcoded personal home directory path '/home/alice/train.csv'",
      },
    ]);
  });

  it('reads shell escapes, %cd and %%bash bodies, but not Databricks # MAGIC lines', async () => {
    const nb = notebook([
      { source: '%cd /content/drive/MyDrive/project\n!ls /tmp\n' },
      { source: '%%bash\ncp /mnt/share/data.csv data/\necho done\n' },
      { type: 'markdown', source: 'See /home/alice/data\n' },
    ]);
    const py = '# Databricks notebook source\n# MAGIC %sh ls /dbfs/tmp/x\nx = 1\n';
    expect(await findings({ 'nb.ipynb': nb, 'dbx.py': py })).toEqual([
      {
        line: 7,
        cell: { index: 1, line: 1 },
        message:
          "Hardcoded Colab Google Drive mount '/content/drive/MyDrive/project' in a magic command",
      },
      {
        line: 18,
        cell: { index: 2, line: 2 },
        message: "Hardcoded mount-point path '/mnt/share/data.csv' in a shell escape",
      },
    ]);
  });

  it('places a path of a continued shell escape on its own line', async () => {
    const nb = notebook([
      {
        source:
          '!python convert.py \\\n    --src /content/drive/MyDrive/ckpt.bin \\\n    --out out/\n',
      },
    ]);
    expect(await findings({ 'nb.ipynb': nb })).toEqual([
      {
        line: 8,
        cell: { index: 1, line: 2 },
        message:
          "Hardcoded Colab Google Drive mount '/content/drive/MyDrive/ckpt.bin' in a shell escape",
      },
    ]);
  });

  it('reports strict-only shell paths in strict mode', async () => {
    const nb = notebook([{ source: 'if IN_COLAB:\n    !unzip protoc.zip -d /root/.local\n' }]);
    expect(await findings({ 'nb.ipynb': nb })).toEqual([]);
    expect((await findings({ 'nb.ipynb': nb }, true)).map((f) => f.line)).toEqual([8]);
  });
});
