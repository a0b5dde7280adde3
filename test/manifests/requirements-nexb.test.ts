// The requirements parser agrees with nexB's pip-requirements-parser expectations on every peer
// file: names, specifiers, hashes, editable flags, extras and line numbers of requirements, the
// -r/-c includes, and which lines are invalid. Where we judge nexB wrong (or deliberately differ),
// the case is listed with its reason in nexb-disagreements.json, and the list must stay exact.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseRequirementsText,
  type RequirementsFile,
} from '../../src/manifests/requirements-file.js';

const ROOT = join(__dirname, '../fixtures/manifests/peer/requirements');
const DISAGREEMENTS: Disagreement[] = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/manifests/nexb-disagreements.json'), 'utf8'),
).disagreements;

interface Disagreement {
  file: string;
  line: number;
  field: string;
  reason: string;
}

interface NexbRequirement {
  name: string | null;
  specifier: string[];
  is_editable: boolean;
  hash_options: string[];
  extras: string[];
  requirement_line: { line_number: number };
}

interface NexbFile {
  requirements: NexbRequirement[];
  options: { line_number: number; requirements?: string[]; constraints?: string[] }[];
  invalid_lines: { line_number: number }[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const pairs = walk(ROOT)
  .filter((path) => path.endsWith('.txt-expected.json'))
  .flatMap((expected) => {
    try {
      return [
        {
          expected: JSON.parse(readFileSync(expected, 'utf8')) as NexbFile,
          input: expected.replace(/-expected\.json$/, ''),
        },
      ];
    } catch {
      return []; // recursive_3.txt-expected.json holds requirement text, not JSON (kept as upstream has it)
    }
  });

const spec = (items: string[]) =>
  items
    .map((item) => item.replace(/\s+/g, ''))
    .sort()
    .join(',');

/** Field-by-field differences between nexB's expectation and our parse, keyed like the disagreement list. */
function differences(
  file: string,
  nexb: NexbFile,
  ours: RequirementsFile,
): { line: number; field: string; detail: string }[] {
  const found: { line: number; field: string; detail: string }[] = [];
  const byLine = new Map(ours.entries.map((entry) => [entry.line, entry]));
  for (const expected of nexb.requirements) {
    const line = expected.requirement_line.line_number;
    const entry = byLine.get(line);
    if (!entry) {
      found.push({
        line,
        field: 'requirement',
        detail: `nexB has ${expected.name ?? '(no name)'}, we have none`,
      });
      continue;
    }
    byLine.delete(line);
    const a = entry.analysis;
    const name = a.nameFrom === 'derived' ? null : (a.name ?? null);
    const checks: [string, unknown, unknown][] = [
      ['name', name, expected.name],
      ['specifier', spec(a.specifier ? a.specifier.split(',') : []), spec(expected.specifier)],
      ['editable', entry.editable, expected.is_editable],
      ['hashes', entry.hashes.join(','), expected.hash_options.join(',')],
      [
        'extras',
        a.extras
          .map((x) => x.toLowerCase())
          .sort()
          .join(','),
        [...expected.extras].sort().join(','),
      ],
    ];
    for (const [field, mine, theirs] of checks) {
      if (mine !== theirs)
        found.push({
          line,
          field,
          detail: `ours ${JSON.stringify(mine)}, nexB ${JSON.stringify(theirs)}`,
        });
    }
  }
  for (const [line, entry] of byLine)
    found.push({
      line,
      field: 'requirement',
      detail: `we have ${entry.requirement}, nexB has none`,
    });

  const includes = (items: { line: number; path: string }[]) =>
    items
      .map((i) => `${i.line}:${i.path}`)
      .sort()
      .join(' ');
  const theirIncludes = nexb.options.flatMap((o) =>
    [...(o.requirements ?? []), ...(o.constraints ?? [])].map((path) => ({
      line: o.line_number,
      path,
    })),
  );
  if (includes(ours.includes) !== includes(theirIncludes))
    found.push({
      line: 0,
      field: 'includes',
      detail: `${includes(ours.includes)} vs ${includes(theirIncludes)}`,
    });

  const invalidOurs = new Set(ours.invalid.map((i) => i.line));
  const invalidTheirs = new Set(nexb.invalid_lines.map((i) => i.line_number));
  for (const line of new Set([...invalidOurs, ...invalidTheirs])) {
    if (invalidOurs.has(line) !== invalidTheirs.has(line)) {
      found.push({
        line,
        field: 'invalid',
        detail: invalidOurs.has(line) ? 'we mark it invalid' : 'nexB marks it invalid',
      });
    }
  }
  void file;
  return found;
}

describe('requirements parser vs nexB pip-requirements-parser', () => {
  it('reads every peer pair', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(85);
  });

  const seen = new Set<string>();
  for (const { expected, input } of pairs) {
    const file = relative(ROOT, input);
    it(`agrees on ${file}`, () => {
      const ours = parseRequirementsText(readFileSync(input, 'utf8'));
      for (const diff of differences(file, expected, ours)) {
        const listed = DISAGREEMENTS.find(
          (d) => d.file === file && d.line === diff.line && d.field === diff.field,
        );
        expect(listed, `${file}:${diff.line} ${diff.field}: ${diff.detail}`).toBeDefined();
        seen.add(`${file}:${diff.line}:${diff.field}`);
      }
    });
  }

  it('lists no disagreement that no longer occurs', () => {
    const stale = DISAGREEMENTS.filter((d) => !seen.has(`${d.file}:${d.line}:${d.field}`));
    expect(stale).toEqual([]);
  });

  it('counts requirements like nexB on the large real-world files', () => {
    const real = pairs.filter((p) => p.input.includes('more-requirements'));
    const totalOurs = real.reduce(
      (n, p) => n + parseRequirementsText(readFileSync(p.input, 'utf8')).entries.length,
      0,
    );
    const totalTheirs = real.reduce((n, p) => n + p.expected.requirements.length, 0);
    // fabric==dev and the two egg-versioned VCS lines are kept (see the disagreement list).
    expect(totalOurs).toBe(totalTheirs + 3);
  });
});
