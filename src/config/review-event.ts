import { z } from 'zod';
import type { HostEvent } from '../shared/host.js';
import { BRANCH_PREFIX } from '../git/branch-name.js';
import { InvalidValue, parseInteger } from './values.js';

/** What a review event asks of the job. */
export type ReviewTrigger =
  /** Revise this pull request (the job still checks who wrote what and what is new). */
  | { readonly kind: 'revise'; readonly pullRequest: number; readonly event: string }
  /** Not feedback for ticket-to-pr: the job ends at once and changes nothing. */
  | { readonly kind: 'not-feedback'; readonly reason: string };

/** The GitHub Actions events a revision job listens to. */
export const REVIEW_EVENTS = [
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
] as const;

/** A comment addressed to ticket-to-pr begins with this (see src/review/feedback.ts). */
const COMMAND = '/ticket-to-pr revise';
/** Every comment ticket-to-pr writes carries one of these hidden markers. */
const OWN_MARKER = /<!--\s*ticket-to-pr:/;

// Webhook payload fields, as GitHub documents them:
// https://docs.github.com/en/webhooks/webhook-events-and-payloads (pull_request_review,
// pull_request_review_comment, issue_comment). Only what the decision needs is read.
const user = z.object({ login: z.string(), type: z.string().optional() });
const pullRequest = z.object({
  number: z.number().int().positive(),
  state: z.string(),
  head: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ repo: z.object({ full_name: z.string() }) }),
});
const reviewPayload = z.object({
  action: z.string(),
  pull_request: pullRequest,
  review: z.object({ state: z.string(), body: z.string().nullable(), user }),
});
const reviewCommentPayload = z.object({
  action: z.string(),
  pull_request: pullRequest,
  comment: z.object({ body: z.string(), user }),
});
const issueCommentPayload = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    pull_request: z.object({ url: z.string() }).optional(),
  }),
  comment: z.object({ body: z.string(), user }),
});

/**
 * The trigger of a review event, undefined for any other event (a schedule or a manual dispatch
 * takes a ticket as before). Throws InvalidValue when a review event's payload is not what GitHub
 * sends.
 */
export function reviewTriggerOf(event: HostEvent | undefined): ReviewTrigger | undefined {
  if (!event || !(REVIEW_EVENTS as readonly string[]).includes(event.name)) return undefined;
  const name = event.name;
  if (name === 'issue_comment') {
    const p = parse(issueCommentPayload, event);
    if (!p.issue.pull_request)
      return notFeedback(`issue_comment on issue #${p.issue.number}, not a pull request`);
    if (p.action !== 'created') return notFeedback(`issue_comment ${p.action}, not created`);
    return commentTrigger(name, p.issue.number, p.comment.body, p.comment.user.login);
  }
  if (name === 'pull_request_review_comment') {
    const p = parse(reviewCommentPayload, event);
    const refused = refusedPullRequest(p.pull_request);
    if (refused) return notFeedback(refused);
    if (p.action !== 'created')
      return notFeedback(`pull_request_review_comment ${p.action}, not created`);
    return commentTrigger(name, p.pull_request.number, p.comment.body, p.comment.user.login);
  }
  const p = parse(reviewPayload, event);
  const refused = refusedPullRequest(p.pull_request);
  if (refused) return notFeedback(refused);
  if (p.action !== 'submitted')
    return notFeedback(`pull_request_review ${p.action}, not submitted`);
  const body = p.review.body ?? '';
  if (OWN_MARKER.test(body)) return notFeedback("the review is ticket-to-pr's own");
  if (p.review.state.toLowerCase() === 'changes_requested' || startsWithCommand(body))
    return { kind: 'revise', pullRequest: p.pull_request.number, event: name };
  return notFeedback(
    `the review by ${p.review.user.login} is '${p.review.state}', not a change request, and does not begin with '${COMMAND}'`,
  );
}

function commentTrigger(name: string, pr: number, body: string, login: string): ReviewTrigger {
  if (OWN_MARKER.test(body)) return notFeedback("the comment is ticket-to-pr's own");
  if (!startsWithCommand(body))
    return notFeedback(`the comment by ${login} does not begin with '${COMMAND}'`);
  return { kind: 'revise', pullRequest: pr, event: name };
}

function refusedPullRequest(pr: z.infer<typeof pullRequest>): string | undefined {
  if (!pr.head.ref.startsWith(BRANCH_PREFIX))
    return `pull request #${pr.number} comes from branch '${pr.head.ref}', not one of ticket-to-pr's (${BRANCH_PREFIX}*)`;
  if (pr.head.repo?.full_name !== pr.base.repo.full_name)
    return `pull request #${pr.number} comes from a fork`;
  if (pr.state !== 'open') return `pull request #${pr.number} is ${pr.state}`;
  return undefined;
}

function startsWithCommand(body: string): boolean {
  return body.trimStart().toLowerCase().startsWith(COMMAND);
}

function notFeedback(reason: string): ReviewTrigger {
  return { kind: 'not-feedback', reason: `Not feedback for ticket-to-pr: ${reason}.` };
}

function parse<T>(schema: z.ZodType<T>, event: HostEvent): T {
  const result = schema.safeParse(event.payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new InvalidValue(
    `the ${event.name} event payload (GITHUB_EVENT_PATH) is not what GitHub sends: ${first ? `${first.path.join('.') || 'payload'}: ${first.message}` : 'unreadable'}`,
  );
}

/**
 * `pull-request`: a number, or a pull request URL (GitHub `.../pull/7`, Azure Repos
 * `.../pullrequest/7`).
 */
export function parsePullRequestRef(raw: string): number {
  if (/^\d+$/.test(raw)) return parseInteger(raw, 1, 2_147_483_647);
  const match = /\/(?:pull|pullrequest)\/(\d+)\/?(?:[?#].*)?$/i.exec(raw);
  if (!match) {
    throw new InvalidValue(
      'expected a pull request number such as 7, or its URL (https://github.com/owner/repo/pull/7 or https://dev.azure.com/org/project/_git/repo/pullrequest/7)',
    );
  }
  return parseInteger(match[1]!, 1, 2_147_483_647);
}
