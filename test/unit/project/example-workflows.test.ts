/**
 * The example workflows pass only inputs action.yml declares, and the review workflow listens to
 * the events ticket-to-pr reads, in the scheduled job's concurrency group.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { REVIEW_EVENTS } from '../../../src/config/review-event.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (file: string) =>
  parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
type Workflow = {
  on: Record<string, unknown>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; if?: string }>;
};

const declared = Object.keys(read('action.yml').inputs as Record<string, unknown>);
const actionStep = (workflow: Workflow) =>
  Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((step) => step.uses?.includes('ticket-to-pr'))!;

describe('example GitHub workflows', () => {
  it.each(['examples/github-workflow.yml', 'examples/github-review-workflow.yml'])(
    '%s passes only declared inputs',
    (file) => {
      const used = Object.keys(actionStep(read(file) as unknown as Workflow).with ?? {});
      expect(used.filter((name) => !declared.includes(name))).toEqual([]);
    },
  );

  it('the review workflow listens to the review events, shares the GPU group and skips forks', () => {
    const review = read('examples/github-review-workflow.yml') as unknown as Workflow;
    const scheduled = read('examples/github-workflow.yml') as unknown as Workflow;
    for (const event of REVIEW_EVENTS) expect(Object.keys(review.on)).toContain(event);
    expect(review.concurrency).toEqual(scheduled.concurrency);
    expect(review.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const condition = review.jobs.revise!.if ?? '';
    expect(condition).toContain("startsWith(github.event.pull_request.head.ref, 'ticket-to-pr/')");
    expect(condition).toContain(
      'github.event.pull_request.head.repo.full_name == github.repository',
    );
    expect(actionStep(review).with).toHaveProperty('pull-request');
    expect(actionStep(review).with).toHaveProperty('max-revisions');
  });
});

describe('example Azure pipeline', () => {
  it('passes only declared inputs (INPUT_NAME_WITH_UNDERSCORES)', () => {
    const text = readFileSync(path.join(root, 'examples/azure-pipelines.yml'), 'utf8');
    const used = [...text.matchAll(/^\s+INPUT_([A-Z0-9_]+):/gm)].map((m) =>
      m[1]!.toLowerCase().replace(/_/g, '-'),
    );
    expect(used).toEqual(expect.arrayContaining(['ticket-id', 'pull-request', 'max-revisions']));
    expect(used.filter((name) => !declared.includes(name))).toEqual([]);
  });
});
