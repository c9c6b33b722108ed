/**
 * Runs the Ollama simulator as its own process, for demos and for tests that drive a separate
 * `node dist/…` process:  npx tsx test/simulators/ollama/serve.ts [--port N] [--time-scale N]
 * [--flavour 0.24|0.30] [--vram-gib N] [--answer MODEL=TEXT]…
 * Prints one JSON line `{"url": …}` when listening; GET /__sim/log returns the request log.
 */
import { GiB, startOllamaSimulator } from './index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const answers: Record<string, string> = {};
args.forEach((arg, i) => {
  if (arg !== '--answer') return;
  const value = args[i + 1] ?? '';
  const eq = value.indexOf('=');
  if (eq > 0) answers[value.slice(0, eq)] = value.slice(eq + 1);
});
const flavour = flag('--flavour') === '0.30' ? '0.30' : '0.24';
const simulator = await startOllamaSimulator({
  port: Number(flag('--port') ?? 0),
  timeScale: Number(flag('--time-scale') ?? 1),
  flavour,
  vramBytes: flag('--vram-gib') ? Number(flag('--vram-gib')) * GiB : undefined,
  answers,
});
process.stdout.write(JSON.stringify({ url: simulator.url }) + '\n');
const stop = (): void => void simulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
