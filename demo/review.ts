// npm run demo -- --review: after the first pull request, one review round on the simulated Azure
// Repos. A reviewer asks for a change on a line; `node dist/index.js` runs again with
// `pull-request`, as a pipeline would; the demo shows the new commit's diff and the bot's reply.
import { execFileSync } from 'node:child_process';
import type { SimChatRequest } from '../test/simulators/ollama/index.js';
import type { World } from '../test/e2e/world.js';
import { SAMPLE_FIX } from '../test/e2e/sample/repo.js';

const REVIEWER = {
  id: '5b1c7e2a-0d9f-4c38-9a61-2f4e8d7c3b10',
  displayName: 'Rita Reviewer',
  uniqueName: 'rita@contoso.com',
};
const COMMENT = 'Please give the factor a name: `const factor = 1 - percent / 100;`, then use it.';
const REVISED = [
  '  const factor = 1 - percent / 100;',
  '  return Math.round(totalCents * factor);',
];

/**
 * The edit model's scripted answer to the revision: it sees the reviewer's comment in its prompt
 * (SCRIPTED, as every answer of the demo's simulated model) and names the factor.
 */
export function scriptedRevisionAnswer(request: SimChatRequest): string | undefined {
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (!prompt.includes('give the factor a name')) return undefined;
  return [
    'The factor now has a name, as the reviewer asked.',
    '',
    SAMPLE_FIX.path,
    '```',
    '<<<<<<< SEARCH',
    SAMPLE_FIX.replace,
    '=======',
    ...REVISED,
    '>>>>>>> REPLACE',
    '```',
    '',
  ].join('\n');
}

export async function reviewRound(
  world: World,
  pullRequestId: number,
  heading: (text: string) => void,
  inputs: Record<string, string>,
): Promise<boolean> {
  const pr = world.ado.state.pullRequests.get(pullRequestId)!;
  const branch = pr.sourceRefName.replace('refs/heads/', '');
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: world.repo.remoteDir, encoding: 'utf8' });
  const lines = git('show', `${branch}:${SAMPLE_FIX.path}`).split('\n');
  const line = lines.indexOf(SAMPLE_FIX.replace) + 1;

  heading('Review: a reviewer asks for a change on a line');
  const thread = world.ado.threads.add({
    pullRequestId,
    status: 'active',
    filePath: `/${SAMPLE_FIX.path}`,
    line,
    comments: [{ author: REVIEWER, content: COMMENT }],
  });
  console.log(
    `${REVIEWER.displayName} on ${SAMPLE_FIX.path}, line ${line} (thread ${thread.id}, active):`,
  );
  console.log(`  ${COMMENT}`);
  console.log('  (The simulated edit model answers it with a SCRIPTED edit: demo/review.ts.)');
  const before = git('rev-parse', branch).trim();

  heading(`node dist/index.js with pull-request: ${pullRequestId} (the revision job)`);
  const result = await world.run({
    inputs: { ...inputs, 'pull-request': String(pullRequestId) },
    onOutput: (text) => process.stdout.write(text.replace(/^::debug::.*\n/gm, '')),
  });
  console.log(`\noutcome: ${result.outputs.outcome ?? '(none)'}, exit code: ${result.code}`);

  const after = git('rev-parse', branch).trim();
  heading('The revision: its new commit on the branch');
  if (after === before) {
    console.log('The branch did not move.');
  } else {
    console.log(git('log', '--format=%h %an: %s', `${before}..${after}`).trim());
    console.log(
      `parent: ${git('rev-parse', '--short', `${after}^`).trim()} (the PR's head before)`,
    );
    console.log('');
    console.log(git('diff', before, after));
  }

  heading('The thread now (it stays active: resolving it is the reviewer’s call)');
  for (const comment of thread.comments) {
    console.log(`${comment.author.displayName}:`);
    console.log(
      comment.content
        .replace(/<!--[^]*?-->/g, '')
        .trim()
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  console.log(`status: ${thread.status ?? '(none)'}`);
  const replied = thread.comments.some((c) => c.author.id !== REVIEWER.id);
  return (
    result.outputs.outcome === 'pr-revised' &&
    after !== before &&
    git('rev-parse', `${after}^`).trim() === before &&
    replied &&
    thread.status === 'active'
  );
}
