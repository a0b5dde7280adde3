// setup.py (static install_requires), setup.cfg, PEP 723 blocks, Databricks notebooks and
// installs run from Python code.
import { describe, expect, it } from 'vitest';
import {
  databricksInstalls,
  magicInstalls,
  runtimeInstalls,
} from '../../src/manifests/code-installs.js';
import { pep723Declarations } from '../../src/manifests/pep723.js';
import { parseSetupCfg } from '../../src/manifests/setup-cfg.js';
import { parseSetupPy } from '../../src/manifests/setup-py.js';
import { blankIPython, parsePython } from '../../src/sources/index.js';
import type { CodeUnit } from '../../src/engine/types.js';

const rows = (
  declarations: { line: number; column?: number; name: string; pinned: boolean; group?: string }[],
) =>
  declarations.map(
    (d) =>
      `${d.line}:${d.column} ${d.name}${d.group ? ` [${d.group}]` : ''} ${d.pinned ? 'pinned' : 'unpinned'}`,
  );

describe('setup.py', () => {
  it('reads literal lists, module-level variables, + concatenations and extras', async () => {
    const text = [
      'from setuptools import setup',
      'BASE = ["numpy>=1.2",',
      "        'pandas==2.2.2']",
      'EXTRA = {"dev": ["pytest"]}',
      'setup(',
      '    name="x",',
      '    install_requires=BASE + ["scipy"],',
      '    extras_require=EXTRA,',
      ')',
    ].join('\n');
    const result = parseSetupPy('setup.py', await parsePython(text));
    expect(rows(result.declarations)).toEqual([
      '2:10 numpy unpinned',
      '3:10 pandas pinned',
      '7:31 scipy unpinned',
      '4:19 pytest [dev] unpinned',
    ]);
  });

  it('ignores computed values (a function reading requirements.txt)', async () => {
    const text =
      'from setuptools import setup\ndef reqs(p):\n    return open(p).read().splitlines()\nsetup(install_requires=reqs("requirements.txt"))\n';
    expect(parseSetupPy('setup.py', await parsePython(text)).declarations).toEqual([]);
  });

  it('reads setuptools.setup() and reports invalid strings as located problems', async () => {
    const text =
      'import setuptools\nsetuptools.setup(install_requires=["ok==1", "bad spec here"])\n';
    const result = parseSetupPy('setup.py', await parsePython(text));
    expect(rows(result.declarations)).toEqual(['2:37 ok pinned']);
    expect(result.problems.map((p) => [p.line, p.message.slice(0, 30)])).toEqual([
      [2, 'invalid requirement "bad spec '],
    ]);
  });
});

describe('setup.cfg', () => {
  it('reads install_requires continuation lines, ;-lists and extras', () => {
    const text =
      '[metadata]\nname = x\n\n[options]\ninstall_requires =\n    requests>=2\n    numpy==1.26.4 ; python_version >= "3.9"\n# comment\n[options.extras_require]\ntest = pytest; coverage==7.0\n';
    expect(rows(parseSetupCfg('setup.cfg', text).declarations)).toEqual([
      '6:5 requests unpinned',
      '7:5 numpy pinned',
      '10:8 pytest [test] unpinned',
      '10:16 coverage [test] pinned',
    ]);
  });
});

describe('PEP 723 inline script metadata', () => {
  it('locates each dependency in the comment block', () => {
    const text =
      '#!/usr/bin/env python\n# /// script\n# requires-python = ">=3.11"\n# dependencies = [\n#   "requests<3",\n#   "rich==13.7.1",\n# ]\n# ///\nprint(1)\n';
    expect(rows(pep723Declarations('script.py', text).declarations)).toEqual([
      '5:6 requests unpinned',
      '6:6 rich pinned',
    ]);
  });

  it('reports an unclosed block and invalid TOML with their lines', () => {
    expect(
      pep723Declarations('a.py', '# /// script\n# dependencies = []\n').problems[0]!.line,
    ).toBe(1);
    expect(
      pep723Declarations('b.py', '# /// script\n# dependencies = [\n# ///\n').problems[0]!.message,
    ).toMatch(/not valid TOML/);
  });
});

function cellUnit(source: string, file = 'nb.ipynb'): CodeUnit {
  const { text, magics } = blankIPython(source);
  return {
    file,
    cellIndex: 3,
    text,
    magics,
    locate: (row, column) => ({
      file,
      line: 100 + row,
      column: column + 1,
      cell: { index: 3, line: row + 1 },
    }),
  };
}

describe('notebook installs', () => {
  it('reads %pip, !pip, %conda, automagic pip and %%bash bodies, not comments', () => {
    const unit = cellUnit(
      '%pip install -q a==1 b\n!pip install "c>=2"\n# !pip install commented\n%conda install -y d\npip install e\n',
    );
    expect(rows(magicInstalls(unit))).toEqual([
      '100:17 a pinned',
      '100:22 b unpinned',
      '101:15 c unpinned',
      '103:19 d unpinned',
      '104:13 e unpinned',
    ]);
    const bash = cellUnit('%%bash\npip install f\n');
    expect(magicInstalls(bash).map((d) => [d.name, d.cell])).toEqual([
      ['f', { index: 3, line: 2 }],
    ]);
  });

  it('reads installs run from Python (strict-only runtime installs)', async () => {
    const unit = cellUnit(
      'import os, subprocess, sys\nos.system("pip install g")\nsubprocess.check_call([sys.executable, "-m", "pip", "install", "h==1"])\nprint("pip install not-run")\n',
    );
    const found = runtimeInstalls(unit, await parsePython(unit.text));
    expect(found.map((d) => [d.name, d.pinned, d.runtime, d.line])).toEqual([
      ['g', false, true, 101],
      ['h', true, true, 102],
    ]);
  });

  it('reads Databricks notebooks cell by cell (%pip, %sh bodies, !pip), not %md text or comments', () => {
    const text = [
      '# Databricks notebook source',
      '!pip install -U a',
      '# COMMAND ----------',
      '# MAGIC %pip install b==1',
      '# COMMAND ----------',
      '# MAGIC %sh',
      '# MAGIC pip install c',
      '# COMMAND ----------',
      '# MAGIC %md',
      '# MAGIC pip install d',
      '# COMMAND ----------',
      '# %sh pip install e',
    ].join('\n');
    expect(rows(databricksInstalls('nb.py', text))).toEqual([
      '2:17 a unpinned',
      '4:22 b pinned',
      '7:21 c unpinned',
    ]);
  });
});
