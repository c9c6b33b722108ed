/**
 * Which Markdown renderer a text is for. Each gets only syntax its documentation says it renders:
 *
 * - `github` (pull request bodies, step summaries): GitHub Flavored Markdown with alerts
 *   (`> [!NOTE]`, docs.github.com "Basic writing and formatting syntax", section "Alerts") and
 *   Mermaid in a ```` ```mermaid ```` fence (docs.github.com "Creating diagrams").
 * - `azure-devops` (Azure Repos pull request descriptions, Azure Pipelines summaries uploaded with
 *   `##vso[task.uploadsummary]`): the feature table of "Use Markdown in Azure DevOps"
 *   (https://learn.microsoft.com/azure/devops/project/wiki/markdown-guidance) lists headers,
 *   blockquotes, emphasis, code, tables, lists, links, images, task lists and emoji for pull
 *   requests, and no alerts; Mermaid is documented only for wiki pages, in a `::: mermaid` block
 *   (https://learn.microsoft.com/azure/devops/project/wiki/wiki-markdown-guidance, "Add Mermaid
 *   diagrams to a wiki page"). The UploadSummary logging command says only that the file is
 *   Markdown (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands,
 *   "UploadSummary"). So: a plain bold blockquote for a note, and no diagram.
 */
export type MarkdownFlavor = 'github' | 'azure-devops';

/** A note a reader must not miss: a GitHub alert, or a bold blockquote where alerts do not render. */
export function noteBlock(flavor: MarkdownFlavor, text: string): string {
  return flavor === 'github' ? `> [!NOTE]\n> ${text}` : `> **Note:** ${text}`;
}

/** True when the renderer draws a ```` ```mermaid ```` fence as a diagram. */
export function rendersMermaid(flavor: MarkdownFlavor): boolean {
  return flavor === 'github';
}
