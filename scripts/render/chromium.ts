// Screenshots with Debian's `chromium` in headless mode. Two passes: the first prints the drawn
// page's DOM, whose <title> carries the page's height; the second takes a screenshot that tall.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const WIDTH = 1012;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--hide-scrollbars',
  '--allow-file-access-from-files',
  // Time for Mermaid to draw before the DOM is read or the picture taken.
  '--virtual-time-budget=15000',
];

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'pipe' });
      return name;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

export function screenshot(chromium: string, htmlFile: string, pngFile: string): void {
  const url = pathToFileURL(htmlFile).href;
  const dom = execFileSync(chromium, [...FLAGS, `--window-size=${WIDTH},800`, '--dump-dom', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const height = Number(/<title>height:(\d+)<\/title>/.exec(dom)?.[1] ?? 2000);
  execFileSync(
    chromium,
    [
      ...FLAGS,
      `--window-size=${WIDTH},${Math.min(Math.max(height, 200), 16000)}`,
      `--screenshot=${pngFile}`,
      url,
    ],
    { stdio: 'ignore' },
  );
}
