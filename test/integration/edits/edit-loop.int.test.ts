import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { editAndVerify } from '../../../src/edits/edit-loop.js';
import type { EditorFile } from '../../../src/edits/edit-loop.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { unsandboxed } from '../../../src/sandbox/sandbox.js';
import { createCommandVerifier } from '../../../src/verify/command-verifier.js';
import { makeConfig } from '../../fixtures/edits/config.js';
import { CALC_JS, CALC_TEST_JS, makeRepo, makeTicket } from '../../fixtures/edits/repo.js';
import { ScriptedGateway } from '../../fixtures/edits/scripted-gateway.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function block(search: string, replace: string, file = 'calc.js'): string {
  return `${file}\n\`\`\`js\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;
}

const addSub = block(
  'module.exports = { add, mul };',
  'function sub(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add, mul, sub };',
);
const breakAdd = block('  return a + b;', '  return a + b + 1;');
const fixAdd = block('  return a + b + 1;', '  return a + b;');

async function scenario(
  answers: string[],
  options: {
    testJs?: string;
    maxRepairAttempts?: number;
    format?: 'diff' | 'whole' | 'auto';
    description?: string;
    testCommand?: string;
    testResults?: string[];
  } = {},
) {
  const repo = makeRepo({ 'calc.js': CALC_JS, 'test.js': options.testJs ?? CALC_TEST_JS });
  dirs.push(repo);
  const config = makeConfig({
    repoPath: repo,
    editFormat: options.format ?? 'diff',
    verification: {
      testCommand: options.testCommand ?? 'node test.js',
      testResults: options.testResults ?? [],
      maxRepairAttempts: options.maxRepairAttempts ?? 2,
    },
  });
  const verifier = createCommandVerifier({
    config,
    repoRoot: repo,
    logger: silentLogger,
    commands: { sandbox: unsandboxed('test'), env: { PATH: process.env.PATH } },
  });
  const baseline = await verifier.run('baseline');
  const gateway = new ScriptedGateway(answers);
  const context: EditorFile[] = [{ path: 'calc.js', content: CALC_JS }];
  const result = await editAndVerify({
    ticket: makeTicket(options.description ? { description: options.description } : {}),
    context,
    gateway,
    verifier,
    baseline,
    config,
    repoRoot: repo,
    logger: silentLogger,
  });
  return {
    result,
    gateway,
    repo,
    baseline,
    calc: fs.readFileSync(path.join(repo, 'calc.js'), 'utf8'),
  };
}

describe('editAndVerify scenarios (scripted editor, real files, real node test.js)', () => {
  it('fixes the ticket in one round', async () => {
    const { result, calc, gateway } = await scenario([`I add sub and export it.\n\n${addSub}`]);
    expect(result.status).toBe('verified');
    expect(result.rounds).toBe(1);
    expect(result.modelSummary).toBe('I add sub and export it.');
    expect(result.changedFiles).toEqual(['calc.js']);
    expect(result.linesAdded).toBe(5);
    expect(result.linesRemoved).toBe(1);
    expect(result.diff).toContain('+module.exports = { add, mul, sub };');
    expect(calc).toContain('function sub(a, b)');
    expect(result.runs.map((r) => r.label)).toEqual(['round 1']);
    expect(gateway.requests[0]?.role).toBe('edit');
    expect(gateway.requests[0]?.messages[1]?.content).toContain('<<<TICKET');
  });

  it('fixes it after one repair round, sending the failing test back', async () => {
    const { result, gateway, calc } = await scenario([
      `Adding sub.\n${addSub}\n${breakAdd}`,
      `Oops, undo the +1.\n${fixAdd}`,
    ]);
    expect(result.status).toBe('verified');
    expect(result.rounds).toBe(2);
    expect(result.runs.map((r) => r.checks[0]?.passed)).toEqual([false, true]);
    const repairPrompt = gateway.requests[1]?.messages[1]?.content ?? '';
    expect(gateway.requests[1]?.purpose).toBe('edit round 2');
    expect(repairPrompt).toContain('Failing tests: adds numbers');
    expect(repairPrompt).toContain('return a + b + 1;'); // the files as they are now
    expect(calc).toContain('return a + b;\n');
    expect(result.modelSummary).toContain('Repair 1: Oops, undo the +1.');
  });

  it('with results files, the repair prompt carries each failing test and its whole message from them', async () => {
    const { result, gateway } = await scenario(
      [`Adding sub.\n${addSub}\n${breakAdd}`, `Oops, undo the +1.\n${fixAdd}`],
      {
        testCommand:
          'node --test --test-reporter=tap --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=junit.xml test.js',
        testResults: ['junit.xml'],
      },
    );
    expect(result.status).toBe('verified');
    const repairPrompt = gateway.requests[1]?.messages[1]?.content ?? '';
    expect(repairPrompt).toContain('Failing tests: adds numbers');
    expect(repairPrompt).toMatch(
      /✖ adds numbers\n.*Expected values to be strictly equal:\n\n6 !== 5/,
    );
  });

  it('keeps a {{failures}} in the ticket text as text; the failure report goes in its own section', async () => {
    const { gateway } = await scenario(
      [`Adding sub.\n${addSub}\n${breakAdd}`, `Oops, undo the +1.\n${fixAdd}`],
      { description: 'calc.js needs a `sub(a, b)` function. Template trick: {{failures}}' },
    );
    const repairPrompt = gateway.requests[1]?.messages[1]?.content ?? '';
    expect(repairPrompt).toContain('Template trick: {{failures}}');
    const section = repairPrompt.slice(repairPrompt.indexOf('What failed:'));
    expect(section).toContain('Failing tests: adds numbers');
    expect(repairPrompt.indexOf('Failing tests: adds numbers')).toBeGreaterThan(
      repairPrompt.indexOf('What failed:'),
    );
  });

  it('masks a configured secret that a failing test prints before it reaches the repair prompt', async () => {
    const leaky =
      CALC_TEST_JS +
      "test('leaks', () => { if (calc.add(2, 3) !== 5) throw new Error('token ado-token-value-1234'); });\n";
    const { gateway } = await scenario([`${addSub}\n${breakAdd}`, fixAdd], { testJs: leaky });
    const repairPrompt = gateway.requests[1]?.messages[1]?.content ?? '';
    expect(repairPrompt).toContain('leaks');
    expect(repairPrompt).not.toContain('ado-token-value-1234');
  });

  it('ends needs-human with the failing test named when repairs run out', async () => {
    const stillBroken = block('  return a * b;', '  return a * b; // unchanged logic');
    const { result, gateway } = await scenario([`${addSub}\n${breakAdd}`, stillBroken], {
      maxRepairAttempts: 1,
    });
    expect(result.status).toBe('needs-human');
    expect(result.rounds).toBe(2);
    expect(result.failing).toEqual(['adds numbers']);
    expect(result.reason).toContain(
      'failing (test names read from the console output): adds numbers',
    );
    expect(result.reason).toContain('after 1 repair attempt(s)');
    expect(gateway.remaining).toBe(0);
  });

  it('names the results file it read the failing test from when repairs run out', async () => {
    const stillBroken = block('  return a * b;', '  return a * b; // unchanged logic');
    const { result } = await scenario([`${addSub}\n${breakAdd}`, stillBroken], {
      maxRepairAttempts: 1,
      testCommand:
        'node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=junit.xml test.js',
      testResults: ['junit.xml'],
    });
    expect(result.status).toBe('needs-human');
    expect(result.failing).toEqual(['adds numbers']);
    expect(result.reason).toContain('failing (read from junit.xml): adds numbers');
  });

  it('reports a red baseline as such instead of blaming the change', async () => {
    const red =
      CALC_TEST_JS + "test('legacy rounding', () => assert.strictEqual(0.1 + 0.2, 0.3));\n";
    const { result, baseline } = await scenario([addSub], { testJs: red, maxRepairAttempts: 0 });
    expect(baseline.checks[0]?.passed).toBe(false);
    expect(result.status).toBe('red-baseline');
    expect(result.reason).toContain('already failing on the base commit');
    expect(result.reason).toContain(
      'failing (test names read from the console output): legacy rounding',
    );
    expect(result.verdict?.regressions).toEqual([]);
    expect(result.rounds).toBe(1);
  });

  it('gives a red baseline its repair attempts (the failing test may be the ticket), then reports it as red', async () => {
    const red =
      CALC_TEST_JS + "test('legacy rounding', () => assert.strictEqual(0.1 + 0.2, 0.3));\n";
    const { result, gateway } = await scenario([addSub, addSub], {
      testJs: red,
      maxRepairAttempts: 1,
    });
    expect(gateway.requests.map((r) => r.purpose)).toContain('edit round 2');
    expect(result.status).toBe('red-baseline');
    expect(result.reason).toContain('already failing on the base commit');
  });

  it('reflects on a SEARCH that does not match, with "did you mean", then applies the correction', async () => {
    const wrong = block('function add(a, b) {\n  return a + b; // sum', 'x');
    const { result, gateway } = await scenario([wrong, addSub]);
    expect(result.status).toBe('verified');
    expect(result.reflections).toBe(1);
    const feedback = gateway.requests[1]?.messages.at(-1)?.content ?? '';
    expect(gateway.requests[1]?.purpose).toBe('edit round 1 reflection 1');
    expect(feedback).toContain('Block 1 (calc.js): no-match');
    expect(feedback).toContain('Did you mean');
  });

  it('gives up with no-change after 3 reflections and leaves the file untouched', async () => {
    const protectedEdit = block('', 'on: push', '.github/workflows/x.yml');
    const { result, calc, gateway } = await scenario([
      protectedEdit,
      protectedEdit,
      protectedEdit,
      protectedEdit,
    ]);
    expect(result.status).toBe('no-change');
    expect(result.reflections).toBe(3);
    expect(gateway.requests).toHaveLength(4);
    expect(result.reason).toContain('protected');
    expect(calc).toBe(CALC_JS);
  });

  it('accepts a whole-file rewrite of a small file in auto format', async () => {
    const whole = `Rewrite.\n\ncalc.js\n\`\`\`js\n${CALC_JS.replace('module.exports = { add, mul };', 'function sub(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add, mul, sub };')}\`\`\``;
    const { result, gateway } = await scenario([whole], { format: 'auto' });
    expect(gateway.requests[0]?.messages[1]?.content).toContain('calc.js [rewrite whole file]');
    expect(result.status).toBe('verified');
    expect(result.blocks[0]).toMatchObject({ status: 'applied', method: 'whole-file' });
  });
});
