/**
 * Junk/spam detectors for name-like fields. Pure functions over strings; each returns a short
 * human-readable description of what it found, or null.
 */

/** Keyboard runs that practically never occur in real names (rows of a QWERTY keyboard). */
const KEYBOARD_RUNS = [
  // 'wert' and 'rtyu' are left out: Wertheim, Artyukhov.
  'qwer', 'tyui', 'yuio', 'uiop', 'asdf', 'sdfg', 'dfgh', 'fghj', 'ghjk', 'hjkl',
  'zxcv', 'xcvb', 'cvbn', 'vbnm', 'poiu', 'lkjh', 'mnbv', 'fdsa',
];

/** Placeholder / test words that mark a row as junk when they are a whole name token. */
export const PLACEHOLDER_WORDS = new Set([
  'test', 'tester', 'testing', 'asdf', 'asdfgh', 'qwerty', 'fake', 'spam', 'dummy', 'sample', 'lorem', 'ipsum',
  'xxx', 'xxxx', 'null', 'undefined', 'none', 'noname', 'nobody', 'anonymous', 'foobar', 'blah', 'abc', 'aaa',
]);

/** Promotional words that do not belong in a person's name. */
const PROMO_WORDS = new Set([
  'free', 'cheap', 'buy', 'win', 'winner', 'cash', 'offer', 'discount', 'promo', 'loan', 'loans', 'casino',
  'viagra', 'cialis', 'bonus', 'prize', 'deal', 'deals', 'sale', 'click', 'seo', 'followers',
]);

const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]/i;

function letterTokens(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Finds a keyboard-mash run ("asdf", "qwer") or a long repeated character in `s`. */
export function keyboardMash(s: string): string | null {
  const lower = s.toLowerCase().replace(/[^a-z]/g, '');
  const run = KEYBOARD_RUNS.find((r) => lower.includes(r));
  if (run) return `keyboard run "${run}"`;
  if (/([a-z])\1{3,}/.test(lower)) return 'a letter repeated 4+ times';
  if (/([a-z]{2})\1{2,}/.test(lower)) return 'a repeated letter pattern';
  return null;
}

/** Finds a name token that does not look pronounceable (no vowel in 5+ letters, or 6+ consonants in a row). */
export function unpronounceable(s: string): string | null {
  for (const t of letterTokens(s)) {
    if (/\d/.test(t)) continue;
    if (t.length >= 5 && !VOWELS.test(t)) return `"${t}" has no vowels`;
    if (/[bcdfghjklmnpqrstvwxz]{6,}/.test(t)) return `"${t}" has 6+ consonants in a row`;
  }
  return null;
}

/** A placeholder word used as a whole token ("Test", "asdf", "N/A"). */
export function placeholderWord(s: string): string | null {
  const norm = s.trim().toLowerCase();
  if (/^(n\/?a|-+|\.+|\?+)$/.test(norm)) return `"${s.trim()}"`;
  const t = letterTokens(s).find((x) => PLACEHOLDER_WORDS.has(x) || /^(test|asdf|qwerty)\d+$/.test(x));
  return t ? `"${t}"` : null;
}

/** A URL or a domain-looking token ("http://…", "www.…", "cheap-pills.ru"). */
export function urlLike(s: string, { domains }: { domains: boolean }): string | null {
  const m = /https?:\/\/\S+|www\.\S+/i.exec(s);
  if (m) return `"${m[0]}"`;
  if (domains) {
    const d = /\b[a-z0-9-]+\.(?:com|net|org|info|biz|ru|xyz|top|io|co|online|site|click|link|shop)\b/i.exec(s);
    if (d) return `"${d[0]}"`;
  }
  return null;
}

/** A promotional word in a person's name ("FREE", "cheap"). */
export function promoWord(s: string): string | null {
  const t = letterTokens(s).find((x) => PROMO_WORDS.has(x));
  return t ? `"${t}"` : null;
}

/** Runs of "!!", "$$", "**", "##" — junk in any name field. */
export function junkPunctuation(s: string): string | null {
  const m = /([!$*#?])\1+/.exec(s);
  return m ? `"${m[0]}"` : null;
}

/** All-caps text of 2+ words / 6+ letters ("BEST DEALS NOW"). A weak signal on its own. */
export function allCaps(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  return letters.length >= 6 && /\s/.test(s.trim()) && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** Digits inside a person's name ("John123"). */
export function digitsInName(s: string): boolean {
  return /\d/.test(s);
}
