// Opt-in: the model gateway against a real Ollama server. Runs only when TTP_LIVE_OLLAMA_HOST is set
// (e.g. http://127.0.0.1:11434); TTP_LIVE_TRIAGE_MODEL picks the model (default qwen2.5-coder:7b),
// which must already be pulled. It loads the model once and asks one tiny structured question.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../../src/config/parse-config.js';
import { createOllamaGateway } from '../../src/model/ollama-gateway.js';
import type { Logger } from '../../src/shared/logger.js';

const host = process.env.TTP_LIVE_OLLAMA_HOST ?? '';
const model = process.env.TTP_LIVE_TRIAGE_MODEL || 'qwen2.5-coder:7b';
const describeLive = host ? describe : describe.skip;

/** A first load of a 7B model from disk can take a minute or more. */
const LIVE_TIMEOUT_MS = 5 * 60_000;

describeLive(`live Ollama at ${host || '(TTP_LIVE_OLLAMA_HOST unset)'}`, () => {
  it(
    `preflights ${model} and gets a schema-valid answer with its metrics`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-live-ollama-'));
      const inputs: Record<string, string> = {
        'ollama-host': host,
        'triage-model': model,
        'edit-model': model,
        'triage-context': '4096',
        'edit-context': '4096',
        'lock-file': path.join(dir, 'model.lock'),
        'lock-wait': '60s',
        // The tracker is never contacted here; its required inputs get placeholders.
        'azure-devops-org-url': 'https://dev.azure.com/live-ollama-test',
        'azure-devops-project': 'unused',
        'azure-devops-token': 'unused',
        'output-dir': dir,
      };
      const config = parseConfig((name) => inputs[name] ?? '', {}, dir);
      const lines: string[] = [];
      const logger: Logger = {
        debug: () => undefined,
        info: (m) => lines.push(m),
        warning: (m) => lines.push(`warning: ${m}`),
        error: (m) => lines.push(`error: ${m}`),
        group: (_title, fn) => fn(),
      };
      const gateway = createOllamaGateway({
        config,
        logger,
        deadline: Date.now() + LIVE_TIMEOUT_MS,
      });
      try {
        const report = await gateway.preflight();
        expect(report.serverVersion).toMatch(/^\d+\.\d+/);
        expect(report.models.map((m) => [m.role, m.name, m.numCtx])).toEqual([
          ['triage', model, 4096],
          ['edit', model, 4096],
        ]);
        // One model in both roles is never swapped out against itself.
        expect(report.swapModels).toBe(false);

        const schema = z.object({
          language: z.enum(['javascript', 'python', 'go']),
          confident: z.boolean(),
        });
        const { value, metrics } = await gateway.chatJson({
          role: 'triage',
          purpose: 'live check',
          messages: [
            {
              role: 'user',
              content:
                'Which language is this line written in: `const total = items.reduce((a, b) => a + b, 0);`? ' +
                'Answer as JSON: {"language": "javascript" | "python" | "go", "confident": true | false}.',
            },
          ],
          maxOutputTokens: 64,
          temperature: 0,
          schema,
        });
        expect(schema.safeParse(value).success).toBe(true);
        expect(metrics).toMatchObject({
          role: 'triage',
          model,
          purpose: 'live check',
          doneReason: 'stop',
        });
        expect(metrics.promptTokens).toBeGreaterThan(10);
        expect(metrics.outputTokens).toBeGreaterThan(0);
        expect(metrics.outputTokens).toBeLessThanOrEqual(64);
        expect(metrics.totalMs).toBeGreaterThan(0);
        expect(metrics.totalMs).toBeGreaterThanOrEqual(metrics.generateMs);
        expect(gateway.callMetrics()).toContainEqual(metrics);
        expect(lines.filter((l) => l.startsWith('error: '))).toEqual([]);
      } finally {
        await gateway.close();
      }
      // The host-wide lock is released for the next consumer.
      expect(fs.existsSync(path.join(dir, 'model.lock.lock'))).toBe(false);
    },
    LIVE_TIMEOUT_MS,
  );
});
