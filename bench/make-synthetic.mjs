#!/usr/bin/env node
// Generates a large, DS-shaped repository for scan benchmarks: Python modules, notebooks with
// heavy outputs (base64 images, as real notebooks carry), and manifests, with a few planted
// findings per hundred files. Deterministic for a given seed.
//   node bench/make-synthetic.mjs OUT_DIR [FILES=3000] [SEED=1]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, filesArg = '3000', seedArg = '1'] = process.argv.slice(2);
if (!out) {
  console.error('usage: make-synthetic.mjs OUT_DIR [FILES] [SEED]');
  process.exit(2);
}
let seed = Number(seedArg);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (items) => items[Math.floor(random() * items.length)];

const libraries = [
  'pandas as pd',
  'numpy as np',
  'torch',
  'sklearn.linear_model',
  'matplotlib.pyplot as plt',
  'requests',
  'yaml',
];
const paths = [
  'data/raw/train.csv',
  '/home/analyst/data/train.csv',
  'models/model.pkl',
  '/content/drive/MyDrive/x.csv',
  'outputs/run.json',
];

function pythonModule(index) {
  const lines = ['"""Generated module for benchmarks."""'];
  for (let i = 0; i < 4; i++) lines.push(`import ${pick(libraries)}`);
  for (let f = 0; f < 12; f++) {
    lines.push(
      '',
      '',
      `def step_${index}_${f}(frame, factor=${f}):`,
      `    """Scale and clean the frame (${f})."""`,
    );
    lines.push(`    path = "${random() < 0.03 ? pick(paths) : 'data/interim/part.csv'}"`);
    for (let k = 0; k < 8; k++)
      lines.push(
        `    frame = frame.assign(col_${k}=frame["col_${k}"] * factor + ${k})  # keep ${k}`,
      );
    lines.push('    return frame, path');
  }
  return `${lines.join('\n')}\n`;
}

function notebook(index) {
  const image = Buffer.alloc(60_000 + Math.floor(random() * 60_000), index % 251).toString(
    'base64',
  );
  const cells = [];
  for (let c = 0; c < 20; c++) {
    if (c % 5 === 0)
      cells.push({
        cell_type: 'markdown',
        metadata: {},
        source: [`## Section ${c}\n`, 'Notes about /home/analyst/old.csv\n'],
      });
    const source = [
      `import ${pick(libraries)}\n`,
      `frame = pd.read_csv("${random() < 0.05 ? pick(paths) : 'data/raw/train.csv'}")\n`,
      'frame.describe()',
    ];
    const outputs =
      c % 4 === 0
        ? [
            {
              output_type: 'display_data',
              data: { 'image/png': image, 'text/plain': ['<Figure>'] },
              metadata: {},
            },
          ]
        : [];
    cells.push({ cell_type: 'code', execution_count: c, metadata: {}, outputs, source });
  }
  return JSON.stringify(
    {
      cells,
      metadata: { kernelspec: { language: 'python', name: 'python3', display_name: 'Python 3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

rmSync(out, { recursive: true, force: true });
const total = Number(filesArg);
let bytes = 0;
for (let i = 0; i < total; i++) {
  const dir = join(out, `project_${Math.floor(i / 100)}`, i % 3 === 0 ? 'notebooks' : 'src');
  mkdirSync(dir, { recursive: true });
  const kind = i % 3 === 0 ? 'ipynb' : 'py';
  const content = kind === 'ipynb' ? notebook(i) : pythonModule(i);
  writeFileSync(join(dir, `file_${i}.${kind}`), content);
  bytes += Buffer.byteLength(content);
  if (i % 100 === 0) {
    const manifest = 'pandas==2.2.2\nnumpy>=1.26\nscikit-learn\nrequests==2.32.3\n';
    writeFileSync(join(out, `project_${Math.floor(i / 100)}`, 'requirements.txt'), manifest);
    bytes += manifest.length;
  }
}
console.log(`${total} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${out}`);
