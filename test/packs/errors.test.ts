// A pack that cannot be used fails with every problem at its file:line:col, as a config does.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { MAX_PACK_BYTES } from '../../src/packs/load.js';
import { folder, loadPack, oneRule, packYaml } from './helpers.js';

async function problems(text: string | number): Promise<string[]> {
  const dir = folder({ 'pack.yml': text });
  try {
    await loadPack(dir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.format().split('\n');
  }
  throw new Error('expected the pack to be refused');
}

describe('schema errors', () => {
  it('reports each at its line and column, with what was expected', async () => {
    const text = [
      'name: t', // 1
      'version: 1.0', // 2
      "engine: '*'", // 3
      'rules:', // 4
      '  - id: r', // 5
      '    title: T', // 6
      '    severty: error', // 7
      '    docs: { what: w, why: y }', // 8
      '    match:', // 9
      "      regx: 'x'", // 10
      '',
    ].join('\n');
    expect(await problems(text)).toEqual([
      'pack.yml:2:10: version must be a semantic version such as 1.0.0 (got 1)',
      "pack.yml:7:5: unknown key 'severty' in rules[0]; did you mean 'severity'?",
      "pack.yml:8:11: rules[0].docs is missing the required key 'fix'",
      "pack.yml:10:7: unknown key 'regx' in rules[0].match; did you mean 'regex'?",
    ]);
  });

  it('reports YAML syntax errors, empty, binary, oversized and deeply nested files', async () => {
    expect(await problems('name: t\nrules: [\n')).toEqual([
      expect.stringMatching(/^pack\.yml:3:1: YAML syntax error/),
    ]);
    expect(await problems('')).toEqual([
      'pack.yml:1:1: the pack file is empty; a pack needs name, version, engine and rules',
    ]);
    expect(await problems('name: t\0')).toEqual([
      'pack.yml:1:1: pack file is binary, not YAML or JSON text',
    ]);
    expect(await problems(MAX_PACK_BYTES + 1)).toEqual([
      `pack.yml:1:1: pack file is ${MAX_PACK_BYTES + 1} bytes; the limit is ${MAX_PACK_BYTES} bytes`,
    ]);
    expect(await problems(`${'{not: '.repeat(5000)}{}${'}'.repeat(5000)}`)).toEqual([
      'pack.yml:1:1: the pack is nested more than 64 levels deep; not read',
    ]);
  });
});

describe('semantic errors', () => {
  it('locates regex and message problems inside their strings', async () => {
    expect(await problems(oneRule("regex: 'a(b'"))).toEqual([
      'pack.yml:9:14: invalid RE2 regular expression: missing closing ): `a(b`',
    ]);
    // Lookarounds are not RE2: the pack is refused rather than run on a backtracking engine.
    expect(await problems(oneRule("regex: '(?=x)y'"))).toEqual([
      expect.stringMatching(/^pack\.yml:9:14: invalid RE2 regular expression: .*\(\?=/),
    ]);
    expect(
      await problems(oneRule("regex: '(?P<fn>print)'", "    message: 'bad {{fnn}} here'\n")),
    ).toEqual([
      "pack.yml:8:19: {{fnn}} is not captured by this rule's matcher; it captures {{1}}, {{file}}, {{fn}}, {{match}}",
    ]);
    expect(await problems(oneRule("regex: 'x'", "    message: 'bad {{ here'\n"))).toEqual([
      "pack.yml:8:19: '{{' must open a placeholder such as {{name}}: one name of letters, digits, '_', '.' or '-', closed by '}}'",
    ]);
  });

  it('locates an invalid query at its line and column in the block', async () => {
    const query = [
      'query:',
      '  pattern: |',
      '    (call',
      '      function: (identifer) @fn)',
      '',
    ].join('\n');
    expect(await problems(oneRule(query))).toEqual([
      "pack.yml:12:24: invalid tree-sitter query: Bad node name 'identifer'",
    ]);
    const noCapture = oneRule("query: '(call)'");
    expect(await problems(noCapture)).toEqual([
      'pack.yml:9:14: a query needs at least one capture (@name) to place its findings on',
    ]);
    const badPredicate = oneRule('query: \'((identifier) @x (#match? @x "(a"))\'');
    expect(await problems(badPredicate)).toEqual([
      'pack.yml:9:33: #match?: invalid RE2 regular expression: missing closing ): `(a`',
    ]);
    const unknownPredicate = oneRule('query: \'((identifier) @x (#lua-match? @x "a"))\'');
    expect(await problems(unknownPredicate)).toEqual([
      expect.stringMatching(
        /^pack\.yml:9:33: unsupported predicate #lua-match\?; supported are #eq\?/,
      ),
    ]);
    const badAt = oneRule("query: { pattern: '(identifier) @x', at: y }");
    expect(await problems(badAt)).toEqual([
      "pack.yml:9:48: 'y' is not a capture of the query; its captures are @x",
    ]);
  });

  it('refuses ids outside the namespace, duplicates and misused composition', async () => {
    const rule = (id: string, match: string) =>
      `  - id: ${id}\n    title: T\n    docs: { what: w, why: y, fix: f }\n    match: ${match}\n`;
    expect(
      await problems(
        packYaml(
          [
            rule('other/r', "{ regex: 'x' }"),
            rule('a', "{ regex: 'x' }"),
            rule('t/a', "{ regex: 'x' }"),
            rule('b', "{ inside: { regex: 'x' } }"),
            rule('c', "{ all: [ { inside: { regex: 'x' } } ] }"),
            rule('d', "{ regex: 'x', call: f }"),
            rule('e', "{ call: 'torch..load' }"),
            rule('f', '{ key: { path: a, equals: 1, missing: true } }'),
            rule('g', "{ file-exists: '{{dir}}/x.md' }"),
            rule('h', "{ import: 'not a module' }"),
            rule('i', "{ file-exists: '{{folder}}/x.md' }"),
          ].join(''),
        ),
      ),
    ).toEqual([
      "pack.yml:5:9: rule id 'other/r' must start with the pack name: 't/...'",
      "pack.yml:13:9: rule id 't/a' is already used by rules[1]",
      'pack.yml:20:14: inside keeps the matches of another matcher: use it as a member of all, next to that matcher',
      'pack.yml:24:19: all needs a matcher besides inside: inside only keeps the matches of the others',
      'pack.yml:28:26: a matcher has exactly one kind, this one has regex and call; combine them with all or any',
      "pack.yml:32:20: 'torch..load' is not a qualified name: write dotted Python names such as torch.load, with * for any segments (*.fit)",
      'pack.yml:36:41: a key matcher takes one condition; it has equals and missing',
      'pack.yml:37:5: a rule with file-exists needs files: the files that must each have the companion file',
      "pack.yml:44:22: 'not a module' is not a module name: write a dotted Python module such as sklearn.model_selection",
      'pack.yml:48:27: unknown placeholder {{folder}}; a path may use {{file}}, {{dir}}, {{name}}, {{stem}}, {{ext}}',
    ]);
  });

  it('checks the engine range against this version', async () => {
    const engine = (range: string) =>
      packYaml('', `engine: '${range}'\n`).replace("engine: '*'\n", '');
    const rules =
      '  - id: r\n    title: T\n    docs: { what: w, why: y, fix: f }\n    match: { regex: x }\n';
    expect(await problems(engine('>=99.0.0') + rules)).toEqual([
      expect.stringMatching(
        /^pack\.yml:3:9: pack 't' needs handoff-gate >=99\.0\.0, but this is \d+\.\d+\.\d+/,
      ),
    ]);
    expect(await problems(engine('>=banana') + rules)).toEqual([
      "pack.yml:3:9: engine must be a version range such as '>=0.1.0 <2': '>=banana' is not a version or a comparison with one",
    ]);
  });
});
