/**
 * CPU profiles of the renderer for the UI benchmark (`node --import tsx test/bench/ui-run.ts --profile <dir>`): the
 * DevTools protocol's sampling profiler (https://chromedevtools.github.io/devtools-protocol/tot/Profiler/) records the
 * page's main thread during a measurement. Each profile is written as `<name>.cpuprofile` (open it in Chrome DevTools
 * → Performance → Load profile) and summarised as the busy stretches of the main thread — what a long task is made
 * of, since Chromium's long-task attribution only says "self" — with their top functions by self time. Native
 * rendering work (style, layout, paint) is not in the stretches (the sampler shows it as "(program)"); a DevTools
 * trace shows it.
 * Profiling slows the page down (sampling every 250 µs): figures measured with it are not comparable.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** A V8 CPU profile as the DevTools protocol returns it (times in µs). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const NOT_JS = new Set(['(idle)', '(program)']);

/** One stretch of main-thread JavaScript with no gap over 2 ms: its start (ms from the profile's start), length, top functions. */
export interface BusyStretch {
  startMs: number;
  durationMs: number;
  /** Functions by self time in the stretch (`name file:line`), longest first, at most 8. */
  top: Array<{ fn: string; ms: number }>;
}

/**
 * Starts the sampling profiler in the page.
 * @returns stop(): stops it and resolves with the profile
 */
export async function startCpuProfile(page: Page): Promise<() => Promise<CpuProfile>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.detach().catch(() => undefined);
    return profile;
  };
}


/**
 * The busy stretches of a profile at least `minMs` long, longest first.
 * @param minMs shortest stretch reported, in ms (50 = Chromium's long-task threshold)
 */
export function busyStretches(profile: CpuProfile, minMs = 50): BusyStretch[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  const times: number[] = [];
  let t = 0;
  for (const d of profile.timeDeltas) times.push((t += d) / 1000);
  const stretches: Array<{ from: number; to: number; i0: number; i1: number }> = [];
  let cur: { from: number; to: number; i0: number; i1: number } | undefined;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i]!;
    const next = times[i + 1] ?? at;
    // JavaScript (and GC) only: '(idle)' and '(program)' — native work such as style, layout and paint, which the
    // sampler cannot split by task — end a stretch when they last over 2 ms.
    if (!NOT_JS.has(nodes.get(profile.samples[i]!)!.callFrame.functionName)) {
      if (cur && at - cur.to <= 2) Object.assign(cur, { to: next, i1: i });
      else stretches.push((cur = { from: at, to: next, i0: i, i1: i }));
    }
  }
  return stretches
    .filter((s) => s.to - s.from >= minMs)
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .map((s) => {
      const self = new Map<string, number>();
      for (let i = s.i0; i <= s.i1; i++) {
        const k = label(nodes.get(profile.samples[i]!)!);
        self.set(k, (self.get(k) ?? 0) + ((times[i + 1] ?? times[i]!) - times[i]!));
      }
      const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10 }));
      return { startMs: Math.round(s.from - (times[0] ?? 0)), durationMs: Math.round(s.to - s.from), top };
    });
}

/**
 * Writes `<dir>/<name>.cpuprofile` and summarises it.
 * @returns the file and its busy stretches ≥ `minMs`
 */
export function saveCpuProfile(dir: string, name: string, profile: CpuProfile, minMs = 50): { file: string; stretches: BusyStretch[] } {
  const file = path.join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { file, stretches: busyStretches(profile, minMs) };
}
