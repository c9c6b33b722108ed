/**
 * The Azure Boards tracker on azure-devops-node-api v17.
 *
 * Claim protocol (several runners, one ticket each):
 * - A claim is ONE JSON Patch: `test /rev` (the revision we judged eligible), `add` the tag
 *   `autofix:working`, and `add System.History` with a claim marker (runner, claimed at, lease until).
 *   The service applies it atomically, so of two runners racing for a revision exactly one wins; the
 *   other gets 412 (VS403351) and moves on to its next candidate.
 * - The marker becomes a comment in the same revision; a later runner reads the newest one. A claim
 *   whose lease has passed is abandoned (its runner died) and is taken over with the same guarded patch.
 * - settle() and release() are rev-guarded patches too (re-read and retried on 412), so every write
 *   this tracker makes may be repeated safely after a 429, a 5xx or a dropped connection.
 */
import type { IWorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi.js';
import type { JsonPatchOperation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces.js';
import type {
  Comment,
  WorkItem,
  WorkItemErrorPolicy,
  WorkItemExpand,
  CommentSortOrder,
} from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces.js';
import type { Config } from '../config/config.js';
import { ConfigError, getErrorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { STATUS_TAGS } from '../shared/outcome.js';
import { SecretMasker } from '../shared/secrets.js';
import type { Ticket } from '../shared/ticket.js';
import type { AttemptFailure, AttemptHistory, FailureMarker, MarkerComment } from './attempts.js';
import {
  attemptHistory,
  backoffMs,
  failureMarkerHtml,
  settledAfterAttemptsHtml,
} from './attempts.js';
import type { AzureConnection, CallOptions, RetryPolicy } from '../azure-devops/connection.js';
import { createAzureConnection, statusOf } from '../azure-devops/connection.js';
import type { ClaimMarker } from './claim-marker.js';
import { claimMarkerHtml, parseClaimMarker } from './claim-marker.js';
import type { TicketTextBudgets } from './ticket-reader.js';
import {
  DEFAULT_TICKET_BUDGETS,
  FIELDS,
  longTextField,
  tagsOf,
  toTicket,
} from './ticket-reader.js';
import type {
  HandledTicket,
  PickOptions,
  PullRequestLink,
  Settlement,
  Tracker,
} from './tracker.js';
import { FINAL_STATUS_TAGS, defaultCandidateQuery, recentlyHandledQuery } from './wiql.js';

// Enum values of the client, sent as numbers (the client does not convert them).
const EXPAND_RELATIONS = 1 as WorkItemExpand;
const COMMENTS_NEWEST_FIRST = 2 as CommentSortOrder;
const ERROR_POLICY_OMIT = 2 as WorkItemErrorPolicy;

const READ: CallOptions = { retry: 'idempotent', permission: 'Work Items (Read) (scope vso.work)' };
const WRITE: CallOptions = {
  retry: 'rev-guarded',
  permission:
    'Work Items (Read & write) (scope vso.work_write) and "Edit work items in this node" on the area',
};

/**
 * 412 (VS403351, our `test /rev` failed) and 409 (TF26071, our write lost a race with another, such
 * as the link a new pull request adds on the service's side) both mean: read again, then decide.
 */
function isRevisionConflict(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409;
}

/** How many candidates one WIQL query returns; the first one we can claim wins. */
const CANDIDATE_LIMIT = 50;
/** Newest comments searched for claim and attempt markers. */
const MARKER_COMMENTS = 100;
/** How many times settle/release re-read and retry after a human edited the ticket meanwhile. */
const MAX_GUARDED_ATTEMPTS = 5;

export interface AzureBoardsTrackerOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Who claims: the CI run URL, or the host name for terminal runs. */
  readonly identity: string;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long a claim holds before another runner may take it over. Default: job budget + 15 min. */
  readonly leaseMs?: number;
  readonly budgets?: Partial<TicketTextBudgets>;
  readonly retryPolicy?: RetryPolicy;
}

interface Candidate {
  readonly item: WorkItem;
  readonly id: number;
  readonly title: string;
}

export function createAzureBoardsTracker(options: AzureBoardsTrackerOptions): Tracker {
  const { config, logger, identity } = options;
  const tracker = config.tracker;
  const project = tracker.project;
  const now = options.now ?? (() => new Date());
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const leaseMs = options.leaseMs ?? config.budgets.jobBudgetMs + 15 * 60_000;
  const budgets: TicketTextBudgets = { ...DEFAULT_TICKET_BUDGETS, ...options.budgets };
  // No deadline here, unlike the forge: settle and release run once the job's budget is spent and
  // must still land; the retry policy bounds them (4 attempts, Retry-After up to 60 s).
  const connection: AzureConnection = createAzureConnection({
    orgUrl: tracker.orgUrl,
    token: tracker.token,
    logger,
    sleep,
    ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
  });
  /** Claims this tracker made, by ticket id: settle/release check they still hold. */
  const ourClaims = new Map<number, ClaimMarker>();
  /** The attempt history of each candidate judged eligible, read from its comments at pick time. */
  const histories = new Map<number, AttemptHistory>();
  logger.debug(
    `Azure Boards: ${tracker.orgUrl}, project ${project}, ${connection.scheme === 'pat' ? 'personal access token (Basic)' : 'bearer token'}.`,
  );

  const wit = (): Promise<IWorkItemTrackingApi> => connection.workItemTracking();

  function webUrlOf(id: number): string {
    return `${tracker.orgUrl}/${encodeURIComponent(project)}/_workitems/edit/${id}`;
  }

  async function getItem(id: number): Promise<WorkItem | undefined> {
    const api = await wit();
    const item = await connection.call(`read work item ${id}`, READ, () =>
      api.getWorkItem(id, undefined, undefined, EXPAND_RELATIONS, project),
    );
    return item ?? undefined; // the client answers a 404 with null
  }

  async function newestComments(id: number, top: number): Promise<Comment[]> {
    const api = await wit();
    const list = await connection.call(`read the comments of work item ${id}`, READ, () =>
      api.getComments(project, id, top, undefined, false, undefined, COMMENTS_NEWEST_FIRST),
    );
    return list?.comments ?? [];
  }

  /** The newest comments, for their markers; none read when the item says it has no comments. */
  async function markerComments(item: WorkItem): Promise<MarkerComment[]> {
    if (item.fields?.['System.CommentCount'] === 0) return [];
    return (await newestComments(Number(item.id), MARKER_COMMENTS)).map((c) => ({
      html: c.text ?? '',
      ...(c.createdBy?.id ? { authorId: c.createdBy.id } : {}),
    }));
  }

  function claimIn(comments: readonly MarkerComment[]): ClaimMarker | undefined {
    for (const comment of comments) {
      const marker = parseClaimMarker(comment.html);
      if (marker) return marker;
    }
    return undefined;
  }

  async function currentClaim(item: WorkItem): Promise<ClaimMarker | undefined> {
    return claimIn(await markerComments(item));
  }

  async function runQuery(query: string, top: number): Promise<number[]> {
    const api = await wit();
    const result = await connection.call('run the WIQL query', READ, () =>
      api.queryByWiql({ query }, { project }, undefined, top),
    );
    if (!result) {
      throw new ConfigError(
        `azure-devops-project: project '${project}' was not found on ${tracker.orgUrl}, or the token cannot see it.`,
      );
    }
    const refs = result.workItems ?? result.workItemRelations?.map((r) => r.target) ?? [];
    const ids = refs.map((r) => Number(r?.id)).filter((id) => Number.isInteger(id));
    return [...new Set(ids)];
  }

  async function readBatch(ids: number[]): Promise<WorkItem[]> {
    const api = await wit();
    const items: WorkItem[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      // $expand alone (no `fields`): the two together are refused (azure-devops-node-api#601).
      // errorPolicy omit: an id that is gone comes back as null in its place instead of failing
      // the whole batch with 404 (which the client turns into null, dropping all 200).
      const batch = await connection.call('read candidate work items', READ, () =>
        api.getWorkItemsBatch(
          { ids: chunk, $expand: EXPAND_RELATIONS, errorPolicy: ERROR_POLICY_OMIT },
          project,
        ),
      );
      items.push(...(batch ?? []).filter((item): item is WorkItem => item !== null));
    }
    const byId = new Map(items.map((item) => [Number(item.id), item]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      logger.warning(
        `Left out work item(s) ${missing.join(', ')}: the query listed them, but they could not be read (deleted, moved to another project, or hidden from this token).`,
      );
    }
    return ids.map((id) => byId.get(id)).filter((item): item is WorkItem => item !== undefined);
  }

  function linkedPullRequest(item: WorkItem): string | undefined {
    const relation = item.relations?.find(
      (r) =>
        (r.rel === 'ArtifactLink' && /^vstfs:\/\/\/Git\/PullRequestId\//i.test(r.url ?? '')) ||
        (r.rel === 'Hyperlink' && /\/pull(request)?s?\/\d+/i.test(r.url ?? '')),
    );
    return relation?.url;
  }

  /** Why a candidate is passed over, or undefined when it may be claimed. */
  async function passOverReason(
    candidate: Candidate,
    manual: boolean,
    pick: PickOptions,
  ): Promise<string | undefined> {
    const tags = tagsOf(candidate.item).map((t) => t.toLowerCase());
    if (!tags.includes(tracker.eligibleTag.toLowerCase())) {
      return `it does not carry the eligible tag '${tracker.eligibleTag}'`;
    }
    if (!manual) {
      const final = FINAL_STATUS_TAGS.find((t) => tags.includes(t));
      if (final) return `it carries '${final}' (already handled)`;
      const pr = linkedPullRequest(candidate.item);
      if (pr) return `it is linked to a pull request (${pr})`;
    }
    const comments = await markerComments(candidate.item);
    const working = tags.includes(STATUS_TAGS.working);
    if (working) {
      const claim = claimIn(comments);
      const leaseUntil = claim?.leaseUntil ?? fallbackLease(candidate.item);
      if (now() < leaseUntil) {
        return `it is being worked on by ${claim?.by ?? 'another runner'} (lease until ${leaseUntil.toISOString()})`;
      }
      logger.info(
        `Ticket ${candidate.id}: the claim by ${claim?.by ?? 'an unknown runner'} expired at ${leaseUntil.toISOString()}; taking it over.`,
      );
    }
    // A backed-off ticket is passed over, so the next candidate gets this run (a manual dispatch
    // ignores the backoff, and its attempt still counts).
    const history = attemptHistory(comments, working);
    histories.set(candidate.id, history);
    const last = history.failures.at(-1);
    if (!manual && last && history.eligibleAt && now() < history.eligibleAt) {
      return `attempt ${last.attempt} of ${tracker.maxAttempts} failed (${last.outcome}) and it is backed off until ${history.eligibleAt.toISOString()}`;
    }
    if (!manual && pick.skip) return pick.skip({ id: candidate.id, title: candidate.title });
    return undefined;
  }

  /** Without a marker (e.g. a tag set by hand), the last change counts as the claim time. */
  function fallbackLease(item: WorkItem): Date {
    const changed = new Date(String(item.fields?.[FIELDS.changedDate] ?? 0));
    return new Date(changed.getTime() + leaseMs);
  }

  async function patch(
    id: number,
    operations: JsonPatchOperation[],
    what: string,
  ): Promise<WorkItem | undefined> {
    const api = await wit();
    const result = await connection.call(what, WRITE, () =>
      api.updateWorkItem(undefined, operations, id, project),
    );
    return result ?? undefined;
  }

  /**
   * Before any claim: every status tag must exist in the project, or the token must be able to
   * create it. Adding a tag the project never had needs "Create tag definition"; without it the
   * service rejects the whole patch (403 TF401289), so a claimed ticket could never be settled.
   * Missing tags are tried with a validate-only patch on `probeId`, which saves nothing.
   */
  async function ensureStatusTags(probeId: number): Promise<void> {
    const api = await wit();
    const defined = await connection.call('list the project tags', READ, () =>
      api.getTags(project),
    );
    const known = new Set((defined ?? []).map((t) => (t.name ?? '').toLowerCase()));
    const missing = Object.values(STATUS_TAGS).filter((tag) => !known.has(tag));
    if (missing.length === 0) return;
    const operations = [
      { op: 'add', path: `/fields/${FIELDS.tags}`, value: missing.join('; ') },
    ] as unknown as JsonPatchOperation[];
    try {
      await connection.call(
        `check that the status tags can be created (validate only, work item ${probeId})`,
        { retry: 'idempotent', permission: WRITE.permission },
        () => api.updateWorkItem(undefined, operations, probeId, project, true),
      );
    } catch (error) {
      if (!(error instanceof ConfigError) || !/TF401289/.test(getErrorMessage(error))) throw error;
      throw new ConfigError(
        `The status tags ${missing.join(', ')} do not exist in project '${project}' and the token in azure-devops-token cannot create them: ` +
          `it lacks the "Create tag definition" permission (the service answered 403 TF401289). No ticket was claimed. ` +
          `One-time fix: add these tags once by hand to any work item (then remove them), or grant "Create tag definition" ` +
          `to the identity behind the token (Project settings > Permissions).`,
      );
    }
    logger.info(`The status tags ${missing.join(', ')} will be created on first use.`);
  }

  /**
   * The claim patch; undefined when another runner holds the ticket, else the work item as the
   * claim left it (`item` absent when an earlier attempt of ours won and the answer was lost).
   */
  async function claim(candidate: Candidate): Promise<{ item?: WorkItem } | undefined> {
    const claimedAt = now();
    const marker: ClaimMarker = {
      by: identity,
      claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + leaseMs),
      attempt: histories.get(candidate.id)?.nextAttempt ?? 1,
    };
    const operations = [
      { op: 'test', path: '/rev', value: candidate.item.rev },
      { op: 'add', path: `/fields/${FIELDS.tags}`, value: STATUS_TAGS.working },
      { op: 'add', path: '/fields/System.History', value: claimMarkerHtml(marker) },
    ] as unknown as JsonPatchOperation[]; // `op` goes as a string; the client's Operation enum is numeric.
    let updated: WorkItem | undefined;
    try {
      updated = await patch(candidate.id, operations, `claim work item ${candidate.id}`);
      if (!updated) return undefined;
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
      // Either another runner won, or an earlier attempt of ours succeeded before a retried one.
      const item = await getItem(candidate.id);
      const holder = item ? await currentClaim(item) : undefined;
      if (!holder || holder.by !== identity || holder.claimedAt.getTime() !== claimedAt.getTime())
        return undefined;
    }
    ourClaims.set(candidate.id, marker);
    return updated ? { item: updated } : {};
  }

  async function readTicket(id: number): Promise<Ticket> {
    const item = await getItem(id);
    if (!item) throw new Error(`Work item ${id} disappeared while it was being read.`);
    const comments = await newestComments(id, budgets.comments + 20);
    const webUrl =
      (item._links as { html?: { href?: string } } | undefined)?.html?.href ?? webUrlOf(id);
    const ticket = toTicket(item, comments, webUrl, budgets);
    for (const note of ticket.truncations) logger.info(`Ticket ${id}: ${note}.`);
    if (ticket.hiddenText) {
      logger.warning(
        `Ticket ${id}: text hidden from readers was ignored, in ${ticket.hiddenText.join('; ')}.`,
      );
    }
    return ticket;
  }

  async function candidateIds(): Promise<{ ids: number[]; manual: boolean }> {
    if (tracker.ticketId !== undefined) return { ids: [tracker.ticketId], manual: true };
    const query = tracker.wiqlQuery || defaultCandidateQuery(tracker);
    logger.debug(`WIQL: ${query}`);
    return { ids: await runQuery(query, CANDIDATE_LIMIT), manual: false };
  }

  async function pickAndClaim(pick: PickOptions = {}): Promise<Ticket | undefined> {
    const { ids, manual } = await candidateIds();
    if (ids.length === 0) {
      logger.info('No eligible tickets.');
      return undefined;
    }
    const items = await readBatch(ids).catch((error: unknown) => {
      // A manual ticket-id that does not exist makes the batch fail with 404.
      if (manual && statusOf(error) === 404) return [];
      throw error;
    });
    if (manual && items.length === 0) {
      throw new ConfigError(
        `ticket-id: work item ${tracker.ticketId} does not exist in project '${project}', or the token cannot read it.`,
      );
    }
    logger.info(`${items.length} candidate ticket(s): ${items.map((i) => i.id).join(', ')}.`);
    if (!config.dryRun) await ensureStatusTags(Number(items[0]!.id));
    for (const item of items) {
      const candidate: Candidate = {
        item,
        id: Number(item.id),
        title: String(item.fields?.[FIELDS.title] ?? ''),
      };
      const reason = await passOverReason(candidate, manual, pick);
      if (reason) {
        logger.info(`Passing over ticket ${candidate.id}: ${reason}.`);
        continue;
      }
      if (config.dryRun) {
        logger.info(
          `Dry run: would claim ticket ${candidate.id} "${candidate.title}"; nothing is written.`,
        );
        return readTicket(candidate.id);
      }
      // Read (and sanitise) before the claim: a hostile ticket costs bounded work while nothing is
      // held. The claim tests /rev, and a comment is a new revision, so when it succeeds on the
      // revision read here, this is the ticket as claimed.
      const ticket = await readTicket(candidate.id);
      const claimed = await claim(candidate);
      if (!claimed) {
        logger.info(
          `Ticket ${candidate.id} was claimed by another runner first; trying the next one.`,
        );
        continue;
      }
      logger.info(
        `Claimed ticket ${candidate.id} "${candidate.title}" as ${identity} (attempt ${ourClaims.get(candidate.id)?.attempt ?? 1} of ${tracker.maxAttempts}).`,
      );
      return claimed.item && ticket.rev === candidate.item.rev
        ? { ...ticket, rev: Number(claimed.item.rev), tags: tagsOf(claimed.item) }
        : readTicket(candidate.id);
    }
    logger.info('Every candidate was passed over or taken by another runner.');
    return undefined;
  }

  /**
   * Re-reads the ticket and applies `build`'s operations behind `test /rev`, again on 412 (a human
   * edited the ticket meanwhile). `build` returns undefined when there is nothing to write.
   */
  async function guardedUpdate(
    id: number,
    what: string,
    build: (item: WorkItem) => Promise<JsonPatchOperation[] | undefined>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const item = await getItem(id);
      if (!item)
        throw new Error(
          `Cannot ${what}: work item ${id} does not exist (or the token cannot read it).`,
        );
      const operations = await build(item);
      if (!operations) return;
      const guarded = [
        { op: 'test', path: '/rev', value: item.rev } as unknown as JsonPatchOperation,
        ...operations,
      ];
      try {
        await patch(id, guarded, `${what} (work item ${id})`);
        return;
      } catch (error) {
        if (!isRevisionConflict(error) || attempt >= MAX_GUARDED_ATTEMPTS) throw error;
        logger.info(
          `Work item ${id} changed while we were updating it; reading it again (${getErrorMessage(error)}).`,
        );
      }
    }
  }

  /** False when another runner took the claim over after our lease ran out: it owns the ticket now. */
  async function stillOurs(item: WorkItem): Promise<boolean> {
    const ours = ourClaims.get(Number(item.id));
    if (!ours) return true;
    const holder = await currentClaim(item);
    if (
      !holder ||
      (holder.by === ours.by && holder.claimedAt.getTime() === ours.claimedAt.getTime())
    )
      return true;
    logger.warning(
      `Ticket ${item.id} was taken over by ${holder.by} at ${holder.claimedAt.toISOString()} after our lease ran out; leaving it to that runner.`,
    );
    return false;
  }

  function relationFor(link: PullRequestLink): {
    rel: string;
    url: string;
    attributes: Record<string, string>;
  } {
    if (link.kind === 'azure-repos') {
      if (!link.artifactId)
        throw new Error('An Azure Repos pull request link needs the PR artifactId.');
      return { rel: 'ArtifactLink', url: link.artifactId, attributes: { name: 'Pull Request' } };
    }
    return {
      rel: 'Hyperlink',
      url: link.url,
      attributes: { comment: 'Pull request opened by ticket-to-pr' },
    };
  }

  async function settle(ticketId: number, settlement: Settlement): Promise<void> {
    if (config.dryRun) {
      logger.info(
        `Dry run: would tag ticket ${ticketId} ${settlement.statusTag} and comment; nothing is written.`,
      );
      return;
    }
    await guardedUpdate(ticketId, 'settle', async (item) => {
      if (!(await stillOurs(item))) return undefined;
      const ours = new Set<string>(Object.values(STATUS_TAGS));
      const tags = [
        ...tagsOf(item).filter((t) => !ours.has(t.toLowerCase())),
        settlement.statusTag,
      ];
      const operations: unknown[] = [
        { op: 'replace', path: `/fields/${FIELDS.tags}`, value: tags.join('; ') },
        // The comment rides in the same rev-guarded revision, so a retry can never post it twice.
        { op: 'add', path: '/fields/System.History', value: settlement.commentHtml },
      ];
      if (settlement.pullRequest) {
        const relation = relationFor(settlement.pullRequest);
        const present = item.relations?.some(
          (r) =>
            r.rel === relation.rel && (r.url ?? '').toLowerCase() === relation.url.toLowerCase(),
        );
        if (!present) operations.push({ op: 'add', path: '/relations/-', value: relation });
      }
      return operations as JsonPatchOperation[];
    });
    ourClaims.delete(ticketId);
  }

  /** The failed attempt as recorded on the ticket: masked reason, backoff unless it is the last one. */
  function failureMarker(ticketId: number, failure: AttemptFailure): FailureMarker {
    const attempt = ourClaims.get(ticketId)?.attempt ?? histories.get(ticketId)?.nextAttempt ?? 1;
    const failedAt = now();
    const last = attempt >= tracker.maxAttempts;
    return {
      attempt,
      maxAttempts: tracker.maxAttempts,
      outcome: failure.outcome,
      reason: new SecretMasker(config.secrets).mask(failure.reason),
      failedAt,
      ...(last ? {} : { eligibleAt: new Date(failedAt.getTime() + backoffMs(attempt)) }),
    };
  }

  async function release(ticketId: number, failure?: AttemptFailure): Promise<void> {
    if (config.dryRun) return;
    const marker = failure && failureMarker(ticketId, failure);
    const settles = marker !== undefined && marker.eligibleAt === undefined;
    let written = false;
    await guardedUpdate(
      ticketId,
      settles ? 'settle after the last attempt' : 'release the claim',
      async (item) => {
        written = false;
        const tags = tagsOf(item);
        if (!tags.some((t) => t.toLowerCase() === STATUS_TAGS.working)) return undefined;
        if (!(await stillOurs(item))) return undefined;
        const ours = new Set<string>(settles ? Object.values(STATUS_TAGS) : [STATUS_TAGS.working]);
        const rest = tags.filter((t) => !ours.has(t.toLowerCase()));
        const operations: unknown[] = [
          {
            op: 'replace',
            path: `/fields/${FIELDS.tags}`,
            value: (settles ? [...rest, STATUS_TAGS.needsHuman] : rest).join('; '),
          },
        ];
        if (marker) {
          const html = settles
            ? settledAfterAttemptsHtml(marker, histories.get(ticketId)?.failures ?? [])
            : failureMarkerHtml(marker);
          // In the same rev-guarded revision as the tag change: a retry never records it twice.
          operations.push({ op: 'add', path: '/fields/System.History', value: html });
        }
        written = true;
        return operations as JsonPatchOperation[];
      },
    );
    if (written && marker) {
      logger.info(
        settles
          ? `Ticket ${ticketId}: attempt ${marker.attempt} of ${marker.maxAttempts} failed (${marker.outcome}); settled ${STATUS_TAGS.needsHuman} with its attempt history.`
          : `Ticket ${ticketId}: attempt ${marker.attempt} of ${marker.maxAttempts} failed (${marker.outcome}); eligible again after ${marker.eligibleAt!.toISOString()}.`,
      );
    }
    ourClaims.delete(ticketId);
  }

  async function recentlyHandled(limit: number): Promise<readonly HandledTicket[]> {
    if (limit <= 0) return [];
    const ids = await runQuery(recentlyHandledQuery(), limit);
    const items = await readBatch(ids.slice(0, limit));
    return items.map((item) => {
      const notes: string[] = [];
      const text = [FIELDS.description, FIELDS.reproSteps, FIELDS.acceptanceCriteria]
        .map((field) => longTextField(item, field, notes))
        .filter(Boolean)
        .join('\n\n')
        .slice(0, budgets.description);
      const id = Number(item.id);
      return { id, title: String(item.fields?.[FIELDS.title] ?? ''), text, webUrl: webUrlOf(id) };
    });
  }

  async function readTicketIfAny(ticketId: number): Promise<Ticket | undefined> {
    return (await getItem(ticketId)) ? readTicket(ticketId) : undefined;
  }

  async function addComment(ticketId: number, html: string): Promise<void> {
    if (config.dryRun) {
      logger.info(`Dry run: would comment on ticket ${ticketId}; nothing is written.`);
      return;
    }
    const api = await wit();
    // Not retried: a retry after a lost answer could post the comment twice.
    await connection.call(`comment on work item ${ticketId}`, { ...WRITE, retry: 'once' }, () =>
      api.addComment({ text: html }, project, ticketId),
    );
  }

  return {
    pickAndClaim,
    settle,
    release,
    recentlyHandled,
    readTicket: readTicketIfAny,
    addComment,
  };
}
