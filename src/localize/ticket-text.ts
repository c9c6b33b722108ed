/**
 * The part of a ticket's body that is the reporter's own words. Issue templates add the same
 * headings, check lists and environment dumps to every ticket of a repository ("Describe the bug",
 * "- [x] Follow our Code of Conduct", `System: OS: … Binaries: Node: …`), and links carry ids and
 * base64 in their hosts, queries and fragments that look like words, and typed commands
 * (`npm install`) name the tools, not the code; all of that matches files by accident and none of it says where the
 * fault is. Paths and messages are read from the full text; this text feeds words and identifiers.
 */

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const FENCE = /```[^\n]*\n[\s\S]*?(?:```|$)/g;
/** Lines an environment report (`npx envinfo`, `eslint --env-info`) starts its sections with. */
const ENVIRONMENT_LINE =
  /^\s*(?:System|Binaries|Browsers|npmPackages|npmGlobalPackages|Environment Info|OS|CPU|Memory|Shell)\s*:/im;
const HEADING_LINE = /^[ \t]*#{1,6}[ \t].*$/gm;
const CHECKLIST_LINE = /^[ \t]*[-*][ \t]*\[[ xX]\].*$/gm;
/** A command someone typed (`npm install`, `git clone …`): the tool's words, not the code's. */
const COMMAND_LINE =
  /^[ \t]*(?:[$>][ \t]*)?(?:npm|npx|pnpm|pnpx|yarn|bun|bunx|git|cd|node|deno|corepack)[ \t].*$/gm;
const COMMAND_SPAN = /`(?:npm|npx|pnpm|pnpx|yarn|bun|bunx|git|node|deno)[ \t][^`\n]*`/g;
const URL = /\b[a-z][a-z+.-]*:\/\/[^\s)>\]'"`]+/gi;

export function reporterWords(body: string): string {
  return (
    body
      .replace(HTML_COMMENT, ' ')
      .replace(FENCE, (block) => {
        if (ENVIRONMENT_LINE.test(block)) return ' ';
        // The fence's language tag (```ts) is not a word of the ticket.
        return block.replace(/^```[^\n]*/, '```');
      })
      .replace(HEADING_LINE, ' ')
      .replace(CHECKLIST_LINE, ' ')
      .replace(COMMAND_LINE, ' ')
      .replace(COMMAND_SPAN, ' ')
      // A link's path can name the page or file meant; its host, query and fragment (ids, base64) cannot.
      .replace(URL, (url) => ` ${url.replace(/^[^:]+:\/\/[^/]*/, '').replace(/[?#].*$/, '')} `)
  );
}
