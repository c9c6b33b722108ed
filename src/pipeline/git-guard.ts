import { GitFilesChangedError } from '../git/errors.js';
import type { Workspace } from '../git/workspace.js';
import type { VerificationRun, Verifier } from '../verify/verifier.js';

/**
 * The verifier, with git's own files checked right after each run of the repository's commands
 * (baseline, reproduction, every round), before anything else can run git: whatever the commands
 * changed is put back, and the job ends needs-human (GitFilesChangedError). A change found wins
 * over the run's own failure (a timeout, say).
 */
export function gitGuardedVerifier(verifier: Verifier, workspace: Workspace): Verifier {
  return {
    canVerify: verifier.canVerify,
    async run(label: string): Promise<VerificationRun> {
      const outcome = await verifier.run(label).then(
        (run) => ({ run }),
        (error: unknown) => ({ error }),
      );
      const changed = await workspace.restoreGitFiles();
      if (changed.length > 0)
        throw new GitFilesChangedError(changed, `after the verification run '${label}'`);
      if ('error' in outcome) throw outcome.error;
      return outcome.run;
    },
  };
}
