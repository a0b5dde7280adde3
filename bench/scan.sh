#!/usr/bin/env bash
# Full-scan benchmark: files/s, MiB/s, CPU time and peak memory of `handoff-gate check`, with
# ripgrep over the same tree in the same hyperfine run as the yardstick (DESIGN.md: within ~3x of
# ripgrep is within reach for a scan that works on bytes and parses only code).
#   bench/scan.sh [DIR]        default: generate bench/out/synthetic (3,000 files) first
# Environment:
#   RUNS=5                     hyperfine runs per command (after one warm-up run)
#   CLI=dist/cli.js            the build to measure
#   BASELINE=old/cli.js        also measure an older build in the same run, for before/after ratios
#   BUILDS="a=x/cli.js b=y/cli.js"  measure these builds instead (the first is the baseline)
# Needs hyperfine, ripgrep and GNU time (apt-get install hyperfine ripgrep time).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
if [ -z "$target" ]; then
  target=bench/out/synthetic
  [ -d "$target" ] || node bench/make-synthetic.mjs "$target" 3000 1
fi
cli="${CLI:-dist/cli.js}"
builds="${BUILDS:-${BASELINE:+baseline=$BASELINE }handoff-gate=$cli}"
[ "$cli" != dist/cli.js ] || [ -f dist/cli.js ] || npm run -s build

# What the rules read: Python files, notebooks and requirements files (manifests are few and small).
files=$(find "$target" -type f \( -name '*.py' -o -name '*.ipynb' -o -name '*requirements*.txt' \) | wc -l)
bytes=$(find "$target" -type f \( -name '*.py' -o -name '*.ipynb' -o -name '*requirements*.txt' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}')
echo "target: $target ($files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}') MiB)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before, node $(node --version)"

gate() { echo "node $1 check $target --format json --output /dev/null --fail-on never"; }
# ripgrep exits 1 when nothing matches; that is not a failure here.
commands=(-n ripgrep "rg -c --no-ignore -e '/home/' -e '/content/drive' -e 'import ' $target || true")
for build in $builds; do commands+=(-n "${build%%=*}" "$(gate "${build#*=}")"); done

json=$(mktemp)
times=$(mktemp)
trap 'rm -f "$json" "$times"' EXIT
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$json" "${commands[@]}" >/dev/null

# Peak resident memory and CPU seconds: one more run of each build under GNU time.
for build in $builds; do
  /usr/bin/time -f "${build%%=*} %M %U %S" -a -o "$times" \
    node "${build#*=}" check "$target" --format json --output /dev/null --fail-on never \
    >/dev/null 2>&1
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after"

node - "$json" "$times" "$files" "$bytes" $builds <<'NODE'
const { readFileSync } = require('node:fs');
const [json, times, files, bytes, ...builds] = process.argv.slice(2);
const names = builds.map((b) => b.split('=')[0]);
const { results } = JSON.parse(readFileSync(json, 'utf8'));
const by = Object.fromEntries(results.map((r) => [r.command, r]));
const usage = Object.fromEntries(
  readFileSync(times, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([name, kib, user, sys]) => [name, { mib: kib / 1024, cpu: Number(user) + Number(sys) }]),
);
const rg = by.ripgrep;
const s = (x) => `${x.toFixed(2)} s`;
console.log(`${'ripgrep'.padEnd(14)} median ${s(rg.median)} (min ${s(rg.min)}, max ${s(rg.max)})`);
for (const name of names) {
  const r = by[name];
  const u = usage[name];
  console.log(
    `${name.padEnd(14)} median ${s(r.median)} (min ${s(r.min)}, max ${s(r.max)}); ` +
      `${(files / r.median).toFixed(0)} files/s, ${(bytes / 1048576 / r.median).toFixed(1)} MiB/s; ` +
      `${(r.median / rg.median).toFixed(1)}x ripgrep; CPU ${s(u.cpu)}, peak RSS ${u.mib.toFixed(0)} MiB`,
  );
}
const [first, ...rest] = names;
for (const name of rest) {
  const [a, b] = [by[first], by[name]];
  const [ua, ub] = [usage[first], usage[name]];
  console.log(
    `${first} → ${name}: ${(a.median / rg.median).toFixed(1)}x → ${(b.median / rg.median).toFixed(1)}x ripgrep ` +
      `(wall ${(a.median / b.median).toFixed(1)}x faster, CPU ${(ua.cpu / ub.cpu).toFixed(1)}x less), ` +
      `peak RSS ${ua.mib.toFixed(0)} → ${ub.mib.toFixed(0)} MiB`,
  );
}
NODE
