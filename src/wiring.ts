import type { Wiring } from './main.js';
import { OutcomeError } from './shared/errors.js';

// Temporary: replaced by the real composition of the adapters as they land.
export const defaultWiring: Wiring = {
  async createPorts() {
    throw new OutcomeError('error', 'adapters not wired yet');
  },
  renderers() {
    return {
      pullRequestTitle: (t) => t.title,
      pullRequestBody: (r) => r.reason,
      ticketComment: (r) => r.reason,
      summary: (r) => `# ticket-to-pr: ${r.outcome}\n\n${r.reason}\n`,
      transcriptJson: (t, r) =>
        JSON.stringify({ outcome: r.outcome, entries: t.entries() }, null, 2),
    };
  },
};
