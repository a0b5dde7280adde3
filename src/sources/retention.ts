// A cache that keeps values while they fit a memory budget. Values are kept first come, first
// kept (a full scan asks for files in the same order every pass, so evicting the oldest would
// only make every later pass miss); a value that does not fit is held only until the next one is
// stored, so a caller asking for the same file twice in a row is served once.

export class RetainingCache<V> {
  private readonly kept = new Map<string, V>();
  private used = 0;
  private recent: { key: string; value: V } | undefined;

  constructor(
    /** Values larger than this are never kept (beyond the next store). */
    private readonly valueLimit: number,
    /** Kept values together stay within this size. */
    private readonly budget: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  has(key: string): boolean {
    return this.kept.has(key) || this.recent?.key === key;
  }

  get(key: string): V | undefined {
    if (this.kept.has(key)) return this.kept.get(key);
    return this.recent?.key === key ? this.recent.value : undefined;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size <= this.valueLimit && this.used + size <= this.budget) {
      this.kept.set(key, value);
      this.used += size;
      this.recent = undefined;
    } else {
      this.recent = { key, value };
    }
  }
}
