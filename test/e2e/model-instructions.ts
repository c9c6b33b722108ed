// Phrases written to instruct the model (the prompt and feedback templates in src/edits/prompts,
// src/pipeline/reproduce-prompts.ts, src/edits/apply-edits.ts, src/edits/guards.ts). None may reach
// a person: the reason, the summary, the log, the PR body, the ticket's comments, review replies.
import { expect } from '@jest/globals';
import type { RunResult, World } from './world.js';

export const MODEL_INSTRUCTION_PHRASES: readonly RegExp[] = [
  /\bReply with\b/,
  /\bAnswer with\b/,
  /\bWrite the test again\b/,
  /\bSend (corrected|fewer|the complete)\b/,
  /\bDo not send\b/,
  /\bSolve the task\b/,
  /\bMake a smaller\b/,
  /\bLeave this file alone\b/,
  /\bCopy the lines exactly\b/,
  /\bPut the test where\b/,
  /\bCheck the import paths\b/,
  /\b(Fix|Change) the source code\b/,
  /\bYou changed\b/,
  /\b[Yy]our (answer|file|SEARCH|summary|blocks?|edit block)/,
];

/** Every text a person reads after a run: step outputs, summary, log, PR bodies, ticket comments, review threads. */
export function peopleFacingTexts(w: World, r: RunResult): Record<string, string> {
  const texts: Record<string, string> = {
    reason: r.outputs.reason ?? '',
    summary: r.summary,
    // The log as the runner shows it; debug lines are hidden unless asked for.
    log: r.stdout.replace(/^::debug::.*$/gm, '') + r.stderr,
  };
  for (const pr of w.ado.state.pullRequests.values())
    texts[`PR ${pr.pullRequestId}`] = pr.description;
  for (const [id, item] of w.ado.state.workItems)
    item.comments.forEach((c, i) => (texts[`ticket ${id} comment ${i + 1}`] = c.text));
  // Review replies on Azure Repos threads, and everything else said in them.
  for (const thread of w.ado.threads.all)
    thread.comments.forEach(
      (c, i) =>
        (texts[`PR ${thread.pullRequestId} thread ${thread.id} comment ${i + 1}`] = c.content),
    );
  return texts;
}

/** Fails naming the text and the phrase, so a leak is found where it is. */
export function expectNoModelInstructions(w: World, r: RunResult): void {
  const leaks = Object.entries(peopleFacingTexts(w, r)).flatMap(([where, text]) =>
    MODEL_INSTRUCTION_PHRASES.filter((p) => p.test(text)).map(
      (p) =>
        `${where}: ${p} in …${text.slice(Math.max(0, text.search(p) - 80), text.search(p) + 80)}…`,
    ),
  );
  expect(leaks).toEqual([]);
}
