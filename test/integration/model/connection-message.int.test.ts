/**
 * When nothing answers at the Ollama URL, the message names the URL tried, what refused it, and
 * what to check (OLLAMA_HOST, `ollama serve`, the bind address), in a job and in `probe`.
 */
import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { probeCommand } from '../../../src/cli/commands/probe.js';
import { describeNetworkCause } from '../../../src/model/connection-message.js';
import { createOllamaGateway } from '../../../src/model/ollama-gateway.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import { fastClock, makeConfig, recordingLogger, tempDir } from './helpers.js';
import { closedPort } from '../../fixtures/closed-port.js';

function expectActionable(message: string, port: number): void {
  expect(message).toContain(`Ollama is not reachable at http://127.0.0.1:${port}`);
  expect(message).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/api/\\w+ failed`));
  expect(message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  expect(message).toContain("'ollama serve' is running");
  expect(message).toContain('OLLAMA_HOST');
  expect(message).toContain('OLLAMA_HOST=0.0.0.0');
}

describe('Ollama not reachable', () => {
  it('a job ends model-unavailable naming the URL, the refusal and what to check', async () => {
    const port = await closedPort();
    const clock = fastClock(Date.now);
    const gateway = createOllamaGateway({
      config: makeConfig(`http://127.0.0.1:${port}`),
      logger: recordingLogger(),
      deadline: Date.now() + 3_600_000,
      ...clock,
    });
    const error = await gateway.preflight().catch((e: unknown) => e);
    await gateway.close();
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expectActionable((error as Error).message, port);
  });

  it('what to check is said once: each retry warns of the failure, the final error says what to check', async () => {
    const port = await closedPort();
    const clock = fastClock(Date.now);
    const logger = recordingLogger();
    const gateway = createOllamaGateway({
      config: makeConfig(`http://127.0.0.1:${port}`),
      logger,
      deadline: Date.now() + 3_600_000,
      ...clock,
    });
    const error = await gateway.preflight().catch((e: unknown) => e);
    await gateway.close();
    const retries = logger.lines.filter((line) => / retry \d\/\d in /.test(line));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    for (const line of retries) {
      expect(line).toContain(`Ollama is not reachable at http://127.0.0.1:${port}`);
      expect(line).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(line).not.toContain('ollama serve');
    }
    const everything = [...logger.lines, (error as Error).message].join('\n');
    expect(everything.split("'ollama serve' is running").length - 1).toBe(1);
    expectActionable((error as Error).message, port);
  });

  it('probe says the same', async () => {
    const port = await closedPort();
    const dir = tempDir();
    let stderr = '';
    const code = await probeCommand.run(
      ['--ollama-host', `http://127.0.0.1:${port}`, '--lock-file', join(dir, 'lock')],
      { stdout: () => undefined, stderr: (t) => (stderr += t), env: {}, cwd: dir },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^probe failed: /m);
    expectActionable(stderr, port);
  });

  it('names every address tried when a host name resolves to several', () => {
    const refused = (address: string) =>
      Object.assign(new Error('x'), { code: 'ECONNREFUSED', address, port: 11434 });
    const aggregate = Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')]), {
      code: 'ECONNREFUSED',
    });
    expect(describeNetworkCause(aggregate)).toBe('ECONNREFUSED ::1:11434, 127.0.0.1:11434');
    expect(describeNetworkCause({ code: 'ENOTFOUND', hostname: 'gpu-box' })).toBe(
      'ENOTFOUND gpu-box',
    );
  });
});
