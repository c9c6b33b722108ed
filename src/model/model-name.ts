/** Ollama names a model without a tag as `:latest`: `qwen2.5-coder` and `qwen2.5-coder:latest` are one model. */
export function sameModel(a: string, b: string): boolean {
  const withTag = (name: string): string => (name.includes(':') ? name : `${name}:latest`);
  return withTag(a) === withTag(b);
}
