// Opt-in: the Azure Boards tracker against a real organization, in dry run. Runs only when
// TTP_LIVE_ADO_ORG_URL, TTP_LIVE_ADO_PROJECT and TTP_LIVE_ADO_TOKEN are all set. It runs the real
// eligibility query and reads the first candidate, and proves that nothing was written: every HTTP
// request the client sent is recorded, and none of them may change anything.
import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Logger } from '../../src/shared/logger.js';
import { createAzureBoardsTracker } from '../../src/tracker/azure-boards.js';

const orgUrl = process.env.TTP_LIVE_ADO_ORG_URL ?? '';
const project = process.env.TTP_LIVE_ADO_PROJECT ?? '';
const token = process.env.TTP_LIVE_ADO_TOKEN ?? '';
const describeLive = orgUrl && project && token ? describe : describe.skip;

/** Requests that only read although they are POSTs: the WIQL query and the batch read of work items. */
const READ_ONLY_POSTS = [/\/_apis\/wit\/wiql(\?|$)/i, /\/_apis\/wit\/workitemsbatch(\?|$)/i];

interface Sent {
  readonly method: string;
  readonly path: string;
}

/** Records the method and path of every request made through node:http and node:https. */
function recordRequests(): { sent: Sent[]; restore: () => void } {
  const sent: Sent[] = [];
  const originals = [
    [http, http.request],
    [https, https.request],
  ] as const;
  for (const [mod, original] of originals) {
    mod.request = ((...args: Parameters<typeof http.request>) => {
      const request = (original as typeof http.request)(...args);
      sent.push({ method: request.method, path: request.path });
      return request;
    }) as typeof http.request;
  }
  return {
    sent,
    restore: () => {
      for (const [mod, original] of originals) mod.request = original;
    },
  };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describeLive('live Azure Boards (dry run)', () => {
  it('picks a ticket or none, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-live-ado-'));
    const inputs: Record<string, string> = {
      'azure-devops-org-url': orgUrl,
      'azure-devops-project': project,
      'azure-devops-token': token,
      'dry-run': 'true',
      'output-dir': dir,
    };
    const config = parseConfig((name) => inputs[name] ?? '', {}, dir);
    expect(config.dryRun).toBe(true);
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m) => lines.push(m),
      info: (m) => lines.push(m),
      warning: (m) => lines.push(`warning: ${m}`),
      error: (m) => lines.push(`error: ${m}`),
      group: (_title, fn) => fn(),
    };
    const tracker = createAzureBoardsTracker({
      config,
      logger,
      identity: `ticket-to-pr live test on ${os.hostname()}`,
    });

    const recording = recordRequests();
    restore = recording.restore;
    const ticket = await tracker.pickAndClaim();
    recording.restore();

    if (ticket) {
      expect(Number.isInteger(ticket.id) && ticket.id > 0).toBe(true);
      expect(ticket.rev).toBeGreaterThan(0);
      expect(ticket.title.trim()).not.toBe('');
      expect(ticket.tags.map((t) => t.toLowerCase())).toContain(
        config.tracker.eligibleTag.toLowerCase(),
      );
      // Dry run picks without claiming: no working tag on the ticket as read.
      expect(ticket.tags).not.toContain('autofix:working');
      expect(ticket.webUrl).toContain(`/_workitems/edit/${ticket.id}`);
      expect(lines.some((l) => l.includes(`Dry run: would claim ticket ${ticket.id}`))).toBe(true);
    } else {
      expect(ticket).toBeUndefined();
    }

    expect(recording.sent.length).toBeGreaterThan(0);
    const writes = recording.sent.filter(
      (r) =>
        !['GET', 'HEAD', 'OPTIONS'].includes(r.method) &&
        !(r.method === 'POST' && READ_ONLY_POSTS.some((re) => re.test(r.path))),
    );
    expect(writes).toEqual([]);
    // The token never reaches a log line.
    expect(lines.join('\n')).not.toContain(token);
  }, 120_000);
});
