/** The e2e helpers leave no temp directories behind. */
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { removeTempDirs, tempDir } from './cli/run-cli.js';
import path from 'node:path';
import { SAMPLE_TICKET, scriptedEditModel, scriptedTriageModel } from './sample/scripted-model.js';
import { startWorld } from './world.js';

describe('e2e temp directories', () => {
  it('a world removes its directory when closed, unless asked to keep it', async () => {
    const world = await startWorld();
    expect(fs.existsSync(world.repo.workDir)).toBe(true);
    await world.close();
    expect(fs.existsSync(world.dir)).toBe(false);

    const kept = await startWorld({ keepFiles: true });
    await kept.close();
    expect(fs.existsSync(kept.dir)).toBe(true);
    fs.rmSync(kept.dir, { recursive: true, force: true });
  });

  it('a job run leaves nothing in the temp folder: the sandbox removes its copy of .git/config', async () => {
    const world = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
    const tmp = fs.mkdtempSync(path.join(world.dir, 'tmp-'));
    try {
      const r = await world.run({ env: { TMPDIR: tmp } });
      expect(r.outputs.outcome).toBe('pr-opened');
      expect(r.summary).toContain('Isolation of the commands:** bubblewrap');
      expect(
        fs.readdirSync(tmp).filter((name) => name.startsWith('ticket-to-pr-sandbox-')),
      ).toEqual([]);
    } finally {
      await world.close();
    }
  }, 90_000);

  it("the CLI tests' temp dirs go with removeTempDirs", () => {
    const dirs = [tempDir(), tempDir('ttp-cli-x-')];
    removeTempDirs();
    expect(dirs.filter((d) => fs.existsSync(d))).toEqual([]);
  });
});
