/**
 * Untrusted text (ticket, review comments, model output, test output, git's stderr) must never
 * become a runner's log command. What the runners act on, read from their sources:
 * - Azure Pipelines agent v5.278.0, src/Microsoft.VisualStudio.Services.Agent/Command.cs
 *   (`TryParse`): `##vso[` anywhere in a line (`message.IndexOf("##vso[")`).
 * - GitHub Actions runner v2.336.0, src/Runner.Common/ActionCommand.cs: `TryParse` finds `##[`
 *   anywhere in a line; `TryParseV2` trims leading whitespace (`TrimStart`) and then looks for `::`.
 * - Both read a step's output with `StreamReader.ReadLine` (runner src/Runner.Sdk/ProcessInvoker.cs),
 *   which also ends a line at a bare `\r`: `text\r::set-output` would start a new line.
 * - Both compare with .NET's culture-sensitive `IndexOf`/`StartsWith` and run with ICU
 *   (agent src/Common.props: `InvariantGlobalization` false), which skips ignorable characters:
 *   `##\u200Bvso[` would still match. Such characters are removed before matching.
 */

/**
 * Terminal colour sequences, then the characters ICU collation ignores: format characters, C0/C1
 * controls, variation selectors, fillers. Removed before matching, so nothing can hide between the
 * characters of a command prefix.
 */
const IGNORABLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is matched here
  /\x1b\[[0-9;]*m|\p{Variation_Selector}|\u034f|\u17b4|\u17b5|[\p{Cf}\x00-\x08\x0b-\x1f\x7f-\x9f\u115f\u1160\u3164\uffa0]/gu;

/** `##vso[` and `##[` anywhere, whatever the case. */
const HASH_COMMAND = /##(vso)?\[/gi;

/** `::` at the start of a line, after whitespace (.NET `TrimStart` trims U+0085 too). */
const LEADING_COLONS = /^([\s\u0085]*):(?=:)/gm;

/**
 * The text made inert as a log command and still readable: a space goes into every `##vso[`
 * (`##vso [`), `##[` (`## [`) and leading `::` (`: :`); a bare `\r` becomes a line break; invisible
 * characters and colour codes are removed. The host's own commands are written around the result,
 * never through it.
 */
export function neutralizeLogText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(IGNORABLE, '')
    .replace(HASH_COMMAND, (_match, vso: string | undefined) => (vso ? `##${vso} [` : '## ['))
    .replace(LEADING_COLONS, '$1: ');
}
