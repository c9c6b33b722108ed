// In-memory fakes of the ports, for orchestrator tests. Each records what was asked of it.
import type { AttemptFailure } from '../../src/tracker/attempts.js';
import type { Forge, PullRequest } from '../../src/forge/forge.js';
import type { BranchState, Workspace } from '../../src/git/workspace.js';
import type { ChatMessage, ModelGateway, PreflightReport } from '../../src/model/gateway.js';
import type { JobPorts } from '../../src/pipeline/run-job.js';
import type {
  EditResult,
  Localization,
  Stages,
  TriageDecision,
} from '../../src/pipeline/stages.js';
import type { Ticket } from '../../src/shared/ticket.js';
import type { Settlement, Tracker } from '../../src/tracker/tracker.js';
import type { Verifier, VerificationRun } from '../../src/verify/verifier.js';
import { FakeReviewForge } from './review-forge.js';

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 42,
    rev: 3,
    title: 'Date parser drops the time zone',
    type: 'Bug',
    state: 'Active',
    areaPath: 'Proj',
    tags: ['autofix'],
    webUrl: 'https://dev.azure.com/contoso/Proj/_workitems/edit/42',
    description: 'Parsing 2024-01-01T00:00:00+02:00 loses the offset.',
    reproSteps: '',
    acceptanceCriteria: '',
    comments: [],
    truncations: [],
    ...overrides,
  };
}

/** Throws `error` when the named step runs; used for fault injection. */
export type Faults = Partial<Record<FaultPoint, Error>>;
export type FaultPoint =
  | 'preflight'
  | 'triage'
  | 'localize'
  | 'baseline'
  | 'edit'
  | 'branchState'
  | 'push'
  | 'createPr'
  | 'settle';

export class FakeTracker implements Tracker {
  claimed: number[] = [];
  settled: { id: number; settlement: Settlement }[] = [];
  released: number[] = [];
  skippedReasons: string[] = [];

  constructor(
    private readonly queue: Ticket[],
    private readonly faults: Faults = {},
  ) {}

  /** Tickets still carrying the claim: claimed but neither settled nor released. */
  stillWorking(): number[] {
    return this.claimed.filter(
      (id) => !this.settled.some((s) => s.id === id) && !this.released.includes(id),
    );
  }

  async pickAndClaim(options?: {
    skip?: (c: { id: number; title: string }) => Promise<string | undefined>;
  }) {
    for (const t of this.queue) {
      const reason = await options?.skip?.({ id: t.id, title: t.title });
      if (reason) {
        this.skippedReasons.push(reason);
        continue;
      }
      this.claimed.push(t.id);
      return t;
    }
    return undefined;
  }
  async settle(id: number, settlement: Settlement) {
    if (this.faults.settle) throw this.faults.settle;
    this.settled.push({ id, settlement });
  }
  /** The failed attempts passed with each release (undefined: released without one). */
  releaseFailures: (AttemptFailure | undefined)[] = [];
  async release(id: number, failure?: AttemptFailure) {
    this.released.push(id);
    this.releaseFailures.push(failure);
  }
  async recentlyHandled() {
    return [];
  }
  async readTicket(id: number) {
    return this.queue.find((t) => t.id === id);
  }
  comments: { id: number; html: string }[] = [];
  async addComment(id: number, html: string) {
    this.comments.push({ id, html });
  }
}

export class FakeGateway implements ModelGateway {
  closed = 0;
  prepared: string[] = [];
  constructor(private readonly faults: Faults = {}) {}
  async preflight(): Promise<PreflightReport> {
    if (this.faults.preflight) throw this.faults.preflight;
    return { serverVersion: '0.12.6', models: [], swapModels: false, notes: [] };
  }
  promptBudget() {
    return 8000;
  }
  countTokens(text: string) {
    return Math.ceil(text.length / 4);
  }
  countMessages(messages: readonly ChatMessage[]): number {
    return messages.reduce((sum, m) => sum + 5 + this.countTokens(m.content), 3);
  }

  async chatWithTools(): Promise<never> {
    throw new Error('this fake gateway has no scripted tool answers');
  }

  async chat(): Promise<never> {
    throw new Error('the fake gateway answers through the fake stages');
  }
  async chatJson(): Promise<never> {
    throw new Error('the fake gateway answers through the fake stages');
  }
  async prepareFor(role: 'triage' | 'edit') {
    this.prepared.push(role);
  }
  callMetrics() {
    return [];
  }
  async close() {
    this.closed++;
  }
}

export class FakeWorkspace implements Workspace {
  readonly root = '/repo';
  pushes: { branch: string; message: string; paths: readonly string[] }[] = [];
  discarded = 0;
  /** What each call of restoreGitFiles reports, in turn (then nothing); the calls are counted. */
  gitFilesChanges: string[][] = [];
  gitFilesChecks = 0;
  async restoreGitFiles() {
    this.gitFilesChecks++;
    return this.gitFilesChanges.shift() ?? [];
  }
  constructor(
    private readonly branch: BranchState = { kind: 'absent' },
    private readonly faults: Faults = {},
    private readonly dryRun = false,
  ) {}
  async baseBranch() {
    return 'main';
  }
  async baseCommit() {
    return 'abc123';
  }
  async listTrackedFiles() {
    return ['src/parse.ts', 'test/parse.test.ts'];
  }
  async remoteUrl() {
    return 'https://dev.azure.com/contoso/Proj/_git/app';
  }
  async branchState(): Promise<BranchState> {
    if (this.faults.branchState) throw this.faults.branchState;
    return this.branch;
  }
  dirty: string[] = [];
  async uncommittedChanges() {
    return this.dirty;
  }
  checkedOutBase = 0;
  async checkoutBase() {
    this.checkedOutBase++;
  }
  async discardChanges() {
    this.discarded++;
  }
  async commitAndPush(input: { branch: string; message: string; paths: readonly string[] }) {
    if (this.faults.push) throw this.faults.push;
    this.pushes.push(input);
    return { branch: input.branch, commit: 'def456', pushed: !this.dryRun };
  }
  /** The pull request branch's head as the remote holds it (revision jobs). */
  remoteHead = 'head222';
  checkedOutHeads: string[] = [];
  async checkoutBranchHead(branch: string) {
    this.checkedOutHeads.push(branch);
    return this.remoteHead;
  }
  async diffAgainstBase() {
    return '--- a/src/parse.ts\n+++ b/src/parse.ts\n@@ -1 +1 @@\n-old\n+new';
  }
  revisions: { branch: string; onto: string; message: string; paths: readonly string[] }[] = [];
  /** A human's commit pushed to the branch while the revision ran: it is re-applied on top. */
  pushedMeanwhile: string | undefined;
  async commitOnTop(input: {
    branch: string;
    onto: string;
    message: string;
    paths: readonly string[];
  }) {
    if (this.faults.push) throw this.faults.push;
    this.revisions.push(input);
    return {
      branch: input.branch,
      commit: 'rev789',
      pushed: !this.dryRun,
      ...(this.pushedMeanwhile ? { rebasedOnto: this.pushedMeanwhile } : {}),
    };
  }
}

export class FakeForge implements Forge {
  readonly kind = 'azure-repos' as const;
  created: PullRequest[] = [];
  updated: PullRequest[] = [];
  constructor(
    public open: PullRequest[] = [],
    private readonly faults: Faults = {},
  ) {}
  async findOpenPullRequest(branch: string) {
    return this.open.find((p) => p.sourceBranch === branch);
  }
  async createPullRequest(input: {
    sourceBranch: string;
    targetBranch: string;
    title: string;
    draft: boolean;
  }) {
    if (this.faults.createPr) throw this.faults.createPr;
    const pr: PullRequest = {
      id: 7,
      webUrl: 'https://dev.azure.com/contoso/Proj/_git/app/pullrequest/7',
      sourceBranch: input.sourceBranch,
      targetBranch: input.targetBranch,
      title: input.title,
      isDraft: input.draft,
      artifactId: 'vstfs:///Git/PullRequestId/p%2Fr%2F7',
    };
    this.created.push(pr);
    this.open.push(pr);
    return pr;
  }
  bodies: string[] = [];
  async updatePullRequest(pr: PullRequest, content: { title: string; body: string }) {
    const next = { ...pr, title: content.title };
    this.updated.push(next);
    this.bodies.push(content.body);
    return next;
  }
}

export function run(label: string, passed: boolean): VerificationRun {
  return {
    label,
    checks: [
      {
        name: 'test',
        command: 'npm test',
        exitCode: passed ? 0 : 1,
        timedOut: false,
        durationMs: 10,
        passed,
        output: passed ? 'ok' : 'FAIL parse.test.ts',
      },
    ],
  };
}

export class FakeVerifier implements Verifier {
  runs: string[] = [];
  constructor(
    readonly canVerify = true,
    private readonly faults: Faults = {},
  ) {}
  async run(label: string) {
    if (label === 'baseline' && this.faults.baseline) throw this.faults.baseline;
    this.runs.push(label);
    return run(label, label !== 'baseline');
  }
}

export function fakeStages(
  options: { triage?: Partial<TriageDecision>; edit?: Partial<EditResult>; faults?: Faults } = {},
): Stages {
  const faults = options.faults ?? {};
  return {
    async triage() {
      if (faults.triage) throw faults.triage;
      return {
        proceed: true,
        summary: {
          actionable: true,
          kind: 'bug',
          size: 'small',
          clarity: 'clear',
          reason: 'Clear bug with a repro.',
        },
        searchTerms: ['parse'],
        namedPaths: [],
        ...options.triage,
      };
    },
    async localize(): Promise<Localization> {
      if (faults.localize) throw faults.localize;
      return {
        ranked: [{ path: 'src/parse.ts', score: 1, reasons: ['named identifier parse'] }],
        editorContext: {},
      };
    },
    async revisionContext({ targets }): Promise<Localization> {
      if (faults.localize) throw faults.localize;
      return {
        ranked: targets.map((t) => ({ path: t.path, score: 1, reasons: ['a review thread'] })),
        editorContext: {},
      };
    },
    async editAndVerify({ verifier }) {
      if (faults.edit) throw faults.edit;
      const after = await verifier.run('round 1');
      const status = options.edit?.status ?? 'verified';
      return {
        status: 'verified',
        reason: 'Tests pass.',
        rounds: [after],
        edit: {
          modelSummary: 'Keep the offset.',
          changedFiles: ['src/parse.ts'],
          diff: '+x',
          rounds: 1,
          linesAdded: 1,
          linesRemoved: 0,
        },
        // A verified change always carries its evidence (wiring.ts computes it only for 'verified').
        ...(status === 'verified'
          ? {
              evidence: {
                level: 'no-regression' as const,
                shown:
                  'Nothing that passed on the base commit fails now; no test showed the ticket’s behaviour.',
                reproduction: {
                  status: 'off' as const,
                  attempts: 0,
                  note: 'Reproduction was off.',
                },
                changedTests: [],
              },
            }
          : {}),
        ...options.edit,
      };
    },
  };
}

export interface FakeWorld {
  tracker: FakeTracker;
  gateway: FakeGateway;
  workspace: FakeWorkspace;
  forge: FakeForge;
  reviewForge: FakeReviewForge;
  verifier: FakeVerifier;
  ports: JobPorts;
}

export function fakeWorld(
  options: {
    tickets?: Ticket[];
    faults?: Faults;
    branch?: BranchState;
    openPrs?: PullRequest[];
    canVerify?: boolean;
    triage?: Partial<TriageDecision>;
    edit?: Partial<EditResult>;
    dryRun?: boolean;
    reviewForge?: FakeReviewForge;
  } = {},
): FakeWorld {
  const faults = options.faults ?? {};
  const tracker = new FakeTracker(options.tickets ?? [ticket()], faults);
  const gateway = new FakeGateway(faults);
  const workspace = new FakeWorkspace(options.branch, faults, options.dryRun);
  const forge = new FakeForge(options.openPrs, faults);
  const verifier = new FakeVerifier(options.canVerify ?? true, faults);
  const reviewForge = options.reviewForge ?? new FakeReviewForge('azure-repos', [], new Map());
  const stages = fakeStages({
    faults,
    ...(options.triage ? { triage: options.triage } : {}),
    ...(options.edit ? { edit: options.edit } : {}),
  });
  return {
    tracker,
    gateway,
    workspace,
    forge,
    reviewForge,
    verifier,
    ports: {
      gateway,
      tracker,
      workspace,
      forge: async () => forge,
      reviewForge: async () => reviewForge,
      verifier,
      stages,
    },
  };
}
