import { describe, expect, it } from 'vitest';
import { assignFingerprints, normaliseSnippet } from '../../src/engine/fingerprint.js';
import type { Finding } from '../../src/engine/types.js';

function finding(file: string, line: number, ruleId = 'hardcoded-paths'): Finding {
  return { ruleId, severity: 'error', message: 'm', file, line, help: 'h', fingerprint: '' };
}

describe('fingerprints', () => {
  it('survive a line moving and re-indentation, but not a changed snippet', () => {
    const before = [finding('a.py', 3)];
    const after = [finding('a.py', 40)];
    const moved = [finding('a.py', 7)];
    assignFingerprints(before, () => 'x = "/home/a/data.csv"');
    assignFingerprints(after, () => '        x = "/home/a/data.csv"   ');
    assignFingerprints(moved, () => 'x = "/home/b/data.csv"');
    expect(before[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(after[0].fingerprint).toBe(before[0].fingerprint);
    expect(moved[0].fingerprint).not.toBe(before[0].fingerprint);
  });

  it('differ by rule and by file', () => {
    const items = [finding('a.py', 1), finding('b.py', 1), finding('a.py', 1, 'other')];
    assignFingerprints(items, () => 'same text');
    expect(new Set(items.map((f) => f.fingerprint)).size).toBe(3);
  });

  it('tell identical snippets in one file apart by occurrence', () => {
    const items = [finding('a.py', 1), finding('a.py', 9)];
    assignFingerprints(items, () => 'path = "/home/a"');
    expect(items[0].fingerprint).not.toBe(items[1].fingerprint);
  });

  it('read notebook JSON lines as their source text', () => {
    expect(normaliseSnippet('    "df = load(\\"/home/a\\")\\n",')).toBe('df = load(\\"/home/a\\")');
  });
});
