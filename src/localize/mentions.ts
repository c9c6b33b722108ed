/**
 * Paths the ticket names (files, module specifiers, stack frames, bare names) scored against a
 * repository path, with the reasons and the lines they point at.
 */
import type { PathMention } from './ticket-signals.js';

/** How much each deeper stack frame counts less than the one above it. */
const FRAME_DECAY = 0.5;

/**
 * How well the path matches what the ticket names: the longest common run of trailing path segments
 * (extension and `index` files aside), so `node_modules/pkg/lib/utils.js:195` finds `lib/utils.js`
 * and `pkg/plugin/duration` finds `src/plugin/duration/index.js`. A bare file name that many files
 * share counts for little.
 */
export function mentionScorer(
  mentions: readonly PathMention[],
): (path: string) => { score: number; reasons: string[]; lines: number[] } {
  // A ticket that lists many modules (an import block) says less about each of them than one that names one.
  const listed = mentions.filter((mention) => mention.frame === undefined && !mention.bare).length;
  const spread = 1 / Math.sqrt(Math.max(1, listed - 1));
  const segmented = mentions.map((mention) => ({ mention, segments: stemSegments(mention.path) }));
  return (path) => {
    if (mentions.length === 0) return { score: 0, reasons: [], lines: [] };
    return scoreMentions(stemSegments(path), segmented, spread);
  };
}

function scoreMentions(
  fileSegments: readonly string[],
  mentions: readonly { mention: PathMention; segments: readonly string[] }[],
  spread: number,
): { score: number; reasons: string[]; lines: number[] } {
  let best = 0;
  const reasons: string[] = [];
  const lines: number[] = [];
  for (const { mention, segments: mentionSegments } of mentions) {
    if (mention.bare) {
      if (squash(fileSegments.at(-1) ?? '') === squash(mention.path.toLowerCase())) {
        best = Math.max(best, 0.6);
        reasons.push(`named in the ticket: \`${mention.path}\``);
      }
      continue;
    }
    const common = commonSuffix(fileSegments, mentionSegments);
    let score = 0;
    if (common > 0) {
      const complete = common === mentionSegments.length || common === fileSegments.length;
      score = complete ? 1 : Math.min(1, 0.4 + 0.3 * common);
      if (common === 1 && !complete) score = 0;
      if (common === 1 && isGenericName(fileSegments.at(-1) ?? '')) score *= 0.3;
      // `src/main.js` and `lib/index.js` both come down to a bare folder name, which says nothing.
      if (
        common === 1 &&
        /^(?:src|lib|dist|source|app|packages?|build|out)$/.test(fileSegments.at(-1) ?? '')
      )
        score = 0;
    } else if (
      mentionSegments.length === 1 &&
      closeName(fileSegments.at(-1) ?? '', mentionSegments[0] ?? '')
    ) {
      score = 0.5;
    }
    if (score <= 0) continue;
    if (mention.frame !== undefined) score *= 1 / (1 + FRAME_DECAY * mention.frame);
    else score *= spread;
    if (mention.line !== undefined) lines.push(mention.line);
    if (score > best) best = score;
    const where = mention.line !== undefined ? `${mention.path}:${mention.line}` : mention.path;
    reasons.push(
      mention.frame !== undefined
        ? `stack frame ${mention.frame + 1}: ${where}`
        : `named in the ticket: ${where}`,
    );
  }
  return { score: best, reasons: reasons.slice(0, 3), lines };
}

function stemSegments(path: string): string[] {
  const segments = path.toLowerCase().split('/').filter(Boolean);
  const last = segments.pop() ?? '';
  const stem = last.replace(/(?:\.d)?\.[a-z0-9]+$/, '');
  if (/^(?:index|main|mod|__init__)$/.test(stem) && segments.length > 0) return segments;
  return [...segments, stem];
}

/** A name with its hyphens and underscores taken out: v-model, v_model and vmodel are one name. */
function squash(name: string): string {
  return name.replace(/[-_]/g, '');
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (
    count < a.length &&
    count < b.length &&
    a[a.length - 1 - count] === b[b.length - 1 - count]
  )
    count += 1;
  return count;
}

function isGenericName(stem: string): boolean {
  return /^(?:index|main|utils?|helpers?|common|types?|constants?|config|lib|src|core)$/.test(stem);
}

/** One typo apart (a missing, extra or swapped letter) in a name long enough for that to be meaningful. */
function closeName(a: string, b: string): boolean {
  if (a.length < 6 || b.length < 6 || Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const restA = a.slice(i);
  const restB = b.slice(i);
  return (
    restA.slice(1) === restB.slice(1) ||
    restA.slice(1) === restB ||
    restA === restB.slice(1) ||
    (restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2))
  );
}
