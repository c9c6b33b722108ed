/**
 * How a qwen2.5 chat template renders tools, tool calls and tool answers, for /api/show and for
 * the prompt token count. The template is qwen2.5-coder's on the ollama.com registry (a registry
 * blob, not in the ollama/ollama repository); its `{{ if .ToolCalls }}<tool_call>` branch gives
 * the tag `<tool_call>`, the tag tools/tools_test.go (main fb30760) uses for its qwen cases.
 */
import type { SimTool } from './tool-parser.js';

export const QWEN25_CODER_TEMPLATE = `{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>
{{- else if .Messages }}
{{- if or .System .Tools }}<|im_start|>system
{{- if .System }}
{{ .System }}
{{- end }}
{{- if .Tools }}

# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{{- range .Tools }}
{"type": "function", "function": {{ .Function }}}
{{- end }}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call>
{{- end }}<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ if .Content }}{{ .Content }}
{{- else if .ToolCalls }}<tool_call>
{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
{{ end }}</tool_call>
{{- end }}{{ if not $last }}<|im_end|>
{{ end }}
{{- else if eq .Role "tool" }}<|im_start|>user
<tool_response>
{{ .Content }}
</tool_response><|im_end|>
{{ end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ end }}
{{- end }}
{{- else }}
{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}{{ if .Prompt }}<|im_start|>user
{{ .Prompt }}<|im_end|>
{{ end }}<|im_start|>assistant
{{ end }}{{ .Response }}{{ if .Response }}<|im_end|>{{ end }}`;

/** A template without tools (what a model lacking the 'tools' capability has). */
export const PLAIN_CHATML_TEMPLATE =
  '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n';

/**
 * tools/template.go parseTag, for templates shaped like the ones here: the first text after the
 * `.ToolCalls` condition, cut at "{" and trimmed; "{" when there is none.
 */
export function toolCallTag(template: string): string {
  const after = /\.ToolCalls\s*-?}}([^]*?)(?:{{|$)/.exec(template)?.[1];
  const tag = (after ?? '').split('{')[0]!.replace(/\r\n/g, '\n').trim();
  return tag === '' ? '{' : tag;
}

/** The system-turn text the template adds for the tools offered. */
export function renderTools(tools: readonly SimTool[]): string {
  if (tools.length === 0) return '';
  const lines = tools.map(
    (t) => `{"type": "function", "function": ${JSON.stringify(t.function ?? {})}}`,
  );
  return (
    '\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n' +
    'You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n' +
    lines.join('\n') +
    '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n' +
    '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
  );
}

/** A message of a chat request, as far as the template reads it. */
export interface SimMessage {
  readonly role: string;
  readonly content?: string;
  readonly tool_calls?: readonly {
    readonly function?: { readonly name?: string; readonly arguments?: unknown };
  }[];
  readonly tool_name?: string;
}

/**
 * The text the template renders for one message, tags excluded (the per-message template tokens
 * are counted apart): an assistant turn's calls only when its content is empty (`{{ if .Content }}
 * … {{- else if .ToolCalls }}`), a tool answer inside <tool_response>.
 */
export function renderMessageBody(message: SimMessage): string {
  const content = message.content ?? '';
  if (message.role === 'assistant' && content === '' && (message.tool_calls ?? []).length > 0) {
    const calls = (message.tool_calls ?? []).map(
      (c) =>
        `{"name": "${c.function?.name ?? ''}", "arguments": ${JSON.stringify(c.function?.arguments ?? {})}}\n`,
    );
    return `<tool_call>\n${calls.join('')}</tool_call>`;
  }
  if (message.role === 'tool') return `<tool_response>\n${content}\n</tool_response>`;
  return content;
}

/** The raw text a qwen2.5 model writes to call a tool: what a scripted answer returns to make one call. */
export function toolCallText(name: string, args: Record<string, unknown>): string {
  return `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
}
