// `handoff-gate test-rules` and `handoff-gate docs`: exit codes, reports and generated pages.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { docsCommand } from '../../src/cli/docs.js';
import { main } from '../../src/cli/main.js';
import { testRulesCommand } from '../../src/cli/test-rules.js';
import { folder, oneRule } from './helpers.js';

const EXAMPLE = join(import.meta.dirname, '../../rules/examples/ml-platform.yml');

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function testRules(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await testRulesCommand(argv, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

/** main() with stdout and stderr captured. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('test-rules', () => {
  it('passes on the example pack and lists each rule', async () => {
    const { code, out } = await testRules(EXAMPLE);
    expect(code).toBe(0);
    expect(out).toMatch(/^ok {3}ml-platform\/no-debugger: 2\/2 expected findings$/m);
    expect(out).toMatch(/ml-platform: all 12 rules pass on their fixtures\n$/);
  });

  it('fails with the missing and unexpected lines, and reports as JSON on request', async () => {
    const pack = oneRule("regex: 'breakpoint'", "    tests: ['only/**']\n");
    const dir = folder({
      'pack.yml': pack,
      'fixtures/only/a.py': 'breakpoint()  # expect: t/r\nx = 1  # expect: t/r\nbreakpoint()\n',
      'fixtures/other/b.py': 'breakpoint()\n',
      'fixtures/only/c.py': 'y = 2  # expect: t/typo\n',
    });
    const { code, out } = await testRules(join(dir, 'pack.yml'));
    expect(code).toBe(1);
    const lines = out.split('\n').map((line) => line.replace(dir, '<dir>'));
    expect(lines).toContain('FAIL t/r: 1/2 expected findings');
    expect(
      lines.some((l) => /missing {5}.*fixtures\/only\/a\.py:2: expected t\/r here$/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /unexpected {2}.*fixtures\/only\/a\.py:3:1: T$/.test(l))).toBe(true);
    expect(
      lines.some((l) =>
        /fixtures\/only\/c\.py:1: annotation names 't\/typo', which is not a rule of pack 't'$/.test(
          l,
        ),
      ),
    ).toBe(true);
    // b.py is outside the rule's tests: its match is neither run nor expected.
    expect(out).not.toContain('other/b.py');

    const json = await testRules(join(dir, 'pack.yml'), '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      pack: 't',
      passed: false,
      rules: [
        {
          id: 't/r',
          expected: 2,
          matched: 1,
          missing: [{ file: 'only/a.py', line: 2 }],
          unexpected: [{ file: 'only/a.py', line: 3 }],
        },
      ],
      strays: [{ file: 'only/c.py', line: 1, rule: 't/typo' }],
    });
  });

  it('tests a programmatic pack on the fixtures beside it', async () => {
    const module = [
      'export default {',
      "  name: 'js',",
      '  rules: [{',
      "    meta: { id: 'js/print', title: 'print', defaultSeverity: 'note', docs: { what: 'w', why: 'y', example: 'print()', instead: 'log' } },",
      '    check(ctx) {',
      '      for (const { path } of ctx.files)',
      '        for (const unit of ctx.sources.code(path)?.units ?? [])',
      "          unit.text.split('\\n').forEach((line, row) => {",
      "            if (line.startsWith('print(')) ctx.report({ ...unit.locate(row, 0), message: 'print' });",
      '          });',
      '    },',
      '  }],',
      '};',
      '',
    ].join('\n');
    const dir = folder({
      'tools/handoff-pack.mjs': module,
      'tools/fixtures/a.py': 'print(1)  # expect: js/print\nlog(1)  # ok: js/print\n',
    });
    const { code, out } = await testRules(join(dir, 'tools'));
    expect(out).toContain('ok   js/print: 1/1 expected findings');
    expect(code).toBe(0);
  });

  it('exits 2 for a pack without fixtures, a broken pack or an unknown rule', async () => {
    const bare = folder({ 'pack.yml': oneRule("regex: 'x'") });
    expect(await testRules(join(bare, 'pack.yml'))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/has no fixtures folder/),
    });
    const broken = folder({ 'pack.yml': oneRule("regex: '('") });
    const result = await cli('test-rules', join(broken, 'pack.yml'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/pack\.yml:9:14: invalid RE2 regular expression/);
    const unknown = await cli('test-rules', EXAMPLE, '--rule', 'ml-platform/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("pack 'ml-platform' has no rule ml-platform/nope");
  });

  it('runs only the rules named with --rule', async () => {
    const { code, out } = await testRules(
      EXAMPLE,
      '--rule',
      'ml-platform/model-card,ml-platform/params-seed',
    );
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .filter((line) => /^(ok|FAIL)/.test(line)),
    ).toHaveLength(2);
  });
});

describe('docs', () => {
  it('writes one page per rule and an index, with examples taken from fixtures when missing', async () => {
    const out = folder();
    const log = collector();
    expect(await docsCommand([EXAMPLE, '--out', out], log.stream)).toBe(0);
    const pages = readdirSync(out).sort();
    expect(pages).toHaveLength(13);
    expect(pages).toContain('README.md');
    expect(pages).toContain('no-debugger.md');
    const page = readFileSync(join(out, 'no-debugger.md'), 'utf8');
    expect(page).toMatch(/^# `ml-platform\/no-debugger`: Debugger call left in the code\n/);
    expect(page).toContain('## Why it matters at handoff');
    // no-debugger has no written example: the annotated fixture line is used, without its annotation.
    expect(page).toContain('```python\npdb.set_trace()\n```');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(
      '| [`ml-platform/model-card`](model-card.md) | MLproject without a model card | warning |',
    );

    expect(await docsCommand([EXAMPLE, '--out', out, '--check'], collector().stream)).toBe(0);
    writeFileSync(join(out, 'model-card.md'), 'edited by hand\n');
    const check = collector();
    expect(await docsCommand([EXAMPLE, '--out', out, '--check'], check.stream)).toBe(1);
    expect(check.text()).toMatch(/out of date: .*model-card\.md/);
  });

  it('is listed in the usage text', async () => {
    const { out, code } = await cli('help');
    expect(code).toBe(0);
    expect(out).toContain('handoff-gate test-rules <pack>');
    expect(out).toContain('handoff-gate docs <pack>');
  });
});
