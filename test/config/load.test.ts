import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, resolveConfigText } from '../../src/config/load.js';
import type { ConfigProblem, Pack, ResolvedConfig } from '../../src/config/types.js';
import { parseConfigDocument } from '../../src/config/yaml-document.js';
import type { RuleMeta } from '../../src/engine/types.js';
import { tempFolder, writeTree } from '../support/tree.js';
import { METAS, PINNED } from './metas.js';

const MiB = 1024 * 1024;
const ROOT = '/repo';
const FILE = '/repo/.github/handoff.yml';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function folder(files: Record<string, string | number> = {}): string {
  const temp = tempFolder('hg-config');
  cleanups.push(temp.remove);
  writeTree(temp.path, files);
  return temp.path;
}

function resolveText(
  text: string,
  extra: Partial<Parameters<typeof resolveConfigText>[1]> = {},
): Promise<ResolvedConfig> {
  return resolveConfigText(text, { root: ROOT, file: FILE, rules: METAS, ...extra });
}

/** The problems a config text produces, without the file name (always .github/handoff.yml). */
async function problemsOf(
  text: string,
  extra: Partial<Parameters<typeof resolveConfigText>[1]> = {},
): Promise<Omit<ConfigProblem, 'file'>[]> {
  try {
    await resolveText(text, extra);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(({ file, ...rest }) => {
      expect(file).toBe('.github/handoff.yml');
      return rest;
    });
  }
  throw new Error('expected a ConfigError');
}

const severities = (config: ResolvedConfig) =>
  Object.fromEntries([...config.rules].map(([id, rule]) => [id, rule.severity]));

/** A resolver for custom packs written inline, as a test stand-in for local/remote packs. */
function inlinePacks(packs: Record<string, string>) {
  return async (name: string): Promise<Pack | undefined> => {
    if (!(name in packs)) return undefined;
    return { name, document: parseConfigDocument(packs[name], `packs/${name}.yml`).document };
  };
}

describe('defaults', () => {
  it('uses the recommended pack when the repository has no config file', async () => {
    const config = await loadConfig(folder({ 'src/a.py': '' }), { rules: METAS });
    expect(config.source).toBe('defaults');
    expect(config.file).toBeUndefined();
    expect(config.failOn).toBeUndefined();
    expect(config.strict).toBe(false);
    expect(config.maxFileSize).toBe(5 * MiB);
    expect(config.paths).toEqual([]);
    expect(config.ignore).toEqual([]);
    expect(config.contracts).toEqual([]);
    expect(config.raw).toEqual({});
    expect(severities(config)).toEqual({
      'hardcoded-paths': 'warning',
      'pinned-dependencies': 'error',
      'undeclared-dependencies': 'warning',
      'train-predict-separation': 'error',
      'model-interface': 'off',
      'schema-acceptance': 'off',
      'parse-error': 'warning',
    });
  });

  it('fills rule options from the meta defaults and the schema defaults', async () => {
    const config = await loadConfig(folder(), { rules: METAS });
    expect(config.rules.get('pinned-dependencies')!.options).toEqual({
      allow: ['pip'],
      docker: { digest: false, registries: ['docker.io'] },
      mode: 'exact',
    });
    expect(config.rules.get('hardcoded-paths')!.options).toEqual({ prefixes: ['/home/'] });
    expect(config.rules.get('undeclared-dependencies')!.options).toEqual({});
  });

  it('does not share option objects between runs or with the meta', async () => {
    const a = await loadConfig(folder(), { rules: METAS });
    (a.rules.get('pinned-dependencies')!.options.allow as string[]).push('mutated');
    const b = await loadConfig(folder(), { rules: METAS });
    expect(b.rules.get('pinned-dependencies')!.options.allow).toEqual(['pip']);
    expect(PINNED.defaultOptions).toEqual({
      allow: ['pip'],
      docker: { digest: false, registries: ['docker.io'] },
    });
  });

  it('treats an empty file as an empty config that still names its source', async () => {
    const config = await resolveText('# nothing yet\n');
    expect(config.source).toBe('.github/handoff.yml');
    expect(config.file).toBe(FILE);
    expect(severities(config)['pinned-dependencies']).toBe('error');
  });
});

describe('finding the file', () => {
  it('prefers .github/handoff.yml, then .github/handoff.yaml, then handoff.yml, then handoff.yaml', async () => {
    const all = {
      '.github/handoff.yml': 'fail-on: never\n',
      '.github/handoff.yaml': 'fail-on: warning\n',
      'handoff.yml': 'strict: true\n',
      'handoff.yaml': 'max-file-size: 1KiB\n',
    };
    const root = folder(all);
    const config = await loadConfig(root, { rules: METAS });
    expect(config.source).toBe('.github/handoff.yml');
    expect(config.file).toBe(join(root, '.github/handoff.yml'));
    expect(config.failOn).toBe('never');

    const second = folder({
      '.github/handoff.yaml': all['.github/handoff.yaml'],
      'handoff.yml': '',
    });
    expect((await loadConfig(second, { rules: METAS })).source).toBe('.github/handoff.yaml');
    const third = folder({ 'handoff.yml': all['handoff.yml'], 'handoff.yaml': '' });
    expect((await loadConfig(third, { rules: METAS })).strict).toBe(true);
    const fourth = folder({ 'handoff.yaml': all['handoff.yaml'] });
    expect((await loadConfig(fourth, { rules: METAS })).maxFileSize).toBe(1024);
  });

  it('reads an explicit file relative to the root, and says when it is missing', async () => {
    const root = folder({ 'ci/gate.yml': 'strict: true\n' });
    const config = await loadConfig(root, { rules: METAS, file: 'ci/gate.yml' });
    expect(config.source).toBe('ci/gate.yml');
    expect(config.strict).toBe(true);
    const error = await loadConfig(root, { rules: METAS, file: 'ci/missing.yml' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.format()).toBe('ci/missing.yml:1:1: config file not found');
  });

  it('refuses a binary, oversized or folder config, and a discovered link out of the repository', async () => {
    const root = folder({ 'bin.yml': 'a: \0\0', 'big.yml': 2 * MiB, 'dir.yml/x': '' });
    const message = async (file: string) =>
      ((await loadConfig(root, { rules: METAS, file }).catch((e) => e)) as ConfigError).format();
    expect(await message('bin.yml')).toBe('bin.yml:1:1: config file is binary, not YAML text');
    expect(await message('big.yml')).toBe(
      'big.yml:1:1: config file is 2097152 bytes; the limit is 1048576 bytes',
    );
    expect(await message('dir.yml')).toBe('dir.yml:1:1: the config path is not a file');

    const outside = folder({ 'evil.yml': 'fail-on: never\n' });
    const repo = folder({ 'a.py': '' });
    mkdirSync(join(repo, '.github'));
    symlinkSync(join(outside, 'evil.yml'), join(repo, '.github/handoff.yml'));
    const error = await loadConfig(repo, { rules: METAS }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems[0].message).toMatch(/symbolic link to a file outside the repository/);
  });
});

describe('merging', () => {
  const packs = inlinePacks({
    team: [
      'fail-on: warning',
      'strict: true',
      'paths: ["src/**"]',
      'ignore: ["vendor/**"]',
      'max-file-size: 1MiB',
      'contracts: [contracts/team.yml]',
      'rules:',
      '  hardcoded-paths: error',
      '  model-interface: warning',
      '  pinned-dependencies:',
      '    options: { mode: lock, docker: { digest: true } }',
      '    ignore: ["examples/**"]',
      '',
    ].join('\n'),
  });

  it('applies packs below the config: the config wins, lists of ignores add up', async () => {
    const config = await resolveText(
      [
        'extends: [recommended, team]',
        'fail-on: error',
        'paths: ["pkg/**"]',
        'ignore: ["legacy/**"]',
        'contracts: [{ name: inline }]',
        'rules:',
        '  hardcoded-paths: note',
        '  pinned-dependencies:',
        '    options: { allow: [conda], docker: { registries: [ghcr.io] } }',
        '    ignore: ["docs/**"]',
        '',
      ].join('\n'),
      { resolvePack: packs },
    );
    expect(config.failOn).toBe('error');
    expect(config.strict).toBe(true);
    expect(config.paths).toEqual(['pkg/**']);
    expect(config.ignore).toEqual(['vendor/**', 'legacy/**']);
    expect(config.maxFileSize).toBe(MiB);
    expect(config.contracts).toEqual(['contracts/team.yml', { name: 'inline' }]);
    expect(severities(config)).toMatchObject({
      'hardcoded-paths': 'note',
      'model-interface': 'warning',
      'pinned-dependencies': 'error',
    });
    expect(config.rules.get('pinned-dependencies')).toEqual({
      severity: 'error',
      options: {
        allow: ['conda'],
        mode: 'lock',
        docker: { digest: true, registries: ['ghcr.io'] },
      },
      ignore: ['examples/**', 'docs/**'],
    });
    expect(config.raw).toMatchObject({ 'fail-on': 'error', paths: ['pkg/**'] });
  });

  it('keeps pack values the config does not set', async () => {
    const config = await resolveText('extends: team\n', { resolvePack: packs });
    expect(config.failOn).toBe('warning');
    expect(config.paths).toEqual(['src/**']);
    // `extends: team` alone does not bring in recommended: only what team turns on runs.
    expect(severities(config)).toEqual({
      'hardcoded-paths': 'error',
      'pinned-dependencies': 'error',
      'undeclared-dependencies': 'off',
      'train-predict-separation': 'off',
      'model-interface': 'warning',
      'schema-acceptance': 'off',
      'parse-error': 'warning',
    });
  });

  it('turns on a configured rule at its default severity when no severity is given', async () => {
    const config = await resolveText(
      'extends: []\nrules:\n  model-interface:\n    ignore: [a/**]\n',
    );
    expect(severities(config)['model-interface']).toBe('error');
    expect(severities(config)['pinned-dependencies']).toBe('off');
  });

  it('keeps a rule off when a lower layer turned it off and the config only sets options', async () => {
    const config = await resolveText('rules:\n  pinned-dependencies: off\n', {}).then(() =>
      resolveText(
        'extends: [recommended, quiet]\nrules:\n  pinned-dependencies: { options: { mode: lock } }\n',
        {
          resolvePack: inlinePacks({ quiet: 'rules:\n  pinned-dependencies: off\n' }),
        },
      ),
    );
    expect(config.rules.get('pinned-dependencies')!.severity).toBe('off');
    expect(config.rules.get('pinned-dependencies')!.options.mode).toBe('lock');
  });

  it('lets the strict pack raise severities and turn strict mode on', async () => {
    const config = await resolveText('extends: strict\n');
    expect(config.strict).toBe(true);
    expect(severities(config)).toEqual({
      'hardcoded-paths': 'error',
      'pinned-dependencies': 'error',
      'undeclared-dependencies': 'error',
      'train-predict-separation': 'error',
      'model-interface': 'error',
      'schema-acceptance': 'error',
      'parse-error': 'error',
    });
    const relaxed = await resolveText(
      'extends: strict\nstrict: false\nrules:\n  model-interface: off\n',
    );
    expect(relaxed.strict).toBe(false);
    expect(severities(relaxed)['model-interface']).toBe('off');
  });

  it('skips shipped-pack rule ids this build does not register', async () => {
    const fewer: RuleMeta[] = METAS.filter((meta) => meta.id !== 'schema-acceptance');
    const config = await resolveText('extends: strict\n', { rules: fewer });
    expect(config.rules.has('schema-acceptance')).toBe(false);
    expect(severities(config)['model-interface']).toBe('error');
  });

  it('starts from nothing with extends: [], except the engine findings', async () => {
    const config = await resolveText('extends: []\nrules:\n  hardcoded-paths: warning\n');
    expect(Object.entries(severities(config)).filter(([, s]) => s !== 'off')).toEqual([
      ['hardcoded-paths', 'warning'],
      ['parse-error', 'warning'],
    ]);
    const quiet = await resolveText('extends: []\nrules:\n  parse-error: off\n');
    expect(severities(quiet)['parse-error']).toBe('off');
  });

  it('applies command-line overrides over everything', async () => {
    const config = await resolveText('fail-on: never\nstrict: true\n', {
      cli: { failOn: 'warning', strict: false },
    });
    expect(config.failOn).toBe('warning');
    expect(config.strict).toBe(false);
    const partial = await resolveText('fail-on: never\n', { cli: { strict: true } });
    expect(partial.failOn).toBe('never');
    expect(partial.strict).toBe(true);
  });

  it('applies a pack once even when extended twice, and refuses cycles', async () => {
    const resolvePack = inlinePacks({
      a: 'extends: b\nignore: [a/**]\n',
      b: 'extends: [a]\nignore: [b/**]\n',
      c: 'extends: [recommended]\nignore: [c/**]\n',
    });
    const once = await resolveText('extends: [c, recommended, c]\n', { resolvePack });
    expect(once.ignore).toEqual(['c/**']);
    const error = await resolveText('extends: a\n', { resolvePack }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.format()).toBe("packs/b.yml:1:11: pack 'a' extends itself (a → b → a)");
  });
});

describe('max-file-size', () => {
  it.each([
    ['1048576', 1048576],
    ['5MiB', 5 * MiB],
    ['"512 KiB"', 512 * 1024],
    ['2M', 2 * MiB],
    ['1GiB', 1024 ** 3],
    ['10MB', 10_000_000],
    ['1.5MiB', 1.5 * MiB],
    ['"100 B"', 100],
  ])('reads %s as %d bytes', async (value, bytes) => {
    expect((await resolveText(`max-file-size: ${value}\n`)).maxFileSize).toBe(bytes);
  });

  it.each([
    ['0', 'max-file-size must be at least 1 (got 0)'],
    ['-5', 'max-file-size must be at least 1 (got -5)'],
    ['1.5', 'max-file-size must be a number of bytes or a size such as 5MiB (got 1.5)'],
    ['0KiB', "max-file-size must be at least 1 byte (got '0KiB')"],
    [
      '5 megabytes',
      "max-file-size must be a size such as 512KiB, 5MiB or 1GiB, or a number of bytes (got '5 megabytes')",
    ],
    ['99999999999GiB', "max-file-size must be at most 8 PiB (got '99999999999GiB')"],
    ['[5]', 'max-file-size must be a number of bytes or a size such as 5MiB (got a list)'],
  ])('refuses %s', async (value, message) => {
    expect(await problemsOf(`max-file-size: ${value}\n`)).toEqual([
      { line: 1, column: 16, key: 'max-file-size', message },
    ]);
  });
});

describe('problems, each located at the key or value to change', () => {
  it('reports every problem of a file at once, in file order', async () => {
    const text = [
      'fail-on: warn', // 1
      'fail_on: error', // 2
      'strict: yes', // 3
      'extends: [recomended, strict]', // 4
      'paths: src/**', // 5
      'ignore: ["", legacy/**]', // 6
      'rules:', // 7
      '  hardcoded-path: warning', // 8
      '  pinned-dependencies:', // 9
      '    severity: err', // 10
      '    options: { mode: lok, alow: [] }', // 11
      '    ignor: []', // 12
      '  model-interface: 5', // 13
      '  undeclared-dependencies: { severity: error, ignore: "x" }', // 14
      '  Bad Id!: off', // 15
      'contracts: [contracts/a.yml, 7]', // 16
      '',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      {
        line: 1,
        column: 10,
        key: 'fail-on',
        message:
          "fail-on must be one of error, warning, never (got 'warn'; did you mean 'warning'?)",
      },
      {
        line: 2,
        column: 1,
        key: 'fail_on',
        message: "unknown key 'fail_on'; did you mean 'fail-on'?",
      },
      { line: 3, column: 9, key: 'strict', message: "strict must be true or false (got 'yes')" },
      {
        line: 4,
        column: 11,
        key: 'extends[0]',
        message: "unknown pack 'recomended'; did you mean 'recommended'?",
      },
      {
        line: 5,
        column: 8,
        key: 'paths',
        message: `paths must be a list of globs, such as ["src/**"] (got 'src/**')`,
      },
      { line: 6, column: 10, key: 'ignore[0]', message: 'ignore[0] must not be empty' },
      {
        line: 8,
        column: 3,
        key: 'rules.hardcoded-path',
        message: "unknown rule 'hardcoded-path'; did you mean 'hardcoded-paths'?",
      },
      {
        line: 10,
        column: 15,
        key: 'rules.pinned-dependencies.severity',
        message:
          "rules.pinned-dependencies.severity must be one of off, note, warning, error (got 'err'; did you mean 'error'?)",
      },
      {
        line: 11,
        column: 22,
        key: 'rules.pinned-dependencies.options.mode',
        message:
          "rules.pinned-dependencies.options.mode must be one of exact, lock (got 'lok'; did you mean 'lock'?)",
      },
      {
        line: 11,
        column: 27,
        key: 'rules.pinned-dependencies.options.alow',
        message:
          "unknown option 'alow' in rules.pinned-dependencies.options; did you mean 'allow'?",
      },
      {
        line: 12,
        column: 5,
        key: 'rules.pinned-dependencies.ignor',
        message: "unknown key 'ignor' in rules.pinned-dependencies; did you mean 'ignore'?",
      },
      {
        line: 13,
        column: 20,
        key: 'rules.model-interface',
        message:
          'rules.model-interface must be a severity (off, note, warning, error) or a mapping with severity, options and ignore (got 5)',
      },
      {
        line: 14,
        column: 55,
        key: 'rules.undeclared-dependencies.ignore',
        message: "rules.undeclared-dependencies.ignore must be a list of globs (got 'x')",
      },
      {
        line: 15,
        column: 3,
        key: 'rules.Bad Id!',
        message: "'Bad Id!' is not a rule id such as hardcoded-paths or my-pack/my-rule",
      },
      {
        line: 16,
        column: 30,
        key: 'contracts[1]',
        message: 'contracts[1] must be a contract file path or an inline contract mapping (got 7)',
      },
    ]);
  });

  it('lists the keys it knows when nothing is close to an unknown key', async () => {
    expect(await problemsOf('rules:\n  hardcoded-paths: { level: error }\n')).toEqual([
      {
        line: 2,
        column: 22,
        key: 'rules.hardcoded-paths.level',
        message:
          "unknown key 'level' in rules.hardcoded-paths; expected severity, options or ignore",
      },
    ]);
  });

  it('lists the known rules when no id is close to an unknown one', async () => {
    const [problem] = await problemsOf('rules:\n  xyz: error\n');
    expect(problem).toMatchObject({ line: 2, column: 3, key: 'rules.xyz' });
    expect(problem.message).toBe(
      "unknown rule 'xyz'; known rules are hardcoded-paths, pinned-dependencies, undeclared-dependencies, train-predict-separation, model-interface, schema-acceptance, parse-error",
    );
  });

  it('locates YAML syntax errors', async () => {
    expect(await problemsOf('rules:\n  hardcoded-paths: [error\nstrict: true\n')).toEqual([
      {
        line: 3,
        column: 1,
        key: '',
        message:
          'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
    expect(await problemsOf('strict: true\nstrict: false\n')).toEqual([
      { line: 2, column: 1, key: '', message: 'YAML syntax error: Map keys must be unique' },
    ]);
    expect(await problemsOf('strict: true\n---\nstrict: false\n')).toEqual([
      {
        line: 2,
        column: 1,
        key: '',
        message:
          'a config file holds a single YAML document; remove this second document (and its `---`)',
      },
    ]);
  });

  it('says what the file should be when it is not a mapping', async () => {
    expect(await problemsOf('- recommended\n- strict\n')).toEqual([
      {
        line: 1,
        column: 1,
        key: '',
        message:
          'the configuration must be a mapping of settings such as extends, fail-on and rules (got a list)',
      },
    ]);
  });

  it('points at the key when a value is missing', async () => {
    expect(await problemsOf('fail-on:\nstrict: true\n')).toEqual([
      {
        line: 1,
        column: 1,
        key: 'fail-on',
        message: 'fail-on must be one of error, warning, never (got nothing)',
      },
    ]);
  });

  it('locates a value given through a YAML alias where the alias is used', async () => {
    const text = 'fail-on: &level warn\nrules: &shared\n  hardcoded-paths: { severity: *level }\n';
    expect(await problemsOf(text)).toEqual([
      {
        line: 1,
        column: 17,
        key: 'fail-on',
        message:
          "fail-on must be one of error, warning, never (got 'warn'; did you mean 'warning'?)",
      },
      {
        line: 3,
        column: 32,
        key: 'rules.hardcoded-paths.severity',
        message:
          "rules.hardcoded-paths.severity must be one of off, note, warning, error (got 'warn'; did you mean 'warning'?)",
      },
    ]);
  });

  it('refuses an alias bomb with a located message instead of expanding it', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const problems = await problemsOf(levels.join('\n') + '\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column: 1, key: '' });
    expect(problems[0].message).toMatch(/^the YAML could not be read: .*alias/i);
  });

  it('renders file:line:col: message lines', async () => {
    const error = await resolveText('fail-on: warn\nrules:\n  hardcoded-path: off\n').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.format()).toBe(
      [
        ".github/handoff.yml:1:10: fail-on must be one of error, warning, never (got 'warn'; did you mean 'warning'?)",
        ".github/handoff.yml:3:3: unknown rule 'hardcoded-path'; did you mean 'hardcoded-paths'?",
      ].join('\n'),
    );
    expect(error.message).toBe(error.format());
  });
});

describe('rule options', () => {
  it('validates options against the rule schema, at the value that is wrong', async () => {
    const text = [
      'rules:',
      '  pinned-dependencies:',
      '    options:',
      '      mode: exact',
      '      max-age-days: 0',
      '      docker:',
      '        digest: "yes"',
      '        registry: []',
      '',
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      {
        line: 5,
        column: 21,
        key: 'rules.pinned-dependencies.options.max-age-days',
        message: 'rules.pinned-dependencies.options.max-age-days must be at least 1 (got 0)',
      },
      {
        line: 7,
        column: 17,
        key: 'rules.pinned-dependencies.options.docker.digest',
        message:
          "rules.pinned-dependencies.options.docker.digest must be true or false (got 'yes')",
      },
      {
        line: 8,
        column: 9,
        key: 'rules.pinned-dependencies.options.docker.registry',
        message:
          "unknown option 'registry' in rules.pinned-dependencies.options.docker; did you mean 'registries'?",
      },
    ]);
  });

  it('checks options of a rule that is off when options are written for it', async () => {
    const problems = await problemsOf(
      'rules:\n  pinned-dependencies: { severity: off, options: { mode: strictest } }\n',
    );
    expect(problems).toEqual([
      {
        line: 2,
        column: 58,
        key: 'rules.pinned-dependencies.options.mode',
        message:
          "rules.pinned-dependencies.options.mode must be one of exact, lock (got 'strictest')",
      },
    ]);
  });

  it('blames the pack that wrote a bad option, not the config that extends it', async () => {
    const resolvePack = inlinePacks({
      team: 'rules:\n  pinned-dependencies:\n    options:\n      mode: locked\n',
    });
    const error = await resolveText('extends: [recommended, team]\n', { resolvePack }).catch(
      (e) => e,
    );
    expect(error.format()).toBe(
      "packs/team.yml:4:13: rules.pinned-dependencies.options.mode must be one of exact, lock (got 'locked'; did you mean 'lock'?)",
    );
  });

  it('uses a draft-07 options schema when the rule declares one', async () => {
    const legacy: RuleMeta = {
      id: 'legacy-rule',
      title: 'legacy',
      defaultSeverity: 'note',
      recommended: true,
      docs: { what: '', why: '', example: '', instead: '' },
      optionsSchema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { depth: { type: 'integer', default: 3 } },
        additionalProperties: false,
      },
    };
    const config = await resolveText('', { rules: [legacy] });
    expect(config.rules.get('legacy-rule')!.options).toEqual({ depth: 3 });
    expect(
      await problemsOf('rules:\n  legacy-rule:\n    options: { depth: deep }\n', {
        rules: [legacy],
      }),
    ).toEqual([
      {
        line: 3,
        column: 23,
        key: 'rules.legacy-rule.options.depth',
        message: "rules.legacy-rule.options.depth must be a whole number (got 'deep')",
      },
    ]);
  });

  it('reports a rule whose own schema or defaults are broken as a bug in the rule', async () => {
    const broken: RuleMeta = {
      id: 'broken-rule',
      title: 'broken',
      defaultSeverity: 'warning',
      recommended: true,
      docs: { what: '', why: '', example: '', instead: '' },
      optionsSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } },
    };
    const badDefaults: RuleMeta = {
      ...broken,
      id: 'bad-defaults',
      optionsSchema: { type: 'object', properties: { n: { type: 'integer' } } },
      defaultOptions: { n: 'three' },
    };
    const problems = await problemsOf('rules:\n  broken-rule: warning\n', {
      rules: [broken, badDefaults],
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ line: 1, column: 1, key: 'rules.bad-defaults.options.n' });
    expect(problems[0].message).toMatch(/default options of rule 'bad-defaults'.*bug in the rule/);
    expect(problems[1]).toMatchObject({ line: 2, column: 3, key: 'rules.broken-rule' });
    expect(problems[1].message).toMatch(/options schema that cannot be used.*bug in the rule/);
  });
});

describe('shipped packs', () => {
  it('loads the shipped files from the rules folder', async () => {
    const root = folder();
    writeFileSync(join(root, 'handoff.yml'), 'extends: [strict]\n');
    const config = await loadConfig(root, { rules: METAS });
    expect(config.strict).toBe(true);
  });
});
