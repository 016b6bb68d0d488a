import type { IcpRules } from '@shared/index';
import { matchesAtWordStart } from './text';

/** One ICP rule that matched one value. */
export interface RuleMatch {
  match: string;
  points: number;
  /** The profile/lead value the rule matched (as written). */
  value: string;
}

/**
 * Every `{ match, points }` rule that matches at least one of `values` (word-start, case-insensitive,
 * punctuation-insensitive; see `matchesAtWordStart`). Each rule is reported once, with the first value it
 * matched, in rule order. Input: values as written, rules from Settings.icp. Output: the matches. Never throws.
 */
export function matchRules(values: string[], rules: { match: string; points: number }[]): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    const value = values.find((v) => matchesAtWordStart(v, rule.match));
    if (value !== undefined) out.push({ match: rule.match, points: rule.points, value });
  }
  return out;
}

/** Points at or below which an industry rule is a hard exclusion (the lead is `wrong_fit`). */
export const EXCLUSION_POINTS = -20;

/** Points at or below which a status rule marks a company as gone (dead/closed → `wrong_fit`). */
export const DEAD_STATUS_POINTS = -30;

/** Status words that always mean the company no longer operates, whatever the ICP says. */
export const DEAD_STATUS_RE = /\b(dead|deadpool|closed|defunct|shut ?down|out of business|bankrupt(?:cy)?|dissolved)\b/i;

/**
 * Industry/category verdict for ICP fit. Input: the industry and category values, the ICP rules.
 * Output: positive matches, exclusion matches (points ≤ EXCLUSION_POINTS) and whether any value was given.
 */
export function industryFit(values: string[], icp: IcpRules): { positive: RuleMatch[]; excluded: RuleMatch[]; hasValues: boolean } {
  const all = matchRules(values, icp.industries);
  return {
    positive: all.filter((m) => m.points > 0),
    excluded: all.filter((m) => m.points <= EXCLUSION_POINTS),
    hasValues: values.some((v) => v.trim() !== ''),
  };
}
