/** Display formatting shared by the screens (durations in ms, counts, percentages, dates). */

const nf = new Intl.NumberFormat();

/** 12345 → "12,345" (locale grouping). */
export function formatCount(n: number): string {
  return nf.format(n);
}

/**
 * A duration in ms for humans: 850 → "850 ms", 4200 → "4.2 s", 95_000 → "1 m 35 s", 4_000_000 → "1 h 6 m".
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} m`;
}

/** Leads per second: 38.24 → "38.2/s", 0 → "—". */
export function formatRate(perSec: number): string {
  if (!perSec) return '—';
  return `${perSec >= 100 ? Math.round(perSec) : perSec.toFixed(1)}/s`;
}

/** 0..1 → "85%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** ISO-8601 → "22 Nov, 14:05" (locale short date and time); '' when absent. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** ISO-8601 → "3 min ago" style relative time. */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(iso);
}

/**
 * A profile/fact value for display: arrays joined, booleans yes/no, numbers grouped (years not).
 * @param field the profile field name (`foundedYear` → no digit grouping)
 */
export function formatValue(value: unknown, field?: string): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => formatValue(v, field)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // A year (foundedYear…) is a label, not a quantity: 2010, never "2,010".
  if (typeof value === 'number') return field && /year$/i.test(field) ? String(value) : nf.format(value);
  return String(value);
}

/** `high_intent` → "High intent". */
export function humanize(code: string): string {
  const s = code.replace(/[_.-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
