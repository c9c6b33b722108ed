// The HTML pages `npm run render` writes: Markdown as GitHub renders it (GFM through markdown-it with
// GitHub's alerts and task lists, GitHub's stylesheet, Mermaid fences drawn), and ticket comments
// inserted as HTML, the way Azure Boards shows a comment's text. Assets load from node_modules by
// file:// URL, so nothing downloads. Each page writes its height into <title> once drawn, so the
// screenshot can take the whole page.
import MarkdownIt from 'markdown-it';
import githubAlerts from 'markdown-it-github-alerts';
import taskLists from 'markdown-it-task-lists';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const markdown = new MarkdownIt({ html: true, linkify: true });
markdown.use(githubAlerts).use(taskLists);
const defaultFence = markdown.renderer.rules.fence!;
markdown.renderer.rules.fence = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  if (token.info.trim() === 'mermaid') {
    return `<pre class="mermaid">${markdown.utils.escapeHtml(token.content)}</pre>\n`;
  }
  return defaultFence(tokens, index, options, env, self);
};

const escape = (text: string): string => markdown.utils.escapeHtml(text);

function asset(root: string, relative: string): string {
  return pathToFileURL(path.join(root, 'node_modules', relative)).href;
}

function page(title: string, body: string, root: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<link rel="stylesheet" href="${asset(root, 'github-markdown-css/github-markdown-light.css')}">
<link rel="stylesheet" href="${asset(root, 'markdown-it-github-alerts/styles/github-colors-light.css')}">
<link rel="stylesheet" href="${asset(root, 'markdown-it-github-alerts/styles/github-base.css')}">
<style>
  body { margin: 0; background: #fff; }
  .frame { box-sizing: border-box; width: 1012px; padding: 24px 32px; }
  .caption { font: 12px ui-monospace, monospace; color: #59636e; margin-bottom: 12px; }
  ${extraStyle}
</style></head>
<body><div class="frame"><div class="caption">${escape(title)}</div>
${body}
</div>
<script src="${asset(root, 'mermaid/dist/mermaid.min.js')}"></script>
<script>
  const done = () => {
    const frame = document.querySelector('.frame');
    document.title = 'height:' + Math.ceil(frame.getBoundingClientRect().bottom);
  };
  if (document.querySelector('pre.mermaid')) {
    mermaid.initialize({ startOnLoad: false, theme: 'default' });
    mermaid.run().then(done, (e) => { document.body.insertAdjacentText('beforeend', String(e)); done(); });
  } else done();
</script></body></html>
`;
}

/** A Markdown text (PR body, job summary) as GitHub would show it. */
export function markdownPage(title: string, text: string, root: string): string {
  return page(title, `<article class="markdown-body">${markdown.render(text)}</article>`, root);
}

/** A ticket comment's text as Azure Boards shows it: the text is HTML. */
export function ticketCommentPage(title: string, html: string, root: string): string {
  return page(
    title,
    `<div class="boards-comment">${html}</div>`,
    root,
    `.boards-comment { font: 14px "Segoe UI", system-ui, sans-serif; color: #201f1e;
       border: 1px solid #e1dfdd; border-radius: 4px; padding: 12px 16px; max-width: 720px; }`,
  );
}
