// npm run demo: the bundled action end to end, with no GPU and no accounts.
// A sample repository with a real bug and a failing test, the Azure DevOps simulator (board and
// Azure Repos) and the Ollama simulator with scripted model answers; then `node dist/index.js`
// exactly as a runner starts it. With --live-model, a real Ollama server (OLLAMA_HOST) answers.
// With --review, one review round follows the first pull request (demo/review.ts). With --agent, a
// ticket whose fix spans two files goes to the agent editor (edit-mode: agent), and its tool calls are printed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { scriptedEvidenceModel } from '../test/e2e/sample/scripted-evidence-model.js';
import {
  AGENT_REPO_FILES,
  AGENT_TICKET,
  scriptedAgentModel,
} from '../test/e2e/sample/scripted-agent-model.js';
import { SAMPLE_TICKET, scriptedTriageModel } from '../test/e2e/sample/scripted-model.js';
import { startWorld } from '../test/e2e/world.js';
import { reviewRound, scriptedRevisionAnswer } from './review.js';

const live = process.argv.includes('--live-model');
const review = process.argv.includes('--review');
const agent = process.argv.includes('--agent');
if (agent && review) {
  console.error('--agent and --review are separate demos; run one at a time.');
  process.exit(2);
}
const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const heading = (text: string): void => console.log(`\n${bold(`── ${text} `.padEnd(78, '─'))}`);

if (live && !process.env.OLLAMA_HOST) {
  console.error(
    '--live-model needs OLLAMA_HOST (e.g. http://127.0.0.1:11434) and the models pulled:',
  );
  console.error(
    '  TRIAGE_MODEL (default qwen2.5-coder:7b) and EDIT_MODEL (default qwen2.5-coder:32b).',
  );
  process.exit(2);
}

const world = await startWorld({
  tickets: [agent ? AGENT_TICKET : SAMPLE_TICKET],
  triageAnswer: scriptedTriageModel(),
  ...(agent ? { repoFiles: AGENT_REPO_FILES } : {}),
  // Reproduce first: a test for the ticket that fails on the base commit, then the fix.
  editAnswer: agent
    ? scriptedAgentModel('fix')
    : review
      ? (
          (ticketModel) => (request: Parameters<typeof ticketModel>[0]) =>
            scriptedRevisionAnswer(request) ?? ticketModel(request)
        )(scriptedEvidenceModel({ reproduce: ['valid'], edit: ['fix'] }))
      : scriptedEvidenceModel({ reproduce: ['valid'], edit: ['fix'] }),
  keepFiles: true,
});

try {
  heading('The setup');
  console.log(`Sample repository: ${world.repo.workDir} (remote ${world.repo.remoteUrl})`);
  console.log(
    agent
      ? '  src/discount.js and src/tax.js have bugs; test/discount.test.js and test/tax-rounding.test.js fail on them.'
      : '  src/discount.js has a bug; test/discount.test.js fails on it.',
  );
  console.log(
    `Azure DevOps simulator: ${world.ado.orgUrl}, project Shop, repository invoice-tools`,
  );
  const ticket = agent ? AGENT_TICKET : SAMPLE_TICKET;
  console.log(`  Ticket #1 [${ticket.tags.join(', ')}]: ${ticket.title}`);
  if (live) {
    console.log(`Models: the real Ollama server at ${process.env.OLLAMA_HOST}.`);
  } else {
    console.log(`Ollama simulator: ${world.ollama.url}`);
    console.log(
      '  SCRIPTED MODEL ANSWERS: the simulator answers with canned triage, file-pick and edit',
    );
    console.log(
      '  answers written for this sample (test/e2e/sample/scripted-model.ts); no model runs.',
    );
    if (agent)
      console.log(
        '  The edit model is scripted too (test/e2e/sample/scripted-agent-model.ts): it writes tool calls\n' +
          '  the way Qwen does, and the simulator turns them into tool_calls as Ollama does.',
      );
  }

  heading('node dist/index.js (as a GitHub Actions runner starts it)');
  const runInputs: Record<string, string> = live
    ? {
        reproduce: '',
        'ollama-host': process.env.OLLAMA_HOST!,
        'triage-model': process.env.TRIAGE_MODEL ?? 'qwen2.5-coder:7b',
        'edit-model': process.env.EDIT_MODEL ?? 'qwen2.5-coder:32b',
        'gpu-memory': '',
        'lock-wait': '30m',
      }
    : { reproduce: agent ? 'off' : '' }; // '' = the action's default: reproduce auto
  if (agent) runInputs['edit-mode'] = 'agent';
  const result = await world.run({
    inputs: runInputs,
    onOutput: (text) => process.stdout.write(text.replace(/^::debug::.*\n/gm, '')),
  });

  heading('Step outputs');
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`);
  console.log(`exit code: ${result.code}`);

  if (agent) printToolCalls(result.outputs['transcript-file']);

  heading('Evidence: what the change was shown to do');
  console.log(`evidence: ${result.outputs.evidence ?? '(none)'}`);
  const transcript = result.outputs['transcript-file'];
  const evidence =
    transcript && fs.existsSync(transcript)
      ? (
          JSON.parse(fs.readFileSync(transcript, 'utf8')) as {
            evidence: {
              shown: string;
              reproduction: { path?: string; content?: string; note: string };
            } | null;
          }
        ).evidence
      : null;
  if (evidence) {
    console.log(evidence.shown);
    if (evidence.reproduction.path) {
      console.log(`\nThe reproduction test, ${evidence.reproduction.path} (part of the PR):\n`);
      console.log(evidence.reproduction.content);
    } else {
      console.log(`No reproduction test: ${evidence.reproduction.note}`);
    }
  }

  const pr = [...world.ado.state.pullRequests.values()][0];
  heading('The draft pull request on the simulated Azure Repos');
  if (pr) {
    console.log(`#${pr.pullRequestId} ${pr.title}`);
    console.log(
      `draft: ${pr.isDraft}, status: ${pr.status}, ${pr.sourceRefName} → ${pr.targetRefName}`,
    );
    console.log(`linked work items: ${pr.workItemRefs.map((w) => `#${w.id}`).join(', ')}`);
    console.log(`url: ${result.outputs['pr-url']}\n`);
    console.log(pr.description);
    heading('Its diff');
    const branch = pr.sourceRefName.replace('refs/heads/', '');
    console.log(
      execFileSync('git', ['diff', `main...${branch}`], {
        cwd: world.repo.remoteDir,
        encoding: 'utf8',
      }),
    );
  } else {
    console.log('No pull request was opened; the reason is in the outputs above.');
  }

  heading('The ticket now');
  const item = world.ado.state.workItems.get(1)!;
  console.log(
    `#1 rev ${item.rev}, state ${String(item.fields['System.State'])}, tags: ${world.ado.tagsOf(1).join('; ')}`,
  );
  for (const relation of item.relations) {
    console.log(`link: ${relation.rel} ${String(relation.attributes.name ?? '')} ${relation.url}`);
  }
  for (const comment of item.comments) {
    console.log(`\ncomment by ${comment.createdBy.displayName}:`);
    console.log(
      comment.text
        .replace(/<br\s*\/?>|<\/(p|li|h\d|tr)>/gi, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    );
  }

  heading('Files');
  console.log(`Job summary (Markdown): ${result.outputs['summary-file']}`);
  console.log(`Transcript (JSON):      ${result.outputs['transcript-file']}`);
  const ok =
    result.code === 0 &&
    result.outputs.outcome === 'pr-opened' &&
    fs.existsSync(result.outputs['summary-file'] ?? '');
  console.log(
    ok
      ? '\nDemo finished: a draft PR was opened and the ticket settled.'
      : '\nDemo did not open a PR.',
  );
  const revised =
    ok && review && pr ? await reviewRound(world, pr.pullRequestId, heading, runInputs) : true;
  if (review) {
    console.log(
      revised
        ? '\nReview round finished: a verified commit on top of the PR and a reply on the thread.'
        : '\nThe review round did not revise the PR.',
    );
  }
  process.exitCode = ok && revised ? 0 : 1;
} finally {
  await world.close();
}

/** The agent's tool calls from the transcript: what it asked for, and the first line of each answer. */
function printToolCalls(transcript: string | undefined): void {
  heading("The agent editor's tool calls (from the transcript)");
  if (!transcript || !fs.existsSync(transcript)) {
    console.log('No transcript was written.');
    return;
  }
  const entries = (
    JSON.parse(fs.readFileSync(transcript, 'utf8')) as {
      entries: { stage: string; text: string; data?: { tool?: string } }[];
    }
  ).entries.filter((e) => e.stage.startsWith('agent turn') && e.data?.tool);
  for (const entry of entries) {
    const [call = '', answer = ''] = entry.text.split('\n---\n');
    const first = answer.split('\n').find((line) => line.trim() !== '') ?? '';
    console.log(`${entry.stage}: ${call.length > 110 ? `${call.slice(0, 110)}…` : call}`);
    if (first) console.log(`    → ${first.length > 100 ? `${first.slice(0, 100)}…` : first}`);
  }
}
