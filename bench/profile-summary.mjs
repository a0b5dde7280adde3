#!/usr/bin/env node
// Where a scan spends its CPU, by source module: reads a V8 CPU profile of the bundled CLI and sums
// the time of each sample to the src/ module of its innermost bundled frame (native and library
// frames count for the module that called them; ncc marks modules `// CONCATENATED MODULE: path`).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/cli.js check DIR --format json --output /dev/null
//   node bench/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile [dist/cli.js] [TOP=30]
import { readFileSync } from 'node:fs';

const [profilePath, bundlePath = 'dist/cli.js', top = '30'] = process.argv.slice(2);
if (!profilePath) {
  console.error('usage: profile-summary.mjs PROFILE.cpuprofile [dist/cli.js] [TOP]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
const bundleName = bundlePath.split('/').pop();

// The module each line of the bundle belongs to.
const moduleOfLine = [];
let current = '(bundle)';
for (const line of readFileSync(bundlePath, 'utf8').split('\n')) {
  const marker = /CONCATENATED MODULE: (\S+)/.exec(line);
  if (marker) current = marker[1].startsWith('./src/') ? marker[1].slice(2) : '(dependencies)';
  else if (/^\/\*\*\*\/ /.test(line)) current = '(dependencies)';
  moduleOfLine.push(current);
}

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const inBundle = (id) => nodes.get(id).callFrame.url.endsWith(bundleName);
const totals = new Map();
let total = 0;
profile.samples.forEach((sample, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  let id = sample;
  while (id !== undefined && !inBundle(id)) id = parent.get(id);
  const own = nodes.get(sample).callFrame;
  const key =
    id === undefined
      ? own.functionName || '(native)'
      : moduleOfLine[nodes.get(id).callFrame.lineNumber];
  totals.set(key, (totals.get(key) ?? 0) + micros);
});

const ms = (micros) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
console.log(`${ms(total)}  total (main thread)`);
for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${ms(micros)}  ${key}`);
}
