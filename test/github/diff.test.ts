// Changed lines from unified diffs: the API's per-file patches and whole `git diff` output,
// checked against hand-written hunks, an independent diff generator (property) and real git.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addedLines, parseGitDiff, unquote } from '../../src/workspace/changed.js';
import { tempFolder } from '../support/tree.js';

describe('addedLines', () => {
  it('counts + lines in the new file, skipping - lines and no-newline markers', () => {
    const patch = [
      '@@ -1,4 +1,5 @@ def load():',
      ' import os',
      '-DATA = "/home/a"',
      '+DATA = os.environ["DATA"]',
      '+CACHE = "/tmp/x"',
      ' ',
      ' def f():',
      '@@ -40,2 +41,3 @@',
      ' x = 1',
      '+y = 2',
      ' z = 3',
      '\\ No newline at end of file',
    ].join('\n');
    expect([...addedLines(patch)]).toEqual([2, 3, 42]);
  });

  it('reads zero-context hunks, a new file, and a hunk header without counts', () => {
    expect([...addedLines('@@ -0,0 +1,3 @@\n+a\n+b\n+c')]).toEqual([1, 2, 3]);
    expect([...addedLines('@@ -5 +5 @@\n-old\n+new')]).toEqual([5]);
    expect([...addedLines('@@ -3,2 +2,0 @@\n-gone\n-gone')]).toEqual([]);
  });

  it('ignores text before the first hunk and survives a patch cut short', () => {
    expect([...addedLines('garbage\n+not a line\n@@ -1 +1,2 @@\n a\n+b\n+c')]).toEqual([2, 3]);
    expect([...addedLines('')]).toEqual([]);
  });
});

describe('parseGitDiff', () => {
  it('maps files to lines, whole binaries, renames, and leaves deleted files out', () => {
    const diff = [
      'diff --git src/a.py src/a.py',
      'index 1..2 100644',
      '--- src/a.py',
      '+++ src/a.py',
      '@@ -2 +2 @@',
      '-x',
      '+y',
      'diff --git img.png img.png',
      'new file mode 100644',
      'index 0..1',
      'Binary files /dev/null and img.png differ',
      'diff --git old name.py new name.py',
      'similarity index 90%',
      'rename from old name.py',
      'rename to new name.py',
      '--- old name.py',
      '+++ new name.py',
      '@@ -7,0 +8 @@',
      '+added',
      'diff --git moved.py other/moved.py',
      'similarity index 100%',
      'rename from moved.py',
      'rename to other/moved.py',
      'diff --git gone.py gone.py',
      'deleted file mode 100644',
      '--- gone.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git "tab\\there.py" "tab\\there.py"',
      '--- "tab\\there.py"',
      '+++ "tab\\there.py"',
      '@@ -0,0 +1 @@',
      '+z',
    ].join('\n');
    const changed = parseGitDiff(diff);
    expect(Object.fromEntries([...changed].map(([k, v]) => [k, v === 'all' ? v : [...v]]))).toEqual(
      {
        'src/a.py': [2],
        'img.png': 'all',
        'new name.py': [8],
        'other/moved.py': [],
        'tab\there.py': [1],
      },
    );
  });

  it('unquotes octal UTF-8 and C escapes as git prints them', () => {
    expect(unquote('"caf\\303\\251.py"')).toBe('café.py');
    expect(unquote('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(unquote('plain.py')).toBe('plain.py');
  });
});

// An edit script over lines: keep, delete or insert. From it a test builds the new file, the
// unified hunks (independently of the parser) and the added line numbers it must find.
type Op = { kind: 'keep' } | { kind: 'delete' } | { kind: 'insert'; text: string };

function apply(old: string[], ops: Op[]) {
  const lines: string[] = [];
  const added: number[] = [];
  const rows: { mark: ' ' | '-' | '+'; text: string; oldNo: number; newNo: number }[] = [];
  let i = 0;
  for (const op of ops) {
    if (op.kind === 'insert') {
      lines.push(op.text);
      added.push(lines.length);
      rows.push({ mark: '+', text: op.text, oldNo: i, newNo: lines.length });
    } else if (i < old.length) {
      if (op.kind === 'keep') {
        lines.push(old[i]);
        rows.push({ mark: ' ', text: old[i], oldNo: i + 1, newNo: lines.length });
      } else rows.push({ mark: '-', text: old[i], oldNo: i + 1, newNo: lines.length });
      i++;
    }
  }
  while (i < old.length) {
    lines.push(old[i]);
    rows.push({ mark: ' ', text: old[i], oldNo: i + 1, newNo: lines.length });
    i++;
  }
  return { lines, added, rows };
}

/** Unified hunks with `context` lines around each change, headers computed from the rows. */
function hunks(rows: ReturnType<typeof apply>['rows'], context: number): string {
  const changed = rows.map((r, i) => (r.mark !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (!changed.length) return '';
  const groups: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(rows.length - 1, i + context);
    const last = groups.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else groups.push([from, to]);
  }
  const out: string[] = [];
  for (const [from, to] of groups) {
    const slice = rows.slice(from, to + 1);
    const oldCount = slice.filter((r) => r.mark !== '+').length;
    const newCount = slice.filter((r) => r.mark !== '-').length;
    const first = rows[from];
    const oldStart = oldCount ? (first.mark === '+' ? first.oldNo + 1 : first.oldNo) : first.oldNo;
    const firstNew = slice.find((r) => r.mark !== '-');
    const newStart = newCount ? firstNew!.newNo : first.newNo;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const r of slice) out.push(`${r.mark}${r.text}`);
  }
  return out.join('\n');
}

const lineText = fc.stringMatching(/^[a-z =+\-@]{0,12}$/);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'keep' }),
  fc.constant<Op>({ kind: 'delete' }),
  lineText.map((text): Op => ({ kind: 'insert', text })),
);

describe('addedLines (property)', () => {
  it('finds exactly the inserted lines, whatever the context size', () => {
    fc.assert(
      fc.property(
        fc.array(lineText, { maxLength: 30 }),
        fc.array(opArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        (old, ops, context) => {
          const { rows, added } = apply(old, ops);
          expect([...addedLines(hunks(rows, context))]).toEqual(added);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

function isSubsequence(small: string[], big: string[]): boolean {
  let i = 0;
  for (const item of big) if (i < small.length && small[i] === item) i++;
  return i === small.length;
}

describe('addedLines against real git', () => {
  const dir = tempFolder('hg-diff');
  afterAll(() => dir.remove());

  it('agrees with git diff --no-index on random edits', () => {
    const samples = fc.sample(
      fc.tuple(fc.array(lineText, { maxLength: 25 }), fc.array(opArb, { maxLength: 30 })),
      { numRuns: 15, seed: 42 },
    );
    for (const [old, ops] of samples) {
      const { lines, added } = apply(old, ops);
      writeFileSync(join(dir.path, 'old.txt'), old.map((l) => `${l}\n`).join(''));
      writeFileSync(join(dir.path, 'new.txt'), lines.map((l) => `${l}\n`).join(''));
      let diff = '';
      try {
        execFileSync('git', ['diff', '--no-index', '-U0', '--no-color', 'old.txt', 'new.txt'], {
          cwd: dir.path,
          encoding: 'utf8',
        });
      } catch (error) {
        diff = (error as { stdout: string }).stdout; // exit 1: the files differ
      }
      const found = new Set(addedLines(diff));
      // git's diff is minimal on inputs this small: it adds exactly the lines outside a longest
      // common subsequence, and the lines it keeps are a subsequence of the old file.
      expect(found.size).toBe(lines.length - lcs(old, lines));
      expect(found.size).toBeLessThanOrEqual(added.length); // never more than the edit inserted
      expect(
        isSubsequence(
          lines.filter((_, i) => !found.has(i + 1)),
          old,
        ),
      ).toBe(true);
    }
  });
});

describe('hostile diffs', () => {
  it('never throw and only yield positive line numbers, whatever the text', () => {
    const piece = fc.constantFrom(
      '@@ -1 +1 @@',
      '@@ -0,0 +9999999,2 @@',
      '+x',
      '-y',
      ' z',
      '\\ No newline',
      'diff --git a a',
      '+++ "\\377\\"',
      'Binary files a and b differ',
      '',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 60 }), (lines) => {
        const text = lines.join('\n');
        for (const n of addedLines(text)) expect(Number.isInteger(n) && n >= 1).toBe(true);
        for (const [path, changed] of parseGitDiff(text)) {
          expect(typeof path).toBe('string');
          if (changed !== 'all') for (const n of changed) expect(Number.isInteger(n)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a 200,000-line patch in linear time', () => {
    const patch = '@@ -0,0 +1,200000 @@\n' + '+x\n'.repeat(200_000);
    expect(addedLines(patch).size).toBe(200_000);
  });
});
