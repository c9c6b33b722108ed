import { PLAIN_CHATML_TEMPLATE, QWEN25_CODER_TEMPLATE } from './tool-template.js';

/** What the simulator knows about one model: GGUF metadata for /api/show, sizes, speeds. */
export interface SimModelSpec {
  readonly name: string;
  readonly architecture: string;
  readonly family: string;
  readonly parameterSize: string;
  readonly parameterCount: number;
  readonly quantization: string;
  /** Bytes of the weights file: the `size` in /api/tags. */
  readonly weightBytes: number;
  readonly contextLength: number;
  readonly blockCount: number;
  readonly headCount: number;
  /** A number, or one number per layer (some architectures publish an array). */
  readonly headCountKv: number | readonly number[];
  readonly embeddingLength: number;
  readonly capabilities: readonly string[];
  /** Simulated seconds to load the weights fully on the GPU. */
  readonly loadSeconds: number;
  /** Generation speed on the GPU, tokens per simulated second. */
  readonly tokensPerSecond: number;
  readonly promptTokensPerSecond: number;
  /**
   * The chat template of /api/show, the tool-call tag read from it. Default: qwen2.5-coder's for
   * a model with the 'tools' capability, a ChatML template without tools otherwise (the server
   * derives 'tools' from a template that uses .Tools: server/images.go goTemplateCapabilities, fb30760).
   */
  readonly template?: string;
  /** Parameters text of /api/show (`%-30s %#v` lines). */
  readonly parameters?: Readonly<Record<string, number | string>>;
}

const GB = 1e9;

export const QWEN_CODER_7B: SimModelSpec = {
  name: 'qwen2.5-coder:7b',
  architecture: 'qwen2',
  family: 'qwen2',
  parameterSize: '7.6B',
  parameterCount: 7_615_616_512,
  quantization: 'Q4_K_M',
  weightBytes: 4.68 * GB,
  contextLength: 32768,
  blockCount: 28,
  headCount: 28,
  headCountKv: 4,
  embeddingLength: 3584,
  capabilities: ['completion', 'tools', 'insert'],
  loadSeconds: 6,
  tokensPerSecond: 60,
  promptTokensPerSecond: 2000,
};

export const QWEN_CODER_32B: SimModelSpec = {
  name: 'qwen2.5-coder:32b',
  architecture: 'qwen2',
  family: 'qwen2',
  parameterSize: '32.8B',
  parameterCount: 32_763_876_352,
  quantization: 'Q4_K_M',
  weightBytes: 19.85 * GB,
  contextLength: 32768,
  blockCount: 64,
  headCount: 40,
  headCountKv: 8,
  embeddingLength: 5120,
  capabilities: ['completion', 'tools', 'insert'],
  loadSeconds: 25,
  tokensPerSecond: 20,
  promptTokensPerSecond: 600,
};

export const DEFAULT_MODELS: readonly SimModelSpec[] = [QWEN_CODER_7B, QWEN_CODER_32B];

/** Full registry name, as the server spells it in error texts. */
export function registryName(name: string): string {
  const withTag = name.includes(':') ? name : `${name}:latest`;
  return withTag.includes('/') ? withTag : `registry.ollama.ai/library/${withTag}`;
}

/** Ollama accepts a name without a tag as `:latest`. */
export function normaliseName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

export function digestOf(spec: SimModelSpec): string {
  let hash = 0;
  for (const ch of spec.name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(8);
}

/**
 * Architectures v0.24 runs on its Go engine (v0.24.0 fs/ggml/ggml.go:277 OllamaEngineRequired, a
 * subset): their loads fail with the engine's own memory texts, not llama.cpp's.
 */
const GO_ENGINE_ARCHITECTURES = new Set([
  'gemma3',
  'gemma3n',
  'gptoss',
  'gpt-oss',
  'llama4',
  'mistral3',
  'qwen3',
  'qwen3moe',
]);

export function usesGoEngine(spec: SimModelSpec): boolean {
  return GO_ENGINE_ARCHITECTURES.has(spec.architecture);
}

export function templateOf(spec: SimModelSpec): string {
  return (
    spec.template ??
    (spec.capabilities.includes('tools') ? QWEN25_CODER_TEMPLATE : PLAIN_CHATML_TEMPLATE)
  );
}
