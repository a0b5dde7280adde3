// Packs named in a config's `extends`: files in the repository (declarative or programmatic),
// installed packages, config-format packs that extend rule packs; overrides after extending.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { run } from '../../src/run.js';
import { folder, oneRule, packYaml, show } from './helpers.js';

const DEBUGGER = oneRule(
  "regex: 'breakpoint\\(\\)'",
  "    severity: error\n    message: 'debugger'\n",
);

const PROGRAMMATIC = `
export const name = 'acme';
export const version = '2.0.0';
export const engine = '>=0.1.0';
export const rules = [
  {
    meta: {
      id: 'acme/todo',
      title: 'TODO left in code',
      defaultSeverity: 'warning',
      docs: { what: 'w', why: 'y', example: '# TODO', instead: 'do it' },
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: { word: { type: 'string' } },
      },
      defaultOptions: { word: 'TODO' },
    },
    check(ctx) {
      for (const file of ctx.files) {
        if (!/\\.(txt|py)$/.test(file.path)) continue;
        const text = ctx.sources.text(file.path) ?? '';
        text.split('\\n').forEach((line, index) => {
          if (line.includes(ctx.options.word)) ctx.report({ file: file.path, line: index + 1, message: ctx.options.word + ' found' });
        });
      }
    },
  },
];
`;

async function check(root: string): Promise<string[]> {
  const result = await run({ root });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${show(f)}`);
}

async function configProblems(root: string): Promise<string[]> {
  try {
    await run({ root });
  } catch (error) {
    if (error instanceof ConfigError) return error.format().split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('local packs', () => {
  it('runs a declarative pack next to the built-ins, and lets the config override it', async () => {
    const files = {
      'tools/pack.yml': DEBUGGER,
      'a.py': 'breakpoint()\n',
      'docs/b.py': 'breakpoint()\n',
    };
    expect(
      await check(folder({ ...files, 'handoff.yml': 'extends: [./tools/pack.yml]\n' })),
    ).toEqual(['error t/r a.py:1:1 debugger', 'error t/r docs/b.py:1:1 debugger']);
    const overridden = folder({
      ...files,
      'handoff.yml':
        "extends: [recommended, ./tools/pack.yml]\nrules:\n  t/r:\n    severity: note\n    ignore: ['docs/**']\n",
    });
    expect(await check(overridden)).toEqual(['note t/r a.py:1:1 debugger']);
    const off = folder({
      ...files,
      '.github/handoff.yml': 'extends: [./tools/pack.yml]\nrules:\n  t/r: off\n',
    });
    expect(await check(off)).toEqual([]);
  });

  it('accepts the files and exclude options of a declarative rule', async () => {
    const files = {
      'pack.yml': DEBUGGER,
      'src/a.py': 'breakpoint()\n',
      'lib/b.py': 'breakpoint()\n',
    };
    const config = (options: string) =>
      `extends: ./pack.yml\nrules:\n  t/r: { options: ${options} }\n`;
    expect(
      await check(folder({ ...files, 'handoff.yml': config("{ files: ['src/**'] }") })),
    ).toEqual(['error t/r src/a.py:1:1 debugger']);
    expect(
      await check(folder({ ...files, 'handoff.yml': config("{ exclude: ['src/**'] }") })),
    ).toEqual(['error t/r lib/b.py:1:1 debugger']);
    expect(
      await configProblems(folder({ ...files, 'handoff.yml': config('{ file: [] }') })),
    ).toEqual([
      "handoff.yml:3:21: unknown option 'file' in rules.t/r.options; did you mean 'files'?",
    ]);
  });

  it('leaves rules with enabled: false off until the config names them', async () => {
    const pack = DEBUGGER.replace(
      '    severity: error\n',
      '    severity: error\n    enabled: false\n',
    );
    const files = { 'pack.yml': pack, 'a.py': 'breakpoint()\n' };
    expect(await check(folder({ ...files, 'handoff.yml': 'extends: [./pack.yml]\n' }))).toEqual([]);
    expect(
      await check(
        folder({ ...files, 'handoff.yml': 'extends: [./pack.yml]\nrules:\n  t/r: warning\n' }),
      ),
    ).toEqual(['warning t/r a.py:1:1 debugger']);
  });

  it('resolves a config-format pack that extends a rule pack, and a folder holding handoff-pack.yml', async () => {
    const root = folder({
      'platform/handoff-pack.yml': DEBUGGER,
      'platform/team.yml': "extends: [./platform]\nignore: ['vendor/**']\nrules:\n  t/r: warning\n",
      'handoff.yml': 'extends: [./platform/team.yml]\n',
      'a.py': 'breakpoint()\n',
      'vendor/v.py': 'breakpoint()\n',
    });
    expect(await check(root)).toEqual(['warning t/r a.py:1:1 debugger']);
  });

  it('runs a programmatic pack from the repository, with options from the config', async () => {
    const files = { 'tools/handoff-pack.mjs': PROGRAMMATIC, 'a.txt': 'TODO: ship\nFIXME later\n' };
    expect(
      await check(folder({ ...files, 'handoff.yml': 'extends: [./tools/handoff-pack.mjs]\n' })),
    ).toEqual(['warning acme/todo a.txt:1 TODO found']);
    const tuned = folder({
      ...files,
      'handoff.yml':
        'extends: [./tools/handoff-pack.mjs]\nrules:\n  acme/todo: { severity: error, options: { word: FIXME } }\n',
    });
    expect(await check(tuned)).toEqual(['error acme/todo a.txt:2 FIXME found']);
  });

  it('links pack rules to the pack: on GitHub in Actions, else the file on this machine', async () => {
    const root = folder({
      'tools/pack.yml': DEBUGGER,
      'tools/handoff-pack.mjs': PROGRAMMATIC,
      'handoff.yml': 'extends: [./tools/pack.yml, ./tools/handoff-pack.mjs]\n',
    });
    const links = async () =>
      Object.fromEntries(
        (await run({ root })).rules
          .filter((rule) => rule.meta.id.includes('/'))
          .map((rule) => [rule.meta.id, rule.meta.helpUri]),
      );
    expect(await links()).toEqual({
      't/r': pathToFileURL(join(root, 'tools/pack.yml')).href,
      'acme/todo': pathToFileURL(join(root, 'tools/handoff-pack.mjs')).href,
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_SHA: 'f'.repeat(40),
    });
    try {
      expect(await links()).toEqual({
        't/r': `https://github.com/acme/models/blob/${'f'.repeat(40)}/tools/pack.yml`,
        'acme/todo': `https://github.com/acme/models/blob/${'f'.repeat(40)}/tools/handoff-pack.mjs`,
      });
    } finally {
      process.env = saved;
    }
  });

  it('reports unusable entries at the entry, and pack problems in the pack', async () => {
    const root = folder({
      'handoff.yml':
        'extends:\n  - ./missing.yml\n  - tools/pack.yml\n  - ./bad.mjs\n  - ./broken.yml\n',
      'tools/pack.yml': DEBUGGER,
      'bad.mjs':
        "export const rules = [{ meta: { id: 'nons', title: '', defaultSeverity: 'fatal' } }];\n",
      'broken.yml': packYaml(
        "  - id: r\n    title: T\n    docs: { what: w, why: y, fix: f }\n    match: { regex: '(' }\n",
      ),
    });
    expect(await configProblems(root)).toEqual([
      "handoff.yml:2:5: pack './missing.yml' not found (paths in extends are relative to the repository root)",
      "handoff.yml:3:5: 'tools/pack.yml' is not an installed package; to use the file in the repository, write './tools/pack.yml'",
      'bad.mjs:1:1: rules[0].check must be a function (ctx) => void',
      "bad.mjs:1:1: rules[0].meta.id must be a namespaced rule id such as my-pack/my-rule (got 'nons')",
      'bad.mjs:1:1: rules[0].meta.title must be a non-empty string',
      "bad.mjs:1:1: rules[0].meta.defaultSeverity must be one of error, warning, note (got 'fatal')",
      'bad.mjs:1:1: rules[0].meta.docs must be an object with what, why, example, instead',
      'broken.yml:8:21: invalid RE2 regular expression: missing closing ): `(`',
    ]);
  });

  it('refuses packs outside the repository, even through a symbolic link', async () => {
    const parent = folder({
      'outside/pack.yml': DEBUGGER,
      'repo/handoff.yml': 'extends: [../outside/pack.yml, ./link.yml]\n',
    });
    const root = join(parent, 'repo');
    symlinkSync(join(parent, 'outside', 'pack.yml'), join(root, 'link.yml'));
    expect(await configProblems(root)).toEqual([
      "handoff.yml:1:11: pack '../outside/pack.yml' is outside the repository; a pack must be a file in the repository, a package or a github: pack",
      "handoff.yml:1:32: pack './link.yml' is outside the repository; a pack must be a file in the repository, a package or a github: pack",
    ]);
  });

  it('refuses two packs defining the same rule id', async () => {
    const root = folder({
      'a.yml': DEBUGGER,
      'b.yml': DEBUGGER,
      'handoff.yml': 'extends: [./a.yml, ./b.yml]\n',
    });
    expect(await configProblems(root)).toEqual([
      "b.yml:1:1: rule 't/r' of pack './b.yml' is already defined by pack './a.yml'; rename it",
    ]);
  });
});

describe('installed packages', () => {
  it('runs a programmatic package and a declarative package from node_modules', async () => {
    const root = folder({
      'node_modules/handoff-pack-acme/package.json': JSON.stringify({
        name: 'handoff-pack-acme',
        type: 'module',
        exports: { '.': { import: './lib/index.js' } },
      }),
      'node_modules/handoff-pack-acme/lib/index.js': PROGRAMMATIC,
      'node_modules/@ml/pack/package.json': JSON.stringify({
        name: '@ml/pack',
        'handoff-gate': 'packs/ml.yml',
      }),
      'node_modules/@ml/pack/packs/ml.yml': DEBUGGER,
      'handoff.yml':
        'extends: [recommended, handoff-pack-acme, "@ml/pack"]\nrules:\n  hardcoded-paths: off\n',
      'a.py': 'breakpoint()  # TODO\n',
    });
    const found = await check(root);
    expect(found).toContain('warning acme/todo a.py:1 TODO found');
    expect(found).toContain('error t/r a.py:1:1 debugger');
    // A file inside a package can be named directly.
    const direct = folder({
      'node_modules/@ml/pack/package.json': '{"name": "@ml/pack"}',
      'node_modules/@ml/pack/packs/ml.yml': DEBUGGER,
      'handoff.yml': 'extends: ["@ml/pack/packs/ml.yml"]\n',
      'a.py': 'breakpoint()\n',
    });
    expect(await check(direct)).toEqual(['error t/r a.py:1:1 debugger']);
  });

  it('keeps "unknown pack" for a name that is neither built in nor installed', async () => {
    expect(await configProblems(folder({ 'handoff.yml': 'extends: [recomended]\n' }))).toEqual([
      "handoff.yml:1:11: unknown pack 'recomended'; did you mean 'recommended'?",
    ]);
  });
});
