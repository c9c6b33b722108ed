import type { Outcome } from '../shared/outcome.js';
import type { Ticket } from '../shared/ticket.js';
import type { AttemptFailure } from './attempts.js';

/** A link from the work item to the pull request. */
export interface PullRequestLink {
  readonly url: string;
  /** Azure Repos: an ArtifactLink named "Pull Request" (vstfs URL); GitHub: a Hyperlink. */
  readonly kind: 'azure-repos' | 'github';
  /** Azure Repos only: the PR's artifactId (vstfs:///Git/PullRequestId/...). */
  readonly artifactId?: string;
}

export interface Settlement {
  readonly outcome: Outcome;
  /** Final status tag (autofix:pr-opened / needs-human / skipped). */
  readonly statusTag: string;
  /** One HTML comment for the ticket: outcome, reason, links. */
  readonly commentHtml: string;
  readonly pullRequest?: PullRequestLink;
}

export interface PickOptions {
  /**
   * Asked for each candidate before it is claimed; a returned string is the reason to pass it over
   * (e.g. "branch ticket-to-pr/42-x already exists"). Lets the pipeline consult git and the forge.
   */
  readonly skip?: (candidate: { id: number; title: string }) => Promise<string | undefined>;
}

/** A handled ticket, for the near-duplicate check. */
export interface HandledTicket {
  readonly id: number;
  readonly title: string;
  readonly text: string;
  readonly webUrl: string;
}

/**
 * The system of record. Shaped so a GitHub Issues adapter can follow Azure Boards.
 * Auth failures throw ConfigError naming the missing permission.
 */
export interface Tracker {
  /**
   * Finds eligible tickets (or the configured ticket-id) and claims the first it can, atomically.
   * Returns the ticket re-read after the claim, or undefined when there is nothing to do.
   * In dry-run it picks without claiming.
   */
  pickAndClaim(options?: PickOptions): Promise<Ticket | undefined>;
  /** Final state: status tag, one comment, PR link (once), `autofix:working` removed. */
  settle(ticketId: number, settlement: Settlement): Promise<void>;
  /**
   * Removes our claim (operator outcomes). With `failure`, the failed attempt is recorded on the
   * ticket with its backoff, or, at the last allowed attempt, the ticket is settled needs-human.
   */
  release(ticketId: number, failure?: AttemptFailure): Promise<void>;
  /** Recently settled tickets, newest first, for the near-duplicate check. */
  recentlyHandled(limit: number): Promise<readonly HandledTicket[]>;
  /**
   * The ticket as it is now, without claiming it (a revision job reads the ticket its pull request
   * came from); undefined when it does not exist.
   */
  readTicket(ticketId: number): Promise<Ticket | undefined>;
  /** One comment in the ticket's discussion; its tags and claim are left as they are. */
  addComment(ticketId: number, html: string): Promise<void>;
}
