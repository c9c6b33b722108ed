// What the review-loop scenarios need beyond the sample: an editor that also answers revision
// prompts, and a human who pushes to the pull request's branch.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SimChatRequest } from '../../simulators/ollama/index.js';
import { SAMPLE_FIX } from './repo.js';
import { scriptedEditModel } from './scripted-model.js';

/** A reviewer comment containing this makes the scripted editor write a change that breaks a test. */
export const BREAK_IT = 'drop the rounding';

/**
 * The editor for tickets (the sample's fix) and for revisions: a revision prompt (it holds the
 * fenced review comments) gets one new comment line above the fixed return, numbered, or, when a
 * comment asks to BREAK_IT, a change that fails `10% off 200.00 is 180.00`.
 */
export function scriptedReviewEditor(): (request: SimChatRequest) => string {
  const ticketEditor = scriptedEditModel({ fixes: true });
  let revisions = 0;
  return (request) => {
    const prompt = request.messages.map((m) => m.content).join('\n');
    if (!prompt.includes('<<<REVIEW')) return ticketEditor(request);
    revisions += 1;
    const review = prompt.slice(prompt.lastIndexOf('<<<REVIEW'), prompt.lastIndexOf('REVIEW>>>'));
    const replace = review.includes(BREAK_IT)
      ? '  return totalCents * (1 - percent / 100) + 1;'
      : `  // Rounded to the cent (review note ${revisions}).\n${SAMPLE_FIX.replace}`;
    return [
      review.includes(BREAK_IT) ? 'Drop the rounding as asked.' : 'Explain the rounding as asked.',
      '',
      SAMPLE_FIX.path,
      '```',
      '<<<<<<< SEARCH',
      SAMPLE_FIX.replace,
      '=======',
      replace,
      '>>>>>>> REPLACE',
      '```',
      '',
    ].join('\n');
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/** A human pushes one commit (a new NOTES.md) on top of `branch` as the remote holds it; its sha. */
export function pushOnTop(remoteUrl: string, root: string, branch: string): string {
  const dir = path.join(root, `reviewer-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  git(root, 'clone', '--quiet', '--branch', branch, remoteUrl, dir);
  fs.writeFileSync(path.join(dir, 'NOTES.md'), 'Reviewer notes, pushed by hand.\n');
  git(dir, 'add', '-A');
  git(
    dir,
    '-c',
    'user.name=Rita Reviewer',
    '-c',
    'user.email=rita@example.com',
    'commit',
    '--quiet',
    '-m',
    'Notes by hand',
  );
  git(dir, 'push', '--quiet', 'origin', branch);
  return git(dir, 'rev-parse', 'HEAD');
}

/** The commit a branch of the bare remote points at. */
export function headOf(remoteDir: string, branch: string): string {
  return git(remoteDir, 'rev-parse', `refs/heads/${branch}`);
}

/** A file as a commit of the bare remote holds it. */
export function fileAt(remoteDir: string, commit: string, file: string): string {
  return git(remoteDir, 'show', `${commit}:${file}`);
}

export function parentOf(remoteDir: string, commit: string): string {
  return git(remoteDir, 'rev-parse', `${commit}^`);
}
