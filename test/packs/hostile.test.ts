// Packs are data from other repositories, and code is data from the pull request: neither may
// hang the run. Patterns that take exponential time on a backtracking engine finish, and the
// work grows linearly with the input (compared between two sizes, never against a clock).
import { describe, expect, it } from 'vitest';
import type { CodeUnit, RuleContext } from '../../src/engine/types.js';
import type { Match } from '../../src/packs/match.js';
import { compileMatcher } from '../../src/packs/matchers/index.js';
import type { CompileEnv, Matcher } from '../../src/packs/matchers/types.js';
import { parsePackDocument } from '../../src/packs/pack-document.js';
import { pythonRuntime } from '../../src/sources/python.js';
import { pythonDocument } from '../../src/sources/code.js';
import { parsePython } from '../../src/sources/index.js';
import { findings, oneRule } from './helpers.js';

async function compile(match: unknown): Promise<Matcher> {
  const env: CompileEnv = {
    document: parsePackDocument('{}', 'pack.yml').document,
    problems: [],
    language: async () => (await pythonRuntime()).language,
  };
  const matcher = await compileMatcher(match, ['match'], env);
  expect(env.problems).toEqual([]);
  return matcher!;
}

/** A context holding one file: `text` as raw text, and as Python code when it is `.py`. */
function contextFor(file: string, text: string): RuleContext<unknown> {
  const shared = new Map<string, unknown>();
  const code = file.endsWith('.py') ? pythonDocument(file, text) : undefined;
  const trees = new Map<CodeUnit, ReturnType<typeof parsePython>>();
  return {
    root: '/repo',
    files: [{ path: file, size: text.length }],
    allFiles: [{ path: file, size: text.length }],
    options: {},
    severity: 'warning',
    strict: false,
    sources: {
      bytes: () => Buffer.from(text),
      text: () => text,
      code: () => code,
      tree: (unit) => {
        if (!trees.has(unit)) trees.set(unit, parsePython(unit.text));
        return trees.get(unit)!;
      },
      yaml: () => undefined,
      json: () => undefined,
      toml: () => undefined,
      position: () => ({ line: 1, column: 1 }),
    },
    base: async () => undefined,
    shared: <T>(key: string, compute: () => T) => {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
    report: () => undefined,
    parseError: () => undefined,
  };
}

/**
 * The least CPU time of several runs, in milliseconds. CPU time rather than wall time, and the
 * least of several, so other processes on a busy machine disturb the comparison as little as can be.
 */
async function cpuTime(run: () => Promise<unknown>, times = 3): Promise<number> {
  await run();
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** CPU time on 4× the input over CPU time on the input: about 4 when linear, 16 when quadratic. */
async function growth(
  matcher: Matcher,
  file: string,
  make: (n: number) => string,
  n: number,
): Promise<number> {
  const small = contextFor(file, make(n));
  const large = contextFor(file, make(4 * n));
  const a = await cpuTime(() => matcher.match(small, file));
  const b = await cpuTime(() => matcher.match(large, file));
  return b / Math.max(a, 1);
}

describe('regexes from packs run in linear time', () => {
  it('finishes (a+)+$ on 50,000 characters and grows linearly', async () => {
    const matcher = await compile({ regex: { pattern: '(a+)+$', target: 'text' } });
    const hostile = (n: number) => `${'a'.repeat(n)}!\n`;
    const found = await matcher.match(contextFor('x.txt', hostile(50_000)), 'x.txt');
    expect(found).toEqual([]);
    // The same pattern does match where it should, so the test is not passing vacuously.
    expect(await matcher.match(contextFor('y.txt', 'b\naaa\n'), 'y.txt')).toHaveLength(1);
    expect(await growth(matcher, 'x.txt', hostile, 1_000_000)).toBeLessThan(9);
  });

  it('bounds the work of finding every match when each search looks to the end of the line', async () => {
    // Leftmost-first must scan to the end of the line to rule out `.*z` before settling on `a`:
    // one search per character would make this quadratic without the scan budget.
    const matcher = await compile({ regex: 'a(?:.*z)?' });
    const line = (n: number) => `x = "${'a'.repeat(n)}"\n`;
    const found: Match[] = await matcher.match(contextFor('a.py', line(20_000)), 'a.py');
    expect(found.length).toBeGreaterThan(0);
    expect(await growth(matcher, 'a.py', line, 100_000)).toBeLessThan(9);
  });

  it('runs query #match? predicates on RE2 too', async () => {
    const matcher = await compile({ query: '((identifier) @x (#match? @x "^(a+)+$"))' });
    const code = (n: number) => `${'a'.repeat(n)}_ = 1\n`;
    expect(await matcher.match(contextFor('a.py', code(50_000)), 'a.py')).toEqual([]);
    expect(await matcher.match(contextFor('b.py', 'aaa = 1\n'), 'b.py')).toHaveLength(1);
  });

  it('bounds qualified-name patterns on very long attribute chains', async () => {
    const matcher = await compile({ call: '*.*.*.*.*.fit' });
    const code = (n: number) => `${'a.'.repeat(n)}fit()\n`;
    expect(await matcher.match(contextFor('a.py', code(2_000)), 'a.py')).toHaveLength(1);
    expect(await matcher.match(contextFor('b.py', 'a.b.fit()\n'), 'b.py')).toEqual([]);
  });
});

describe('globs', () => {
  it('refuses pack globs with many wildcards in one segment, which backtrack', async () => {
    const pack = oneRule('regex: x', "    files: ['src/*a*a*a*a*a*a*a*b.py']\n");
    await expect(findings(pack, {})).rejects.toThrow(
      "pack.yml:8:13: invalid glob 'src/*a*a*a*a*a*a*a*b.py': '*a*a*a*a*a*a*a*b.py' has 8 wildcards; a path segment may have at most 3",
    );
  });

  it('escapes file names put into a file-exists glob', async () => {
    // A name full of stars would be a hostile pattern if it were not escaped; it must also not
    // match other files by accident.
    const name = `${'*a'.repeat(8)}*b`;
    const pack = oneRule("file-exists: '{{dir}}/docs/{{stem}}*.md'", "    files: ['*.py']\n");
    const result = await findings(pack, {
      [`${name}.py`]: 'x = 1\n',
      'docs/aaaaaaaab-notes.md': '# not the companion\n',
      'ok.py': 'x = 1\n',
      'docs/ok-guide.md': '# the companion of ok.py\n',
    });
    expect(result).toEqual([`${name}.py:1:1 T`]);
  });
});

describe('bounded output', () => {
  it('stops at 1000 matches per file and rule', async () => {
    const result = await findings(oneRule("regex: 'x'"), { 'a.py': 'x\n'.repeat(5000) });
    expect(result).toHaveLength(1000);
  });
});
