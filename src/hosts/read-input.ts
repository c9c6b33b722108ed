/**
 * Reads an input from the environment the way runners pass it: GitHub sets INPUT_<NAME> with the
 * hyphens kept (INPUT_TICKET-ID); Azure Pipelines YAML users write INPUT_TICKET_ID. Both are accepted.
 */
export function readInputFromEnv(env: NodeJS.ProcessEnv, name: string): string {
  const upper = name.replace(/ /g, '_').toUpperCase();
  const hyphenated = env[`INPUT_${upper}`];
  if (hyphenated !== undefined && hyphenated !== '') return hyphenated;
  return env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '';
}
