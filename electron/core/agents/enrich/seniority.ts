/** Seniority buckets used by scoring (keys of Settings.icp.seniority). */
export type Seniority = 'c_level' | 'founder' | 'vp' | 'director' | 'manager' | 'individual';

const RULES: [Seniority, RegExp][] = [
  ['founder', /\b(co[- ]?founder|founder|founding partner|cofounder)\b/i],
  ['vp', /\b(vp|svp|evp|avp|vice[- ]president)\b/i],
  ['c_level', /\b(ceo|cto|cfo|coo|cmo|cio|cro|cpo|cso|chief [a-z]+(?: [a-z]+)? officer|chief|president|owner|managing director|general partner|managing partner)\b/i],
  ['director', /\b(director|head of|head|principal)\b/i],
  ['manager', /\b(manager|mgr|lead|supervisor|team ?lead)\b/i],
];

/**
 * Maps a job title to a seniority bucket. Input: a title such as "Co-Founder & CEO" or "VP Sales".
 * Output: founder | vp | c_level | director | manager | individual (checked in that order, so
 * "Vice President" is vp, not c_level), or undefined for an empty title. Never throws.
 */
export function seniorityOf(title: string | undefined): Seniority | undefined {
  const t = title?.trim();
  if (!t) return undefined;
  for (const [level, re] of RULES) if (re.test(t)) return level;
  return 'individual';
}
