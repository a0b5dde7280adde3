import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RULE_ID } from '../../src/config/merge.js';
import { builtinPack, BUILTIN_PACKS } from '../../src/config/packs.js';
import { configSchema, validateDocument } from '../../src/config/schema.js';
import { shippedPath } from '../../src/config/shipped.js';
import { parseConfigDocument } from '../../src/config/yaml-document.js';

const PUBLIC_RULE_IDS = [
  'hardcoded-paths',
  'pinned-dependencies',
  'undeclared-dependencies',
  'train-predict-separation',
  'model-interface',
  'schema-acceptance',
];
const ENGINE_RULE_IDS = ['parse-error', 'unused-suppression', 'internal-error'];

describe('config.schema.json', () => {
  it('is a valid draft 2020-12 schema under ajv strict mode', () => {
    const ajv = new Ajv2020Module.default({ strict: true, allowUnionTypes: true });
    for (const keyword of ['errorMessage', 'patternErrorMessage']) ajv.addKeyword(keyword);
    expect(() => ajv.compile(configSchema())).not.toThrow();
  });

  it('describes every top-level key for editors', () => {
    const properties = configSchema().properties as Record<string, { description?: string }>;
    expect(Object.keys(properties).sort()).toEqual(
      [
        'contracts',
        'extends',
        'fail-on',
        'ignore',
        'max-file-size',
        'paths',
        'rules',
        'strict',
      ].sort(),
    );
    for (const [key, value] of Object.entries(properties)) {
      expect(value.description, key).toMatch(/\w{3,}/);
    }
  });

  it('offers completion for every built-in and engine rule id', () => {
    const rules = (configSchema().properties as Record<string, Record<string, unknown>>).rules;
    expect(Object.keys(rules.properties as object).sort()).toEqual(
      [...PUBLIC_RULE_IDS, ...ENGINE_RULE_IDS].sort(),
    );
  });

  it('uses the same rule id pattern as the loader', () => {
    const rules = (configSchema().properties as Record<string, Record<string, unknown>>).rules;
    const pattern = (rules.propertyNames as { pattern: string }).pattern;
    expect(new RegExp(pattern).source).toBe(RULE_ID.source);
    for (const id of [...PUBLIC_RULE_IDS, 'my-pack/rule.v2']) expect(RULE_ID.test(id)).toBe(true);
    for (const id of ['', '-x', 'a b', 'pack//rule', 'rule/']) expect(RULE_ID.test(id)).toBe(false);
  });

  it('accepts the example from the task description', () => {
    const text = [
      'extends: recommended',
      'fail-on: error',
      'strict: false',
      'paths: ["src/**"]',
      'ignore: ["legacy/**"]',
      'max-file-size: 5MiB',
      'rules:',
      '  hardcoded-paths: warning',
      '  pinned-dependencies:',
      '    severity: error',
      '    options: { mode: lock }',
      '    ignore: ["docs/**"]',
      'contracts: [contracts/model.yml, { name: churn, entrypoint: src/predict.py }]',
      '',
    ].join('\n');
    expect(validateDocument(parseConfigDocument(text, 'handoff.yml').document)).toEqual([]);
  });
});

describe('shipped files', () => {
  it('finds the rules folder of the package and says clearly when a file is missing', () => {
    expect(shippedPath('recommended.yml')).toBe(
      fileURLToPath(new URL('../../rules/recommended.yml', import.meta.url)),
    );
    expect(() => shippedPath('no-such-pack.yml')).toThrow(
      /missing its shipped file rules\/no-such-pack\.yml/,
    );
  });
});

describe('shipped packs', () => {
  it.each(BUILTIN_PACKS)('%s parses, validates and names only public rule ids', (name) => {
    const { pack, problems } = builtinPack(name)!;
    expect(problems).toEqual([]);
    expect(validateDocument(pack.document)).toEqual([]);
    const ids = Object.keys((pack.document.data.rules as object) ?? {});
    for (const id of ids) expect([...PUBLIC_RULE_IDS, ...ENGINE_RULE_IDS]).toContain(id);
  });

  it('strict extends recommended and turns strict mode on', () => {
    const strict = builtinPack('strict')!.pack.document.data;
    expect(strict.extends).toBe('recommended');
    expect(strict.strict).toBe(true);
    const rules = strict.rules as Record<string, string>;
    for (const id of PUBLIC_RULE_IDS) expect(rules[id]).toBe('error');
  });

  it('only recommended turns on recommended rules from their metadata', () => {
    expect(builtinPack('recommended')!.pack.enableRecommended).toBe(true);
    expect(builtinPack('strict')!.pack.enableRecommended).toBe(false);
    expect(builtinPack('custom')).toBeUndefined();
  });
});
