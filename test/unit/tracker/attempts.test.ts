import { describe, expect, it } from '@jest/globals';
import {
  attemptHistory,
  backoffMs,
  failureMarkerHtml,
  parseFailureMarker,
  settledAfterAttemptsHtml,
  type FailureMarker,
  type MarkerComment,
} from '../../../src/tracker/attempts.js';
import { claimMarkerHtml } from '../../../src/tracker/claim-marker.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T10:00:00.000Z');
const BOT = 'bot-identity';

function claim(attempt: number | undefined, at: number, authorId = BOT): MarkerComment {
  return {
    html: claimMarkerHtml({
      by: 'https://ci.example/runs/7',
      claimedAt: new Date(at),
      leaseUntil: new Date(at + HOUR),
      ...(attempt === undefined ? {} : { attempt }),
    }),
    authorId,
  };
}

function failure(attempt: number, at: number, settled = false): FailureMarker {
  return {
    attempt,
    maxAttempts: 3,
    outcome: 'model-unavailable',
    reason: `triage (qwen2.5-coder:7b): Ollama at http://127.0.0.1:11434 is unavailable <try ${attempt}> & more`,
    failedAt: new Date(at),
    ...(settled ? {} : { eligibleAt: new Date(at + backoffMs(attempt)) }),
  };
}

function released(marker: FailureMarker, authorId = BOT): MarkerComment {
  return { html: failureMarkerHtml(marker), authorId };
}

const human = (html: string): MarkerComment => ({ html, authorId: 'someone' });

describe('backoff', () => {
  it('grows with each failure: 1 h, 4 h, 16 h, then at most a day', () => {
    expect([1, 2, 3, 4, 9].map((n) => backoffMs(n) / HOUR)).toEqual([1, 4, 16, 24, 24]);
  });
});

describe('failure marker', () => {
  it('round-trips attempt, class, times and reason, with HTML-special characters escaped', () => {
    const marker = failure(2, T0);
    const html = failureMarkerHtml(marker);
    expect(html).not.toContain('<try');
    expect(parseFailureMarker(html)).toEqual(marker);
  });

  it('reads a settling failure as one without an eligibility time', () => {
    const last = failure(3, T0, true);
    const html = settledAfterAttemptsHtml(last, [failure(1, T0 - 9 * HOUR), failure(2, T0 - HOUR)]);
    expect(parseFailureMarker(html)).toMatchObject({ attempt: 3, outcome: 'model-unavailable' });
    expect(parseFailureMarker(html)?.eligibleAt).toBeUndefined();
    expect(html).toContain('Attempt 1: model-unavailable');
    expect(html).toContain('Attempt 2: model-unavailable');
    expect(html).toContain('Attempt 3: model-unavailable');
  });

  it('keeps the comment short: a long reason is cut', () => {
    const html = failureMarkerHtml({ ...failure(1, T0), reason: 'x'.repeat(5000) });
    expect(html.length).toBeLessThan(800);
    expect(parseFailureMarker(html)?.reason.endsWith('…')).toBe(true);
  });

  it('ignores quoted markers and markers with impossible dates', () => {
    const text = failureMarkerHtml(failure(1, T0));
    expect(parseFailureMarker(`<p>As the bot said: ${text}</p>`)).toBeUndefined();
    expect(
      parseFailureMarker(
        '<p>[ticket-to-pr attempt] Attempt 1 of 3 failed (error) at soon; eligible again after never. Reason: x</p>',
      ),
    ).toBeUndefined();
  });
});

describe('attempt history', () => {
  it('is empty for a ticket never tried', () => {
    expect(attemptHistory([human('<p>Please fix</p>')])).toEqual({ failures: [], nextAttempt: 1 });
  });

  it('pairs each claim with the failure that released it, oldest first, and backs off from the newest', () => {
    const f1 = failure(1, T0);
    const f2 = failure(2, T0 + 2 * HOUR);
    const history = attemptHistory([
      released(f2),
      human('<p>still broken?</p>'),
      claim(2, T0 + 2 * HOUR - 60_000),
      released(f1),
      claim(1, T0 - 60_000),
    ]);
    expect(history.failures).toEqual([f1, f2]);
    expect(history.nextAttempt).toBe(3);
    expect(history.eligibleAt).toEqual(new Date(T0 + 2 * HOUR + 4 * HOUR));
  });

  it('starts afresh after a run that ended otherwise (settled, or a pull request)', () => {
    const history = attemptHistory([
      claim(2, T0 + 3 * HOUR), // this run was settled normally: no failure marker answers it
      released(failure(1, T0)),
      claim(1, T0 - 60_000),
    ]);
    expect(history).toEqual({ failures: [], nextAttempt: 1 });
  });

  it('starts afresh after the failure that settled the ticket needs-human', () => {
    const history = attemptHistory([
      released(failure(3, T0 + 5 * HOUR, true)),
      claim(3, T0 + 5 * HOUR),
      released(failure(2, T0)),
      claim(2, T0),
    ]);
    expect(history).toEqual({ failures: [], nextAttempt: 1 });
  });

  it('does not count forged or quoted failure markers written by someone else', () => {
    const forged = released(failure(1, T0), 'someone');
    expect(attemptHistory([forged, claim(1, T0 - 60_000)]).failures).toEqual([]);
    const quoted = human(`<p>Quote: ${failureMarkerHtml(failure(1, T0))}</p>`);
    expect(attemptHistory([quoted, claim(1, T0 - 60_000)]).failures).toEqual([]);
    // A failure that answers no claim of its attempt number counts for nothing either.
    expect(attemptHistory([released(failure(2, T0)), claim(1, T0 - 60_000)]).failures).toEqual([]);
  });

  it('keeps the history across a claim abandoned by a runner that died', () => {
    const f1 = failure(1, T0);
    const comments = [claim(2, T0 + 2 * HOUR), released(f1), claim(1, T0 - 60_000)];
    expect(attemptHistory(comments, true).failures).toEqual([f1]);
    expect(attemptHistory(comments, false).failures).toEqual([]);
  });
});

describe('failure marker for people', () => {
  const OOM =
    'Ollama ran out of memory for qwen2.5-coder:7b with num_ctx 8192 during triage: "llama runner process has terminated: CUDA error: out of memory current device: 0, in function ggml_backend_cuda_buffer_type_alloc_buffer at ggml-cuda.cu:375". Not retried: retrying out-of-memory only makes the server worse. What would help: free GPU memory: this plan needs about 5.9 GiB of the 43.2 GiB usable, so other processes or models hold the rest (see `nvidia-smi` and `ollama ps`); or fewer models kept loaded at once on the server (OLLAMA_MAX_LOADED_MODELS=1); or a smaller num_ctx 4096 (about 4.5 GiB).';

  it('keeps the remedy whole as a list, never cuts a word, and shows code as code', () => {
    const long = `${'The server said a great many things about its memory. '.repeat(10)}${OOM}`;
    const html = failureMarkerHtml({ ...failure(1, T0), outcome: 'model-capacity', reason: long });
    expect(html).toContain(
      '<p><b>What would help:</b></p><ul><li>free GPU memory: this plan needs about 5.9 GiB of the 43.2 GiB usable, so other processes or models hold the rest (see <code>nvidia-smi</code> and <code>ollama ps</code>)</li><li>fewer models kept loaded at once on the server (OLLAMA_MAX_LOADED_MODELS=1)</li><li>a smaller num_ctx 4096 (about 4.5 GiB)</li></ul>',
    );
    expect(html).not.toContain('`');
    const reason = parseFailureMarker(html)!.reason;
    expect(reason.endsWith('…')).toBe(true);
    // The cut falls after a whole word (a sentence end here), never inside one.
    expect(reason).toMatch(/[.\w] ?…$/);
    expect(long).toContain(reason.replace(/ ?…$/, ''));
    expect(long.charAt(reason.replace(/ ?…$/, '').length)).toMatch(/[\s.]/);
  });
});
