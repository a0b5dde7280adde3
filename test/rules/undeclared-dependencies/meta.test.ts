import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readOptions, undeclaredDependencies } from '../../../src/rules/undeclared-dependencies.js';

describe('undeclared-dependencies metadata', () => {
  const { meta } = undeclaredDependencies;
  const validate = new Ajv2020({ strict: true }).compile(meta.optionsSchema!);

  it('has an options schema that compiles strictly and accepts the defaults', () => {
    expect(validate(meta.defaultOptions)).toBe(true);
    expect(
      validate({
        modules: { corp_utils: 'corp-utils', cv2: ['opencv-python-headless'] },
        ignore: ['mycorp_*'],
        firstParty: ['generated_pb2'],
        reportGuarded: true,
        pythonVersion: '>=3.10',
      }),
    ).toBe(true);
  });

  it.each([
    [{ modules: { a: 3 } }],
    [{ modules: { a: [] } }],
    [{ firstParty: ['not-an-identifier'] }],
    [{ ignore: [''] }],
    [{ unknownOption: true }],
  ])('rejects %j', (options) => {
    expect(validate(options)).toBe(false);
  });

  it('documents every option and the four docs parts', () => {
    const properties = (
      meta.optionsSchema as { properties: Record<string, { description?: string }> }
    ).properties;
    for (const [name, schema] of Object.entries(properties))
      expect(schema.description, name).toBeTruthy();
    expect(Object.keys(properties).sort()).toEqual(Object.keys(meta.defaultOptions!).sort());
    for (const part of [meta.docs.what, meta.docs.why, meta.docs.example, meta.docs.instead])
      expect(part.length).toBeGreaterThan(40);
  });

  it('reads options defensively', () => {
    expect(readOptions({})).toEqual(meta.defaultOptions);
    expect(readOptions({ ignore: 'x', reportGuarded: 'yes', pythonVersion: 3 }).ignore).toEqual([]);
  });
});
