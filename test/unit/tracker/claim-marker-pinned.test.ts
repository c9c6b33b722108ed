import { describe, expect, it } from '@jest/globals';
import {
  claimMarkerHtml,
  isClaimMarker,
  parseClaimMarker,
} from '../../../src/tracker/claim-marker.js';

const marker = {
  by: 'https://ci.example/runs/1',
  claimedAt: new Date('2025-03-01T10:00:00.000Z'),
  leaseUntil: new Date('2025-03-01T11:15:00.000Z'),
};
const BODY =
  'Working on this ticket: runner https://ci.example/runs/1; claimed at 2025-03-01T10:00:00.000Z; lease until 2025-03-01T11:15:00.000Z.';

describe('claim marker: only the exact prefix makes a claim', () => {
  it('writes one paragraph the service keeps as visible text', () => {
    expect(claimMarkerHtml(marker)).toBe(`<p>[ticket-to-pr claim] ${BODY}</p>`);
  });

  it.each([
    ['the marker as written', `<p>[ticket-to-pr claim] ${BODY}</p>`],
    ['as the service may store it', `<div>[ticket-to-pr claim]&nbsp;${BODY}</div>`],
    ['across lines and tags', `<p>\n  <b>[ticket-to-pr claim]</b>\n  ${BODY}\n</p>`],
    ['without the final full stop', `[ticket-to-pr claim] ${BODY.slice(0, -1)}`],
    [
      'with runs of spaces',
      `<p>[ticket-to-pr claim]  ${BODY.replace('runner https', 'runner   https')}</p>`,
    ],
  ])('reads %s', (_what, html) => {
    expect(parseClaimMarker(html)).toEqual(marker);
    expect(isClaimMarker(html)).toBe(true);
  });

  it.each([
    ['quoted in a reply', `<blockquote>&gt; [ticket-to-pr claim] ${BODY}</blockquote>`],
    ['after other words', `<p>Re: [ticket-to-pr claim] ${BODY}</p>`],
    ['a look-alike prefix', `<p>[ticket-to-pr claimed] ${BODY}</p>`],
    ['another spelling of the prefix', `<p>[Ticket-To-Pr Claim] ${BODY}</p>`],
    ['the prefix without its brackets', `<p>ticket-to-pr claim ${BODY}</p>`],
    ['the prefix alone', '<p>[ticket-to-pr claim]</p>'],
    ['words after the lease', `<p>[ticket-to-pr claim] ${BODY} Thanks!</p>`],
    [
      'a date that is not one',
      '<p>[ticket-to-pr claim] Working on this ticket: runner x; claimed at soon; lease until 2025-03-01T11:15:00.000Z.</p>',
    ],
    [
      'a lease that is not a date',
      '<p>[ticket-to-pr claim] Working on this ticket: runner x; claimed at 2025-03-01T10:00:00.000Z; lease until never.</p>',
    ],
    ['an ordinary comment', '<p>Looks good to me.</p>'],
    ['an empty comment', ''],
  ])('ignores %s', (_what, html) => {
    expect(parseClaimMarker(html)).toBeUndefined();
    expect(isClaimMarker(html)).toBe(false);
  });

  it('reads back every HTML entity the service may write in the runner name', () => {
    const by = `a<b>&"c'd' e`;
    for (const html of [
      claimMarkerHtml({ ...marker, by }),
      `<p>[ticket-to-pr claim] Working on this ticket: runner a&lt;b&gt;&amp;&quot;c&#39;d&#x27; e; claimed at 2025-03-01T10:00:00.000Z; lease until 2025-03-01T11:15:00.000Z.</p>`,
      `<p>[ticket-to-pr claim] Working on this ticket: runner a&lt;b&gt;&amp;&quot;c&apos;d&#39;&#160;e; claimed at 2025-03-01T10:00:00.000Z; lease until 2025-03-01T11:15:00.000Z.</p>`,
    ]) {
      expect(parseClaimMarker(html)?.by).toBe(by);
    }
    // Entities are decoded once: an escaped entity stays an entity.
    expect(
      parseClaimMarker(
        `<p>[ticket-to-pr claim] Working on this ticket: runner &amp;lt;x&amp;gt;; claimed at 2025-03-01T10:00:00.000Z; lease until 2025-03-01T11:15:00.000Z.</p>`,
      )?.by,
    ).toBe('&lt;x&gt;');
  });
});
