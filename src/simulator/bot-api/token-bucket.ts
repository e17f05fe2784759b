/** Tokens refilled at a steady rate up to a burst: how Telegram's flood limits behave. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }
  /** Milliseconds until `n` tokens are available (0 when they are now). */
  waitFor(n: number, now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    return this.tokens >= n ? 0 : (n - this.tokens) / this.perMs;
  }
  take(n: number): void {
    this.tokens -= n;
  }
}
