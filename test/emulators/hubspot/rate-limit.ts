/**
 * A rolling-window request limiter: at most `max` requests whose arrival falls in any `intervalMs` window, as
 * HubSpot's burst limit ("per 10 seconds", policy TEN_SECONDLY_ROLLING) and CRM search limit ("per second",
 * SECONDLY) work (https://developers.hubspot.com/docs/api/usage-details). Refused requests are not counted.
 */
export class RollingWindow {
  private stamps: number[] = [];
  /** Most requests admitted in any window so far (the benchmark checks it never exceeds `max`). */
  peak = 0;

  constructor(
    public max: number,
    public intervalMs: number,
  ) {}

  /** Admits a request at `now` (ms) when the window has room. */
  tryTake(now: number): boolean {
    this.trim(now);
    if (this.stamps.length >= this.max) return false;
    this.stamps.push(now);
    this.peak = Math.max(this.peak, this.stamps.length);
    return true;
  }

  /** Requests left in the current window. */
  remaining(now: number): number {
    this.trim(now);
    return Math.max(0, this.max - this.stamps.length);
  }

  /** ms until a request would be admitted (0 when there is room now). */
  msUntilFree(now: number): number {
    this.trim(now);
    if (this.stamps.length < this.max) return 0;
    return this.stamps[this.stamps.length - this.max]! + this.intervalMs - now;
  }

  reset(): void {
    this.stamps = [];
    this.peak = 0;
  }

  private trim(now: number): void {
    const cutoff = now - this.intervalMs;
    let i = 0;
    while (i < this.stamps.length && this.stamps[i]! <= cutoff) i++;
    if (i > 0) this.stamps = this.stamps.slice(i);
  }
}
