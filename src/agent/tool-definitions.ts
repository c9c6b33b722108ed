import { z } from 'zod';
import type { ToolDefinition } from '../model/gateway.js';

/**
 * The agent editor's tools. The model never chooses a command: `run_tests` runs the configured
 * test command through the verifier, and takes no arguments. Every answer is bounded.
 */
export const TOOL_ARGUMENTS = {
  search: z.strictObject({
    query: z.string().min(1).max(200),
    path: z.string().max(500).optional(),
  }),
  read: z.strictObject({
    path: z.string().min(1).max(500),
    start_line: z.number().int().min(1).max(10_000_000).optional(),
    end_line: z.number().int().min(1).max(10_000_000).optional(),
  }),
  outline: z.strictObject({ path: z.string().min(1).max(500) }),
  list: z.strictObject({ path: z.string().max(500).optional() }),
  edit: z.strictObject({ blocks: z.string().min(1) }),
  run_tests: z.strictObject({}),
  finish: z.strictObject({ summary: z.string().min(1).max(4000) }),
} as const;

export type ToolName = keyof typeof TOOL_ARGUMENTS;
export type ToolArguments<N extends ToolName> = z.infer<(typeof TOOL_ARGUMENTS)[N]>;

export const TOOL_NAMES = Object.keys(TOOL_ARGUMENTS) as ToolName[];

const DESCRIPTIONS: Record<ToolName, string> = {
  search:
    'Find a text in the repository\'s tracked files (case-insensitive, literal). Returns "path:line: text" hits, at most 30. `path` limits it to a folder or file.',
  read: 'Read a tracked file with line numbers, at most 200 lines at a time. Give start_line and end_line to read a range.',
  outline: "List a file's classes, functions and methods with their line ranges.",
  list: 'List the tracked files and folders directly under a folder (the repository root when `path` is empty).',
  edit: 'Change files with SEARCH/REPLACE blocks: the file path on its own line, then a fenced block with <<<<<<< SEARCH, the exact current lines, =======, the new lines, >>>>>>> REPLACE. An empty SEARCH creates a new file.',
  run_tests:
    "Run the repository's configured test command on the files as they are now and get the failing tests. Takes no arguments.",
  finish: 'End the work. `summary` says what you changed and why, for the pull request.',
};

/** The tools as Ollama's `tools` array declares them, with JSON Schemas made from the zod schemas. */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = TOOL_NAMES.map((name) => {
  const { $schema: _, ...parameters } = z.toJSONSchema(TOOL_ARGUMENTS[name]) as Record<
    string,
    unknown
  >;
  return { name, description: DESCRIPTIONS[name], parameters };
});

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_ARGUMENTS, name);
}
