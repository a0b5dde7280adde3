// Per-stage and per-rule time and memory of one full scan, in one process:
//   npx tsx bench/stages.ts DIR [--rules id,id] [--json]
// Rules share work (manifests, outlines, parsed trees): a rule's time includes whatever it is
// the first to compute, so the split depends on the registry's order. `peak RSS` is the
// process's maximum resident set so far (getrusage), so it only grows.
import { resolve } from 'node:path';
import { resourceUsage } from 'node:process';
import { formatJson } from '../src/report/json.js';
import { run } from '../src/run.js';

interface Mark {
  stage: string;
  ms: number;
  cpuMs: number;
  rssMiB: number;
  heapMiB: number;
  externalMiB: number;
  peakRssMiB: number;
}

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: tsx bench/stages.ts DIR [--rules id,id] [--json]\n');
  process.exit(2);
}
const rulesAt = args.indexOf('--rules');
const rules = rulesAt >= 0 ? args[rulesAt + 1]?.split(',') : undefined;

const marks: Mark[] = [];
let lastWall = performance.now();
let lastCpu = cpuMs();
function cpuMs(): number {
  const { userCPUTime, systemCPUTime } = resourceUsage();
  return (userCPUTime + systemCPUTime) / 1000;
}
function mark(stage: string): void {
  const now = performance.now();
  const cpu = cpuMs();
  const mem = process.memoryUsage();
  const mib = (n: number) => Math.round(n / 1048576);
  marks.push({
    stage,
    ms: Math.round(now - lastWall),
    cpuMs: Math.round(cpu - lastCpu),
    rssMiB: mib(mem.rss),
    heapMiB: mib(mem.heapUsed),
    externalMiB: mib(mem.external),
    peakRssMiB: Math.round(resourceUsage().maxRSS / 1024),
  });
  lastWall = now;
  lastCpu = cpu;
}

let current = 'config + discovery';
const result = await run({
  root: resolve(dir),
  rules,
  failOn: 'never',
  onProgress: (_done, _total, ruleId) => {
    mark(current);
    current = ruleId ? `rule ${ruleId}` : '';
  },
});
mark('suppressions + fingerprints + filters');
const json = formatJson(result);
mark('json report');

if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ dir, findings: result.findings.length, marks })}\n`);
} else {
  const total = marks.reduce((s, m) => s + m.ms, 0);
  process.stdout.write(
    `${dir}: ${result.filesScanned} files, ${result.findings.length} findings, ${json.length} bytes of JSON\n`,
  );
  process.stdout.write(
    `${'stage'.padEnd(40)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)} ${'rss'.padStart(6)} ${'heap'.padStart(6)} ${'ext'.padStart(6)} ${'peak'.padStart(6)}\n`,
  );
  for (const m of marks) {
    process.stdout.write(
      `${m.stage.padEnd(40)} ${String(m.ms).padStart(8)} ${String(m.cpuMs).padStart(8)} ${String(m.rssMiB).padStart(6)} ${String(m.heapMiB).padStart(6)} ${String(m.externalMiB).padStart(6)} ${String(m.peakRssMiB).padStart(6)}\n`,
    );
  }
  process.stdout.write(`${'total'.padEnd(40)} ${String(total).padStart(8)}\n`);
}
