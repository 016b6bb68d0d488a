/**
 * Fault injection for the HubSpot emulator. A rule matches requests by method and path and applies its fault to
 * the next `times` matching requests (default 1) and/or for `durationMs`:
 * - `status`: answers with a 5xx (or any status) and HubSpot's error body, without processing the request
 *   (`phase: 'after'`: processes it first — the write happened, the client sees a 5xx, like a gateway timeout);
 * - `rateLimit`: answers 429 with HubSpot's rate-limit body (a "429 storm" = a rule with many `times`);
 * - `drop`: destroys the socket (the client sees ECONNRESET / "socket hang up"), `phase: 'after'` (default)
 *   processes the request first, so the write happened but the client never learns it;
 * - `delay`: holds the response `ms` milliseconds (`phase: 'before'` delays processing instead);
 * - `wrongStatus`: processes normally but answers with another success code (e.g. 200 where 201 is documented).
 */
export type Fault =
  | { type: 'status'; status: number; category?: string; message?: string; phase?: 'before' | 'after' }
  | { type: 'rateLimit'; policy?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'; retryAfterSec?: number }
  | { type: 'drop'; phase?: 'before' | 'after' }
  | { type: 'delay'; ms: number; phase?: 'before' | 'after' }
  | { type: 'wrongStatus'; status: number };

export interface FaultRule {
  /** Method (e.g. 'POST') and path (exact string, or a RegExp tested on the path without query). Default: any API call. */
  match?: { method?: string; path?: string | RegExp };
  /** How many matching requests get the fault (default 1 unless durationMs is set; Infinity allowed). */
  times?: number;
  /** Apply to every matching request for this long (ms) from injection. */
  durationMs?: number;
  fault: Fault;
}

export interface FaultHandle {
  /** Requests the rule was applied to. */
  readonly hits: number;
  /** Stops the rule. */
  cancel(): void;
}

interface ActiveRule extends FaultRule {
  hits: number;
  left: number;
  until: number;
  cancelled: boolean;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a rule. @returns a handle with the hit count. */
  inject(rule: FaultRule): FaultHandle {
    const r: ActiveRule = {
      ...rule,
      hits: 0,
      left: rule.times ?? (rule.durationMs !== undefined ? Infinity : 1),
      until: rule.durationMs !== undefined ? this.now() + rule.durationMs : Infinity,
      cancelled: false,
    };
    this.rules.push(r);
    return {
      get hits() {
        return r.hits;
      },
      cancel: () => void (r.cancelled = true),
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule applies (consumes one use of the rule). */
  take(method: string, path: string): Fault | undefined {
    const now = this.now();
    this.rules = this.rules.filter((r) => !r.cancelled && r.left > 0 && now < r.until);
    for (const r of this.rules) {
      const m = r.match;
      if (m?.method && m.method.toUpperCase() !== method) continue;
      if (m?.path !== undefined && (typeof m.path === 'string' ? m.path !== path : !m.path.test(path))) continue;
      r.left--;
      r.hits++;
      return r.fault;
    }
    return undefined;
  }
}
