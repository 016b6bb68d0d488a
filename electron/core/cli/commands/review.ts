import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ReviewInputSchema, reviewDraft } from '../../agents/review';
import { CliError } from '../errors';
import { printJson, printLines } from '../output';

const ReviewBatchSchema = z.array(ReviewInputSchema.extend({ id: z.union([z.string(), z.number()]).transform(String) }));

/** One result of `review --json` (a CLI contract: keep stable). */
export interface ReviewResult {
  id: string;
  passed: boolean;
  issues: { code: string; severity: 'error' | 'warning' | 'info'; message: string }[];
}

/**
 * `leadforge review --input FILE`: runs the review agent over drafts given as a JSON array of
 * `{ id, lead: {firstName?, lastName?, email?, company?, title?}, facts: [{text, source}], draft: {subject, body},
 *    sender?: {name, company, address?}, requireUnsubscribe?: boolean }` and prints `[{ id, passed, issues }]`.
 * Needs no data dir (accepts `--data-dir` for uniformity).
 * @throws CliError naming the file and the offending item/field when the input is unreadable or invalid
 */
export async function reviewCommand(opts: { input?: string; json?: boolean }): Promise<void> {
  if (!opts.input) throw new CliError('review: --input FILE is required (a JSON array of drafts)', 2);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(opts.input, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(e.code === 'ENOENT' ? `${opts.input}: no such file` : `${opts.input}: not valid JSON (${e.message})`);
  }
  const parsed = ReviewBatchSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `item ${String(issue.path[0])}${issue.path.length > 1 ? `, field ${issue.path.slice(1).join('.')}` : ''}` : 'top level';
    throw new CliError(`${opts.input}: ${where}: ${issue?.message}`);
  }
  const results: ReviewResult[] = [];
  for (const item of parsed.data) {
    const { id, ...input } = item;
    const verdict = await reviewDraft(input);
    results.push({ id, passed: verdict.passed, issues: verdict.issues.map(({ code, severity, message }) => ({ code, severity, message })) });
  }
  if (opts.json) return printJson(results);
  for (const r of results) {
    printLines(`${r.passed ? 'PASS' : 'FAIL'} ${r.id}`, ...r.issues.map((i) => `   ${i.severity} ${i.code}: ${i.message}`));
  }
}
