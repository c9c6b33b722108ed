// Scripted answers for the sample repository, standing in for the models in tests and the demo.
// They answer the way the real prompts ask: JSON for triage and file picking, SEARCH/REPLACE or a
// whole file for the editor, depending on how the prompt marks the file.
import type { SimChatRequest } from '../../simulators/ollama/index.js';
import { SAMPLE_FILES, SAMPLE_FIX } from './repo.js';

export interface TriageScript {
  readonly actionable?: boolean;
  readonly clarity?: 'clear' | 'unclear';
  readonly size?: 'small' | 'medium' | 'large';
  readonly reason?: string;
  readonly question?: string;
}

/** The small model: a triage verdict, or a file pick, by the JSON schema the request sends. */
export function scriptedTriageModel(
  script: TriageScript = {},
): (request: SimChatRequest) => string {
  return (request) => {
    const schema = request.format as { properties?: Record<string, unknown> } | undefined;
    if (schema?.properties && 'files' in schema.properties) {
      return JSON.stringify({
        files: [
          {
            path: 'src/discount.js',
            symbols: ['applyDiscount'],
            reason: 'applyDiscount computes the discounted total.',
          },
        ],
      });
    }
    return JSON.stringify({
      actionable: script.actionable ?? true,
      kind: 'bug',
      size: script.size ?? 'small',
      clarity: script.clarity ?? 'clear',
      reason: script.reason ?? 'A clear bug with the expected and actual result stated.',
      searchTerms: ['applyDiscount', 'discount', 'percent'],
      namedPaths: [],
      question: script.question ?? '',
    });
  };
}

/**
 * The editor. `fixes: true` writes the right change; `false` writes a plausible wrong one every
 * round, so verification keeps failing.
 */
export function scriptedEditModel(options: {
  fixes: boolean;
}): (request: SimChatRequest) => string {
  let round = 0;
  return (request) => {
    round += 1;
    const prompt = request.messages.map((m) => m.content).join('\n');
    // The line the editor sees now; a wrong editor changes it differently each round.
    const current = /^ {2}return totalCents.*$/m.exec(prompt)?.[0] ?? SAMPLE_FIX.search;
    const replacement = options.fixes
      ? SAMPLE_FIX.replace
      : `  return totalCents - percent * ${100 + round};`;
    const summary = options.fixes
      ? 'applyDiscount subtracted the percent itself instead of that percentage of the total; it now scales the total.'
      : 'applyDiscount now subtracts the percent in cents.';
    if (prompt.includes(`${SAMPLE_FIX.path} [rewrite whole file]`)) {
      const whole = SAMPLE_FILES[SAMPLE_FIX.path]!.replace(SAMPLE_FIX.search, replacement);
      return `${summary}\n\n${SAMPLE_FIX.path}\n\`\`\`\n${whole}\`\`\`\n`;
    }
    const search = options.fixes ? SAMPLE_FIX.search : current;
    return [
      summary,
      '',
      SAMPLE_FIX.path,
      '```',
      '<<<<<<< SEARCH',
      search,
      '=======',
      replacement,
      '>>>>>>> REPLACE',
      '```',
      '',
    ].join('\n');
  };
}

/** The ticket the sample's bug deserves. */
export const SAMPLE_TICKET = {
  title: 'Discount of 10% on a 200.00 cart gives 199.90 instead of 180.00',
  type: 'Bug',
  tags: ['autofix'],
  priority: 2,
  description:
    '<p>Applying a <b>10%</b> discount code to a cart of 200.00 charges 199.90. Expected 180.00.</p>' +
    '<p>Seen in <code>applyDiscount</code>; the test <code>10% off 200.00 is 180.00</code> fails.</p>',
  reproSteps:
    '<ol><li>Add items worth 200.00</li><li>Apply a 10% discount</li><li>See 199.90</li></ol>',
} as const;
