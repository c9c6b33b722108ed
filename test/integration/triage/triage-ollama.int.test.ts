// Triage end to end: triageTicket → the real Ollama gateway → the `ollama` client over loopback HTTP
// → the Ollama simulator, whose scripted answers play the small model.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ModelGateway } from '../../../src/model/gateway.js';
import { ModelCapacityError } from '../../../src/shared/errors.js';
import {
  TriageError,
  triageAnswerSchema,
  triageTicket,
  type TriageAnswer,
} from '../../../src/triage/triage.js';
import { ticket } from '../../fakes/ports.js';
import { makeConfig, recordingLogger, simulatorGateway, TRIAGE } from '../model/helpers.js';
import {
  countTokens,
  modelRequests,
  startOllamaSimulator,
  type OllamaSimulator,
  type RequestLogEntry,
} from '../../simulators/ollama/index.js';

// Simulated time runs 500 times faster than real time: a model load takes milliseconds, so the
// deadline and keep-alive are set far enough ahead to outlast the whole file.
const TIME_SCALE = 500;
const SIM_DAY_MS = 86_400_000;

function verdictJson(overrides: Partial<TriageAnswer> = {}): string {
  const answer: TriageAnswer = {
    actionable: true,
    kind: 'bug',
    size: 'small',
    clarity: 'clear',
    reason: 'The parser drops the offset; a unit test can show the expected instant.',
    searchTerms: ['parseDate', 'offset'],
    namedPaths: ['src/date/parse.ts'],
    question: '',
    ...overrides,
  };
  return JSON.stringify(answer);
}

interface Setup {
  sim: OllamaSimulator;
  gateway: ModelGateway;
  logger: ReturnType<typeof recordingLogger>;
}

async function start(): Promise<Setup> {
  const sim = await startOllamaSimulator({ timeScale: TIME_SCALE });
  const logger = recordingLogger();
  const gateway = simulatorGateway(sim, makeConfig(sim.url, { keepAliveSeconds: 86_400 }), {
    logger,
    deadline: sim.clock.now() + SIM_DAY_MS,
  });
  await gateway.preflight();
  return { sim, gateway, logger };
}

/** Chat requests that reached the simulator for the triage model since `since` log entries. */
function triageChats(sim: OllamaSimulator, since: number): RequestLogEntry[] {
  return modelRequests(sim.requests.slice(since)).filter(
    (entry) => entry.path === '/api/chat' && entry.model === TRIAGE,
  );
}

function messagesOf(entry: RequestLogEntry | undefined): { role: string; content: string }[] {
  return (entry?.body?.messages ?? []) as { role: string; content: string }[];
}

describe('triage through the Ollama gateway and the simulator', () => {
  let s: Setup;

  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => {
    await s.gateway.close();
    await s.sim.close();
  });

  it('proceeds on a clear, small bug, sending a schema-constrained, fenced prompt', async () => {
    const since = s.sim.requests.length;
    s.sim.setAnswer(TRIAGE, verdictJson());
    const verdict = await triageTicket({ ticket: ticket(), gateway: s.gateway, logger: s.logger });

    expect(verdict.decision).toBe('proceed');
    expect(verdict.proceed).toBe(true);
    expect(verdict.searchTerms).toEqual(['parseDate', 'offset']);
    expect(verdict.namedPaths).toEqual(['src/date/parse.ts']);
    expect(verdict.summary).toMatchObject({ kind: 'bug', size: 'small', clarity: 'clear' });

    const chats = triageChats(s.sim, since);
    expect(chats).toHaveLength(1);
    const body = chats[0]!.body!;
    const format = body.format as { type?: string; properties?: Record<string, unknown> };
    expect(format.type).toBe('object');
    expect(Object.keys(format.properties ?? {})).toEqual(
      expect.arrayContaining(['actionable', 'size', 'clarity', 'question']),
    );
    expect(body.options).toMatchObject({ num_ctx: 8192, num_predict: 600, temperature: 0 });
    expect(body.truncate).toBe(false);
    const [system, user] = messagesOf(chats[0]);
    expect(system?.role).toBe('system');
    expect(user?.content).toContain('<<<TICKET');
    expect(user?.content).toContain('Parsing 2024-01-01T00:00:00+02:00 loses the offset.');
    expect(chats[0]!.doneReason).toBe('stop');
  });

  it("skips an unclear ticket and carries the model's question for the human", async () => {
    const question = 'On which page does the total go wrong, and what total did you expect?';
    s.sim.setAnswer(
      TRIAGE,
      verdictJson({
        clarity: 'unclear',
        reason: 'The ticket says the total is wrong but not where or what it should be.',
        searchTerms: [],
        namedPaths: [],
        question,
      }),
    );
    const verdict = await triageTicket({
      ticket: ticket({ id: 43, title: 'Total is off', description: 'Sometimes the total is off.' }),
      gateway: s.gateway,
      logger: s.logger,
    });

    expect(verdict.decision).toBe('skip');
    expect(verdict.proceed).toBe(false);
    expect(verdict.summary.question).toBe(question);
    expect(verdict.summary.reason).toBe(
      'Unclear: The ticket says the total is wrong but not where or what it should be.',
    );
  });

  it('skips a ticket the model sizes as large, saying why', async () => {
    s.sim.setAnswer(
      TRIAGE,
      verdictJson({
        kind: 'chore',
        size: 'large',
        reason: 'Replacing the ORM touches every repository class and the migrations.',
      }),
    );
    const verdict = await triageTicket({
      ticket: ticket({ id: 44, title: 'Move from TypeORM to Prisma', type: 'Task' }),
      gateway: s.gateway,
      logger: s.logger,
    });

    expect(verdict.decision).toBe('skip');
    expect(verdict.summary.reason).toBe(
      'Too large for an automated change (large; at most medium is attempted): Replacing the ORM touches every repository class and the migrations.',
    );
    expect(verdict.summary.question).toBeUndefined();
  });

  it('asks again once after a malformed answer and proceeds on the valid one', async () => {
    const since = s.sim.requests.length;
    const malformed = 'Sure! Here is the verdict: {actionable: yes, size: small}';
    s.sim.setAnswer(TRIAGE, [malformed, verdictJson()]);
    const verdict = await triageTicket({ ticket: ticket(), gateway: s.gateway, logger: s.logger });

    expect(verdict.decision).toBe('proceed');
    const chats = triageChats(s.sim, since);
    expect(chats).toHaveLength(2);
    // The second request shows the model its own answer and what was wrong with it.
    const retry = messagesOf(chats[1]);
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: malformed });
    expect(retry.at(-1)?.role).toBe('user');
    expect(retry.at(-1)?.content).toMatch(/^That answer was not valid: not JSON/);
    expect(s.logger.lines.some((l) => /^warning: triage: malformed answer/.test(l))).toBe(true);
  });

  it('fails the job with the reason after three malformed answers', async () => {
    const since = s.sim.requests.length;
    s.sim.setAnswer(TRIAGE, [
      'I think this is a bug.',
      '{"actionable": true, "kind": "bug"',
      verdictJson({ kind: 'defect' as TriageAnswer['kind'] }),
      verdictJson(), // never reached: three tries is the limit
    ]);
    const error = await triageTicket({
      ticket: ticket(),
      gateway: s.gateway,
      logger: s.logger,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TriageError);
    const { outcome, reason } = error as TriageError;
    expect(outcome).toBe('needs-human');
    expect(reason).toContain('the triage model gave no valid verdict');
    expect(reason).toContain('did not match the expected JSON after 3 tries');
    expect(reason).toMatch(/kind: Invalid option/); // what the last answer got wrong
    expect(triageChats(s.sim, since)).toHaveLength(3);
  });

  it('does not use an answer cut off at the output limit (done_reason "length")', async () => {
    // A schema-valid but rambling verdict: longer than the 600 tokens triage keeps for its answer.
    const rambling = verdictJson({
      reason: 'The offset is lost when the parser normalises the string. '.repeat(12).trim(),
      searchTerms: Array.from({ length: 20 }, (_, i) => `parseDateWithOffsetVariant${i}`),
      namedPaths: Array.from({ length: 20 }, (_, i) => `src/date/parsers/offset-${i}/parse.ts`),
    });
    expect(triageAnswerSchema.safeParse(JSON.parse(rambling)).success).toBe(true);
    expect(countTokens(rambling)).toBeGreaterThan(600);
    const since = s.sim.requests.length;
    s.sim.setAnswer(TRIAGE, [rambling, verdictJson()]);

    const error = await triageTicket({
      ticket: ticket(),
      gateway: s.gateway,
      logger: s.logger,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TriageError);
    expect((error as TriageError).outcome).toBe('needs-human');
    expect((error as TriageError).reason).toContain('cut off at 600 tokens (done_reason "length")');
    const chats = triageChats(s.sim, since);
    expect(chats).toHaveLength(1); // a cut answer is not retried as if it were malformed
    expect(chats[0]).toMatchObject({ doneReason: 'length', evalCount: 600 });
  });
});

describe('triage when the triage model does not fit at load', () => {
  let s: Setup;

  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => {
    await s.gateway.close();
    await s.sim.close();
  });

  it('lets the ModelCapacityError through unchanged, after one request', async () => {
    const thrown: unknown[] = [];
    const inner = s.gateway;
    const watched: ModelGateway = {
      preflight: () => inner.preflight(),
      promptBudget: (role, maxOutputTokens) => inner.promptBudget(role, maxOutputTokens),
      countTokens: (text) => inner.countTokens(text),
      countMessages: (messages, tools) => inner.countMessages(messages, tools),
      chat: (request) => inner.chat(request),
      chatWithTools: (request) => inner.chatWithTools(request),
      chatJson: (request) =>
        inner.chatJson(request).catch((error: unknown) => {
          thrown.push(error);
          throw error;
        }),
      prepareFor: (role) => inner.prepareFor(role),
      callMetrics: () => inner.callMetrics(),
      close: () => inner.close(),
    };
    const since = s.sim.requests.length;
    s.sim.setAnswer(TRIAGE, verdictJson());
    s.sim.faults.oomAtLoad();

    const error = await triageTicket({
      ticket: ticket(),
      gateway: watched,
      logger: s.logger,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelCapacityError);
    expect(thrown).toHaveLength(1);
    expect(error).toBe(thrown[0]); // not wrapped, not re-labelled
    expect((error as ModelCapacityError).outcome).toBe('model-capacity');
    expect((error as Error).message).toContain(`${TRIAGE} with num_ctx 8192`);
    expect((error as Error).message).toContain('Not retried');
    const chats = triageChats(s.sim, since);
    expect(chats).toHaveLength(1);
    expect(chats[0]!.oom).toBe(true);
    expect(s.sim.loaded()).toEqual([]);
  });
});
