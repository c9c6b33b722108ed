// npm run render: what people read, as they see it. Runs the bundled action (dist/index.js) in the
// demo's world for the outcomes people meet most — a draft PR, needs-human, model-capacity,
// skipped — and writes each thing a person reads (PR body, job summary, ticket comment) as an HTML
// page: Markdown through a GFM renderer with GitHub's alerts and task lists, Mermaid diagrams drawn,
// ticket comments as the HTML Azure Boards shows. With Debian's `chromium` on PATH, each page is
// also screenshot to PNG. Usage: npm run render [-- --out DIR]   (default: render-output/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptedEvidenceModel } from '../../test/e2e/sample/scripted-evidence-model.js';
import {
  SAMPLE_TICKET,
  scriptedEditModel,
  scriptedTriageModel,
} from '../../test/e2e/sample/scripted-model.js';
import { startWorld, type RunResult, type World } from '../../test/e2e/world.js';
import { findChromium, screenshot } from './chromium.js';
import { markdownPage, ticketCommentPage } from './page.js';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const outFlag = process.argv.indexOf('--out');
const outDir = path.resolve(outFlag > 0 ? process.argv[outFlag + 1]! : 'render-output');

interface Scenario {
  readonly name: string;
  readonly world: Parameters<typeof startWorld>[0];
  readonly inputs?: Record<string, string>;
  readonly arm?: (w: World) => void;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'pr-opened',
    world: { editAnswer: scriptedEvidenceModel({ reproduce: ['valid'], edit: ['fix'] }) },
    inputs: { reproduce: '' },
  },
  { name: 'needs-human', world: { editAnswer: scriptedEditModel({ fixes: false }) } },
  {
    name: 'model-capacity',
    world: { editAnswer: scriptedEditModel({ fixes: true }) },
    // Out of memory in the first generation after the claim, so the ticket hears of it.
    arm: (w) => w.ollama.faults.oomMidStream(3),
  },
  {
    name: 'skipped',
    world: {
      triageAnswer: scriptedTriageModel({
        clarity: 'unclear',
        reason: 'The rounding rule is not stated.',
        question: 'Should the discount apply before or after tax?',
      }),
    },
  },
];

interface Page {
  readonly file: string;
  readonly html: string;
}

function pagesOf(scenario: string, w: World, r: RunResult): Page[] {
  const pages: Page[] = [];
  const title = (what: string) => `${scenario}: ${what}`;
  if (r.summary) {
    pages.push({
      file: `${scenario}-summary`,
      html: markdownPage(title('job summary'), r.summary, root),
    });
  }
  for (const pr of w.ado.state.pullRequests.values()) {
    pages.push({
      file: `${scenario}-pr-body`,
      html: markdownPage(title(`PR #${pr.pullRequestId} body (Azure Repos)`), pr.description, root),
    });
  }
  const comments = w.ado.state.workItems.get(1)?.comments ?? [];
  comments.forEach((comment, i) => {
    pages.push({
      file: `${scenario}-ticket-comment-${i + 1}`,
      html: ticketCommentPage(title(`ticket comment ${i + 1} (Azure Boards)`), comment.text, root),
    });
  });
  return pages;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run bundle` first.');
  }
  fs.mkdirSync(outDir, { recursive: true });
  const chromium = findChromium();
  if (!chromium) {
    console.log(
      'chromium is not on PATH: writing HTML pages only (Debian: apt-get install chromium).',
    );
  }
  for (const scenario of SCENARIOS) {
    const w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      ...scenario.world,
    });
    try {
      scenario.arm?.(w);
      const r = await w.run({ inputs: scenario.inputs });
      console.log(`${scenario.name}: outcome ${r.outputs.outcome ?? '(none)'}, exit ${r.code}`);
      fs.writeFileSync(path.join(outDir, `${scenario.name}-stdout.txt`), r.stdout + r.stderr);
      for (const page of pagesOf(scenario.name, w, r)) {
        const html = path.join(outDir, `${page.file}.html`);
        fs.writeFileSync(html, page.html);
        if (chromium) {
          const png = path.join(outDir, `${page.file}.png`);
          screenshot(chromium, html, png);
          console.log(`  ${path.relative(process.cwd(), png)}`);
        } else {
          console.log(`  ${path.relative(process.cwd(), html)}`);
        }
      }
    } finally {
      await w.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
