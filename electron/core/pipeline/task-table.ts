import type { RunCounts, TaskStatus } from '@shared/index';

/** Compact status codes of a (lead, stage) task. */
export const PENDING = 0;
export const RUNNING = 1;
export const DONE = 2;
export const FAILED = 3;
export const SKIPPED = 4;
export type StatusCode = 0 | 1 | 2 | 3 | 4;

const NAMES: readonly TaskStatus[] = ['pending', 'running', 'done', 'failed', 'skipped'];

/** Status code of a TaskStatus string. */
export function statusCode(s: TaskStatus): StatusCode {
  return NAMES.indexOf(s) as StatusCode;
}

/** Whether a code is done, failed or skipped. */
export function isTerminal(code: number): boolean {
  return code >= DONE;
}

/**
 * Per-run index of every (lead, stage) task's status: one byte per task (10k leads × 7 stages = 70 KB) plus
 * running totals per status and per stage, so counts and progress are O(stages), never a scan of tasks.
 * Lead and stage are addressed by index (lead index in `run.leadIds`, stage index in topological order).
 */
export class TaskTable {
  private readonly statuses: Uint8Array;
  private readonly totals = new Int32Array(5);
  private readonly perStage: Int32Array;
  private readonly terminalPerLead: Uint16Array;

  /**
   * All tasks start `pending`.
   * @param leadCount  number of leads in the run
   * @param stageNames stage names in topological order
   */
  constructor(readonly leadCount: number, readonly stageNames: readonly string[]) {
    const s = stageNames.length;
    this.statuses = new Uint8Array(leadCount * s);
    this.perStage = new Int32Array(s * 5);
    this.terminalPerLead = new Uint16Array(leadCount);
    this.totals[PENDING] = leadCount * s;
    for (let i = 0; i < s; i++) this.perStage[i * 5 + PENDING] = leadCount;
  }

  /** Status code of task (lead li, stage si). */
  get(li: number, si: number): StatusCode {
    return this.statuses[li * this.stageNames.length + si] as StatusCode;
  }

  /** Sets the status of task (lead li, stage si), updating totals. Returns true when it changed. */
  set(li: number, si: number, code: StatusCode): boolean {
    const idx = li * this.stageNames.length + si;
    const old = this.statuses[idx];
    if (old === code) return false;
    this.statuses[idx] = code;
    this.totals[old]--;
    this.totals[code]++;
    this.perStage[si * 5 + old]--;
    this.perStage[si * 5 + code]++;
    if (isTerminal(code) !== isTerminal(old)) this.terminalPerLead[li] += isTerminal(code) ? 1 : -1;
    return true;
  }

  /** Whether every stage of lead li is done/failed/skipped. O(1). */
  leadTerminal(li: number): boolean {
    return this.terminalPerLead[li] === this.stageNames.length;
  }

  /** Number of leads whose every task is terminal. O(leads). */
  countTerminalLeads(): number {
    let n = 0;
    for (let li = 0; li < this.leadCount; li++) if (this.leadTerminal(li)) n++;
    return n;
  }

  /**
   * Number of leads with at least one FAILED task among the stages flagged in `counted` (by stage index).
   * O(leads × stages) byte reads (≈ 90k for 10k leads × 9 stages: well under a millisecond).
   */
  countFailedLeads(counted: readonly boolean[]): number {
    const s = this.stageNames.length;
    let n = 0;
    for (let li = 0; li < this.leadCount; li++) {
      const o = li * s;
      for (let si = 0; si < s; si++) {
        if (this.statuses[o + si] === FAILED && counted[si]) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /** Totals over all tasks of the run. */
  counts(): RunCounts {
    return toCounts(this.totals, 0);
  }

  /** Totals per stage name. */
  perStageCounts(): Record<string, RunCounts> {
    const out: Record<string, RunCounts> = {};
    this.stageNames.forEach((name, si) => (out[name] = toCounts(this.perStage, si * 5)));
    return out;
  }
}

function toCounts(a: Int32Array, o: number): RunCounts {
  return {
    total: a[o] + a[o + 1] + a[o + 2] + a[o + 3] + a[o + 4],
    pending: a[o + PENDING],
    running: a[o + RUNNING],
    done: a[o + DONE],
    failed: a[o + FAILED],
    skipped: a[o + SKIPPED],
  };
}
