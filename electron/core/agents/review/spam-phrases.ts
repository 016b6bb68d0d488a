/**
 * Spam-filter trigger phrases for cold email, grouped by how badly they hurt deliverability and tone.
 * Sources: the phrase families that recur in public spam-word lists (urgency, too-good-to-be-true money,
 * pushy calls to action, "this is not spam" disclaimers). Matching is case-insensitive on word boundaries.
 * Keep entries lowercase; add new ones to the right group, with the shortest phrase that is unambiguous.
 */

/** Phrases that fail a first-touch email (severity error). */
export const SPAM_PHRASES_ERROR: readonly string[] = [
  // urgency
  'act now', 'limited time', 'urgent', 'expires today', 'while supplies last', 'only a few left', "don't delete", 'do not delete',
  // too good to be true
  '100% free', 'risk-free', 'risk free', 'guarantee', 'guaranteed', 'guarantees', 'winner', 'you have been selected', "you've been selected",
  'congratulations, you', 'free money', 'cash bonus', 'double your', 'make money', 'earn money', 'extra income', 'no catch',
  'no strings attached', 'once in a lifetime', 'miracle', '100% satisfied', 'million dollars', 'lowest price', 'special promotion',
  'exclusive deal', 'no obligation', 'no cost', 'pure profit', 'best price',
  // pushy calls to action
  'click here', 'click below', 'buy now', 'order now', 'call now', 'apply now', 'sign up free', 'get it now', 'act immediately',
  // disclaimers and classic spam topics
  'this is not spam', 'this is not junk', 'not spam', 'unsolicited', 'viagra', 'casino', 'weight loss', 'crypto giveaway',
];

/** Phrases that deserve a second look (severity warning). */
export const SPAM_PHRASES_WARNING: readonly string[] = [
  'amazing', 'incredible deal', 'cheap', 'discount', 'bonus', 'offer expires', 'for only', 'save big', 'dear friend',
  'as seen on', 'instant access', 'no credit card', 'satisfaction', 'opportunity of a lifetime', 'increase your sales by',
  'hurry', 'last chance', 'free gift', 'free access', 'no questions asked',
];
