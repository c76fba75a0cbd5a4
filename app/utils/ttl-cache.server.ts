/**
 * A tiny in-process cache for one value that is expensive to compute and fine to be a little old
 * (trending tags). The value is recomputed on the first read after `ttlMs`; concurrent readers of
 * an expired entry share one computation (no stampede). Each server process has its own copy.
 * Time is passed in (`now`), so tests control it; a `now` earlier than the entry's computation
 * also recomputes, so a test moving time backwards never reads the future.
 */
export class TtlCache<T> {
  private entry: { at: number; value: Promise<T> } | undefined;

  constructor(private readonly ttlMs: number) {}

  get(now: Date, compute: () => Promise<T>): Promise<T> {
    const t = now.getTime();
    const entry = this.entry;
    if (entry && t >= entry.at && t - entry.at < this.ttlMs) return entry.value;
    const value = compute();
    const fresh = { at: t, value };
    this.entry = fresh;
    // A failed computation is not cached: the next reader tries again.
    value.catch(() => {
      if (this.entry === fresh) this.entry = undefined;
    });
    return value;
  }

  /**
   * Recomputes now and replaces the entry once the new value is in (readers keep the current one
   * meanwhile); a failure keeps the current entry. For a schedule that keeps the cache warm.
   */
  async refresh(now: Date, compute: () => Promise<T>): Promise<void> {
    const value = await compute();
    this.entry = { at: now.getTime(), value: Promise.resolve(value) };
  }

  /** Adjusts the cached value in place (if there is one), e.g. to count a write this process just did. */
  update(change: (value: T) => T): void {
    const entry = this.entry;
    if (entry) this.entry = { at: entry.at, value: entry.value.then(change) };
  }

  clear(): void {
    this.entry = undefined;
  }
}

/**
 * One TtlCache per key (e.g. per viewer), holding at most `maxKeys` of them: past that the key
 * added longest ago is dropped, so memory stays bounded however many users come by.
 */
export class KeyedTtlCache<T> {
  private readonly entries = new Map<string, TtlCache<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
  ) {}

  get(key: string, now: Date, compute: () => Promise<T>): Promise<T> {
    let cache = this.entries.get(key);
    if (!cache) {
      if (this.entries.size >= this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
      cache = new TtlCache<T>(this.ttlMs);
      this.entries.set(key, cache);
    }
    return cache.get(now, compute);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
