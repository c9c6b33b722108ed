import { inlineText } from './markdown.js';

/** The line that tells a reviewer the model never saw text hidden in the ticket. */
export function hiddenTextNote(where: readonly string[]): string {
  return `**Hidden text ignored:** the ticket holds text its readers cannot see (${inlineText(where.join('; '))}); it was removed before any prompt, so this change does not follow it.`;
}
