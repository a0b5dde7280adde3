// Policy from the base commit, with real repositories: a PR that relaxes the config is still
// judged by the base and told what it would change; the other cases fall back to the PR's own
// policy and say why.
import { symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigDocument } from '../../src/config/yaml-document.js';
import type { PackResolver, ResolvedConfig } from '../../src/config/types.js';
import { describePolicyChange } from '../../src/github/policy-diff.js';
import { basePackResolver } from '../../src/github/base-packs.js';
import { policyFromBase, revisionReader, type RevisionReader } from '../../src/github/policy.js';
import { createPackResolver } from '../../src/packs/resolve.js';
import { ensureCommit } from '../../src/workspace/git.js';
import { allRuleMetas } from '../../src/run.js';
import { runGit } from '../support/tree.js';
import { hasCommit, pullRequestRepo, shallowClone, type PullRequestRepo } from './git-fixture.js';

const STRICT_POLICY = 'extends: []\nfail-on: error\nrules:\n  hardcoded-paths: error\n';
const RELAXED_POLICY = 'extends: []\nfail-on: never\nrules:\n  hardcoded-paths: "off"\n';

let repo: PullRequestRepo | undefined;
afterEach(() => repo?.remove());

function checkout(base: Record<string, string>, head: Record<string, string | null>) {
  repo = pullRequestRepo({ base: { 'src/a.py': 'x = 1\n', ...base }, head });
  return { root: shallowClone(repo), baseSha: repo.baseSha };
}

const rules = allRuleMetas();

describe('policyFromBase', () => {
  it('judges a PR that relaxes the config by the base, and names what would change', async () => {
    const { root, baseSha } = checkout(
      { '.github/handoff.yml': STRICT_POLICY },
      { '.github/handoff.yml': RELAXED_POLICY },
    );
    expect(hasCommit(root, baseSha)).toBe(false);
    const policy = await policyFromBase({ root, baseSha, rules });
    expect(hasCommit(root, baseSha)).toBe(true);
    expect(policy.source).toBe('base');
    expect(policy.config?.rules.get('hardcoded-paths')?.severity).toBe('error');
    expect(policy.config?.failOn).toBe('error');
    expect(policy.config?.source).toBe(`.github/handoff.yml at base ${baseSha.slice(0, 7)}`);
    expect(policy.notices).toHaveLength(1);
    expect(policy.notices[0]).toContain('This pull request changes the handoff-gate policy');
    expect(policy.notices[0]).toContain('fail-on: error → never');
    expect(policy.notices[0]).toContain('hardcoded-paths: error → off');
    expect(await policy.readBase?.('.github/handoff.yml')).toBe(STRICT_POLICY);
  });

  it('says nothing when the PR leaves the policy alone', async () => {
    const { root, baseSha } = checkout(
      { '.github/handoff.yml': STRICT_POLICY },
      { 'src/b.py': '' },
    );
    const policy = await policyFromBase({ root, baseSha, rules });
    expect(policy).toMatchObject({ source: 'base', notices: [] });
  });

  it('uses the PR’s own policy when the base has none, and says so', async () => {
    const { root, baseSha } = checkout({}, { 'handoff.yml': RELAXED_POLICY });
    const policy = await policyFromBase({ root, baseSha, rules });
    expect(policy.source).toBe('head');
    expect(policy.config).toBeUndefined();
    expect(policy.notices[0]).toMatch(/no handoff-gate policy on the base branch.*handoff\.yml/);
  });

  it('is silent with no policy on either side (the defaults apply)', async () => {
    const { root, baseSha } = checkout({}, { 'src/b.py': '' });
    expect(await policyFromBase({ root, baseSha, rules })).toMatchObject({
      source: 'head',
      notices: [],
    });
  });

  it('lets a PR repair a broken base policy instead of blocking it', async () => {
    const { root, baseSha } = checkout(
      { '.github/handoff.yml': 'rules:\n  hardcoded-path: error\n' },
      { '.github/handoff.yml': STRICT_POLICY },
    );
    const policy = await policyFromBase({ root, baseSha, rules });
    expect(policy.source).toBe('head');
    expect(policy.notices[0]).toMatch(
      /on the base branch .* is invalid \(line 2: .*hardcoded-path/,
    );
  });

  it('keeps the base when the PR breaks the policy, and warns it would fail after merge', async () => {
    const { root, baseSha } = checkout(
      { '.github/handoff.yml': STRICT_POLICY },
      { '.github/handoff.yml': 'fail-on: sometimes\n' },
    );
    const policy = await policyFromBase({ root, baseSha, rules });
    expect(policy.source).toBe('base');
    expect(policy.notices[0]).toMatch(/policy has errors \(\.github\/handoff\.yml:1: /);
  });

  it('reads the config input’s path at the base, and refuses a base config that is a link', async () => {
    const { root, baseSha } = checkout(
      { 'ci/gate.yml': STRICT_POLICY },
      { 'ci/gate.yml': RELAXED_POLICY },
    );
    const policy = await policyFromBase({ root, baseSha, rules, configFile: 'ci/gate.yml' });
    expect(policy.config?.rules.get('hardcoded-paths')?.severity).toBe('error');
    repo?.remove();
    const linked = checkout({}, {});
    // A link committed on base: git stores the target text, which must not be read as policy.
    symlinkSync('/etc/passwd', join(repo!.upstream, 'handoff.yml'));
    runGit(repo!.upstream, ['add', 'handoff.yml']);
    runGit(repo!.upstream, ['commit', '-q', '-m', 'link']);
    const linkBase = runGit(repo!.upstream, ['rev-parse', 'HEAD']).trim();
    const refused = await policyFromBase({ root: linked.root, baseSha: linkBase, rules });
    expect(refused.source).toBe('head');
    expect(refused.notices[0]).toMatch(/cannot be used \(handoff\.yml at .* symbolic link/);
  });

  it('falls back to the PR’s policy when the base commit cannot be fetched', async () => {
    const { root } = checkout({ '.github/handoff.yml': STRICT_POLICY }, {});
    const policy = await policyFromBase({ root, baseSha: '9'.repeat(40), rules });
    expect(policy.source).toBe('head');
    expect(policy.notices[0]).toMatch(/base commit 9999999 could not be fetched/);
  });

  it('resolves local packs from the base through the reader it hands out', async () => {
    const pack = (severity: string) => `rules:\n  hardcoded-paths: ${severity}\n`;
    const { root, baseSha } = checkout(
      { '.github/handoff.yml': 'extends: [./packs/team.yml]\n', 'packs/team.yml': pack('error') },
      { 'packs/team.yml': pack('note') },
    );
    const resolverFor =
      (read: (path: string) => Promise<string | undefined>): PackResolver =>
      async (entry) => {
        const text = await read(entry.replace(/^\.\//, ''));
        return text === undefined
          ? undefined
          : { name: entry, document: parseConfigDocument(text, entry).document };
      };
    const headReader: RevisionReader = (path) => readFile(join(root, path), 'utf8');
    const policy = await policyFromBase({
      root,
      baseSha,
      rules,
      resolvePack: resolverFor(headReader),
      resolvePackAt: resolverFor,
    });
    expect(policy.config?.rules.get('hardcoded-paths')?.severity).toBe('error');
    expect(policy.notices[0]).toContain('hardcoded-paths: error → note');
  });
});

describe('describePolicyChange', () => {
  const base: ResolvedConfig = {
    source: 'a',
    strict: false,
    paths: ['src/**'],
    ignore: ['legacy/**'],
    maxFileSize: 5 * 1024 * 1024,
    rules: new Map([
      ['hardcoded-paths', { severity: 'error', options: { extra: ['/mnt'] }, ignore: [] }],
      ['model-interface', { severity: 'off', options: { a: 1 }, ignore: [] }],
    ]),
    contracts: [],
    raw: {},
  };

  it('lists severity, option, ignore and global changes; ignores what cannot matter', () => {
    const head: ResolvedConfig = {
      ...base,
      failOn: 'warning',
      strict: true,
      ignore: ['legacy/**', 'notebooks/**'],
      maxFileSize: 1024 * 1024,
      rules: new Map([
        [
          'hardcoded-paths',
          { severity: 'warning', options: { extra: ['/mnt', '/data'] }, ignore: ['x/**'] },
        ],
        ['model-interface', { severity: 'off', options: { a: 2 }, ignore: [] }],
      ]),
    };
    expect(describePolicyChange(base, head)).toEqual([
      'fail-on: error → warning',
      'strict: false → true',
      'ignore: adds `notebooks/**`',
      'max-file-size: 5 MiB → 1 MiB',
      'hardcoded-paths: error → warning',
      'hardcoded-paths option extra: ["/mnt"] → ["/mnt","/data"]',
      'hardcoded-paths ignore: adds `x/**`',
    ]);
    expect(describePolicyChange(base, { ...base })).toEqual([]);
  });
});

describe('basePackResolver', () => {
  const team = (severity: string) => `rules:\n  hardcoded-paths: ${severity}\n`;

  it('reads a local pack the PR relaxed from the base commit, folders included', async () => {
    const { root, baseSha } = checkout(
      {
        '.github/handoff.yml': 'extends: [./packs/team.yml, ./packs/shared]\n',
        'packs/team.yml': team('error'),
        'packs/shared/handoff-pack.yml': 'fail-on: warning\n',
      },
      { 'packs/team.yml': team('"off"'), 'packs/shared/handoff-pack.yml': 'fail-on: never\n' },
    );
    const policy = await policyFromBase({
      root,
      baseSha,
      rules,
      resolvePack: createPackResolver({ root }),
      resolvePackAt: (read) => basePackResolver({ root, read, head: createPackResolver({ root }) }),
    });
    expect(policy.source).toBe('base');
    expect(policy.config?.rules.get('hardcoded-paths')?.severity).toBe('error');
    expect(policy.config?.failOn).toBe('warning');
    expect(policy.notices[0]).toContain('fail-on: warning → never');
    expect(policy.notices[0]).toContain('hardcoded-paths: error → off');
  });

  it('loads a module pack from the checkout and says when the PR changed it', async () => {
    const { root, baseSha } = checkout(
      { 'packs/team.mjs': 'export default {};\n', 'packs/same.mjs': 'export default {};\n' },
      { 'packs/team.mjs': 'export default { changed: true };\n' },
    );
    const changed: string[] = [];
    const headPack = { name: 'from-head', document: parseConfigDocument('', 'x').document };
    const resolver = basePackResolver({
      root,
      read: revisionReader(root, baseSha),
      head: async () => headPack,
      onChangedModule: (entry) => changed.push(entry),
    });
    await ensureCommit(root, baseSha);
    const from = parseConfigDocument('', '.github/handoff.yml').document;
    expect(await resolver('./packs/team.mjs', from)).toBe(headPack);
    expect(await resolver('./packs/same.mjs', from)).toBe(headPack);
    expect(changed).toEqual(['./packs/team.mjs']);
    await expect(resolver('./packs/missing.yml', from)).rejects.toThrow(/not in the base commit/);
    expect(() => resolver('../outside.yml', from)).toThrow(/outside the repository/);
  });
});
