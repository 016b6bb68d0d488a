/**
 * User Timing marks read by the UI benchmark (names documented in testids.ts). `performance.mark` is a no-op
 * cost-wise in production and needs no window hook.
 * @param name mark name (`review:list-rendered`, `review:item-rendered`, `pipeline:table-rendered`)
 * @param detail small JSON-able detail ({ id } / { count } / { runId, count })
 */
export function mark(name: string, detail?: Record<string, unknown>): void {
  try {
    performance.mark(name, { detail });
  } catch {
    /* User Timing unavailable: marks are optional */
  }
}
