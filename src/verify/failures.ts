/**
 * Reading test and build output, pure: which tests failed (and passed), and the first error lines,
 * for the repair prompt and the pass rule. Formats: node:test / TAP, Jest, Vitest, Mocha, pytest,
 * go test, cargo test, dotnet test, Maven/Gradle, tsc.
 */

const FAILED_TEST: readonly RegExp[] = [
  /^\s*not ok \d+ - (.+?)(?:\s+#.*)?$/, // TAP, node:test
  /^\s*(?:✕|×|✗|✖)\s+(.+?)(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?$/, // Jest, Vitest, node:test spec reporter
  /^\s*●\s+(.+?)$/, // Jest failure header: Suite › test
  /^FAILED\s+(\S+::\S+)/, // pytest
  /^\s*--- FAIL: (\S+)/, // go test
  /^test (\S+) \.\.\. FAILED$/, // cargo
  /^\s*Failed (\S+) \[/, // dotnet test
  /^\[ERROR\]\s+(\S+\(\S+\))\s/, // Maven surefire
  /^\s*\d+\) (.+)$/, // Mocha failure list
];

const PASSED_TEST: readonly RegExp[] = [
  /^\s*ok \d+ - (.+?)(?:\s+#.*)?$/,
  /^\s*(?:✓|✔|√)\s+(.+?)(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?$/,
  /^(\S+::\S+) PASSED/,
  /^\s*--- PASS: (\S+)/,
  /^test (\S+) \.\.\. ok$/,
];

const ERROR_LINE =
  /\berror\b|\bError:|\bERR!|\bFAIL\b|\bfailed\b|AssertionError|Traceback|panic:|Exception|expected .* (?:to|but)|\bTS\d{4}\b/i;

// ANSI colour codes make patterns miss and waste the model's tokens.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function collect(output: string, patterns: readonly RegExp[]): string[] {
  const names = new Set<string>();
  for (const raw of stripAnsi(output).split('\n')) {
    const line = raw.replace(/\r$/, '');
    for (const pattern of patterns) {
      const m = pattern.exec(line);
      if (m?.[1]) {
        names.add(m[1].trim());
        break;
      }
    }
  }
  return [...names];
}

/** Names of the tests the output reports as failed, in order of first appearance. */
export function failingTests(output: string): string[] {
  // TAP subtests that failed only because a child failed are repeated by their parent; keep both.
  return collect(output, FAILED_TEST).filter(
    (name) => !/^\d+ (?:passing|failing|pending)$/.test(name),
  );
}

/** Names of the tests the output reports as passed. */
export function passingTests(output: string): string[] {
  return collect(output, PASSED_TEST);
}

/**
 * The first error-looking lines of an output, each with a little context, up to `maxLines` lines.
 * This is what a developer reads first; the model gets the same.
 */
export function firstErrors(output: string, maxLines = 40): string {
  const lines = stripAnsi(output)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const keep = new Set<number>();
  for (let i = 0; i < lines.length && keep.size < maxLines; i++) {
    if (!ERROR_LINE.test(lines[i] ?? '')) continue;
    for (
      let j = Math.max(0, i - 1);
      j <= Math.min(lines.length - 1, i + 4) && keep.size < maxLines;
      j++
    )
      keep.add(j);
  }
  const chosen = [...keep].sort((a, b) => a - b);
  const out: string[] = [];
  let previous = -2;
  for (const i of chosen) {
    if (i !== previous + 1 && out.length > 0) out.push('…');
    out.push(lines[i] ?? '');
    previous = i;
  }
  return out.join('\n');
}
