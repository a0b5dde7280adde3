import { describe, expect, it } from 'vitest';
import { RetainingCache } from '../../src/sources/retention.js';

const cache = (limit: number, budget: number) =>
  new RetainingCache<string | undefined>(limit, budget, (value) => value?.length ?? 0);

describe('RetainingCache', () => {
  it('keeps values first come, first kept, until the budget is spent', () => {
    const c = cache(10, 10);
    c.set('a', 'aaaa');
    c.set('b', 'bbbb');
    c.set('c', 'cccc'); // does not fit: held until the next store
    expect(c.get('c')).toBe('cccc');
    c.set('d', 'dd'); // fits again
    expect(['a', 'b', 'c', 'd'].map((k) => c.has(k))).toEqual([true, true, false, true]);
    expect(c.get('a')).toBe('aaaa');
    expect(c.get('c')).toBeUndefined();
  });

  it('never keeps a value over the per-value limit beyond the next store', () => {
    const c = cache(3, 100);
    c.set('big', 'xxxxx');
    expect(c.has('big')).toBe(true);
    expect(c.get('big')).toBe('xxxxx');
    c.set('other', 'yyyyyy');
    expect(c.has('big')).toBe(false);
    expect(c.get('other')).toBe('yyyyyy');
  });

  it('keeps undefined (an unreadable file) at no cost', () => {
    const c = cache(0, 0);
    c.set('gone', undefined);
    c.set('big', 'x');
    expect(c.has('gone')).toBe(true);
    expect(c.get('gone')).toBeUndefined();
  });

  it('drops a value that did not fit as soon as another one is stored', () => {
    const c = cache(10, 5);
    c.set('a', 'aaaa');
    c.set('b', 'bb'); // over budget: held for now
    expect(c.has('b')).toBe(true);
    c.set('c', 'c'); // fits, and releases b
    expect(c.has('b')).toBe(false);
    expect([c.get('a'), c.get('c')]).toEqual(['aaaa', 'c']);
  });
});
