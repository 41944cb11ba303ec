// Per-session token bucket for renderer log lines: a window in an error loop must not rotate
// the whole log history away (5,500 lines in 4 s did once). Excess lines are counted and the
// count is reported with the next admitted line.
export class LogRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; suppressed: number }>();

  constructor(
    private readonly perSecond = 10,
    private readonly burst = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  admit(key: string): { admit: boolean; suppressed: number } {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, at: t, suppressed: 0 };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    if (b.tokens < 1) {
      b.suppressed++;
      return { admit: false, suppressed: 0 };
    }
    b.tokens -= 1;
    const suppressed = b.suppressed;
    b.suppressed = 0;
    return { admit: true, suppressed };
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
