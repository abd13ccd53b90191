/**
 * Ordered read-ahead over several async sources (WebDataset shards): yields every item of the first source,
 * then of the second, ..., while up to `ahead` sources are read concurrently, each into a queue of at most
 * `capacity` items — and, with `bytes`, of at most `maxBytes` (an item larger than that still passes, alone) —
 * so memory stays bounded however large a source or its items are. A source's error is raised when the
 * consumer reaches it, after the items it produced before failing. p-limit bounds concurrency but does not
 * keep results in order with backpressure, hence this small queue.
 */
/** A byte bound on each source's queue: how much an item weighs, and the most a queue may hold. */
export interface ByteBound<T> {
  readonly bytes: (item: T) => number;
  readonly maxBytes: number;
}

class Pump<T> {
  private readonly items: T[] = [];
  private held = 0;
  private readonly iterator: AsyncIterator<T>;
  private finished = false;
  private failure: { error: unknown } | undefined;
  private stopped = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(
    source: () => AsyncIterable<T>,
    private readonly capacity: number,
    private readonly bound?: ByteBound<T>,
  ) {
    this.iterator = source()[Symbol.asyncIterator]();
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        const full = this.items.length >= this.capacity || (this.bound !== undefined && this.items.length > 0 && this.held >= this.bound.maxBytes);
        if (full) {
          await new Promise<void>((resolve) => (this.wakeProducer = resolve));
          continue;
        }
        const next = await this.iterator.next();
        if (next.done === true) break;
        this.items.push(next.value);
        this.held += this.bound?.bytes(next.value) ?? 0;
        this.wake('consumer');
      }
    } catch (error) {
      this.failure = { error };
    }
    this.finished = true;
    this.wake('consumer');
  }

  private wake(who: 'consumer' | 'producer'): void {
    const resolve = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    resolve?.();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        const item = this.items.shift() as T;
        this.held -= this.bound?.bytes(item) ?? 0;
        this.wake('producer');
        yield item;
      } else if (this.finished) {
        if (this.failure !== undefined) throw this.failure.error;
        return;
      } else {
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    }
  }

  /** Stops reading (the consumer left early or another source failed) and releases the source. */
  stop(): void {
    this.stopped = true;
    this.wake('producer');
    this.iterator.return?.().catch(() => undefined);
  }
}

export async function* readAhead<T>(sources: readonly (() => AsyncIterable<T>)[], ahead: number, capacity: number, bound?: ByteBound<T>): AsyncGenerator<T> {
  const pumps: (Pump<T> | undefined)[] = [];
  try {
    for (let i = 0; i < sources.length; i++) {
      for (let j = pumps.length; j < Math.min(i + Math.max(1, ahead), sources.length); j++) pumps.push(new Pump(sources[j]!, capacity, bound));
      yield* pumps[i]!.drain();
      pumps[i] = undefined;
    }
  } finally {
    for (const pump of pumps) pump?.stop();
  }
}
