/**
 * Bounds the decoded pixels held at once in one thread: an image of `n` pixels waits until `n` fit beside the
 * images already decoded (one image is always let through, so nothing waits forever). With a budget of
 * --max-pixels, a preprocessing thread never holds more than --max-pixels decoded pixels, however many
 * requests it has in flight; small images still overlap freely.
 */
export class PixelBudget {
  private used = 0;
  private readonly waiting: { readonly pixels: number; readonly go: () => void }[] = [];

  constructor(readonly capacity: number) {}

  async acquire(pixels: number): Promise<void> {
    if (this.waiting.length === 0 && (this.used === 0 || this.used + pixels <= this.capacity)) {
      this.used += pixels;
      return;
    }
    await new Promise<void>((go) => this.waiting.push({ pixels, go }));
  }

  release(pixels: number): void {
    this.used -= pixels;
    // First come, first served: a large image at the head is not starved by small ones behind it.
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (this.used !== 0 && this.used + next.pixels > this.capacity) break;
      this.waiting.shift();
      this.used += next.pixels;
      next.go();
    }
  }

  /** Runs `task` with `pixels` reserved. */
  async with<T>(pixels: number, task: () => Promise<T>): Promise<T> {
    await this.acquire(pixels);
    try {
      return await task();
    } finally {
      this.release(pixels);
    }
  }
}
