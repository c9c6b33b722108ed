import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyCommand } from '../../../src/cli/commands/apply.js';
import { makeRepo, snapshot } from '../../fixtures/edits/repo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** `ticket-to-pr apply --repo REPO --answer-file FILE`, as a user runs it. */
async function apply(files: Record<string, string>, answer: string) {
  const repo = makeRepo(files);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-apply-'));
  dirs.push(repo, scratch);
  const answerFile = path.join(scratch, 'answer.md');
  fs.writeFileSync(answerFile, answer);
  let stdout = '';
  const code = await applyCommand.run(['--repo', repo, '--answer-file', answerFile], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stdout += t),
    env: {},
    cwd: repo,
  });
  return { code, stdout, after: snapshot(repo) };
}

const block = (file: string, search: string, replace: string) =>
  `${file}\n\`\`\`js\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\`\n`;

const CONFIG_JS =
  'export const options = {\n  name: "merge",\n  deep: true,\n  strict: false,\n};\n';

describe('ticket-to-pr apply is honest about what it did', () => {
  it('a SEARCH line that is not in the file is refused, though its REPLACE line is there', async () => {
    const { code, stdout, after } = await apply(
      { 'config.js': CONFIG_JS },
      block('config.js', 'deep: false, // this line does not exist', '  deep: true,'),
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      "block 1: config.js: REFUSED (no-match): The SEARCH text is not in 'config.js'",
    );
    expect(stdout).not.toContain('already applied');
    expect(after['config.js']).toBe(CONFIG_JS);
  });

  it("a path with '..' is refused, though a file of that name is in the repository", async () => {
    const files = { 'src/a.js': 'export const a = 1;\n' };
    for (const name of ['../src/a.js', '../a.js']) {
      const { code, stdout, after } = await apply(
        files,
        block(name, 'export const a = 1;', 'export const a = 2;'),
      );
      expect(code).toBe(1);
      expect(stdout).toContain(`block 1: ${name}: REFUSED (unsafe-path)`);
      expect(stdout).toContain('confused about where it is, or steered');
      expect(after).toEqual(files);
    }
  });
});
