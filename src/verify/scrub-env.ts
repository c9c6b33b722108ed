import { SecretMasker } from '../shared/secrets.js';

// Names that carry credentials by convention (GITHUB_TOKEN and SYSTEM_ACCESSTOKEN among them). AUTH
// anywhere (OAUTH, AUTHORIZATION) but in AUTHOR (GIT_AUTHOR_NAME); PAT as a whole word (not PATH).
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH(?!OR(?!IZ))/i;
const SECRET_WORD = /(?:^|_)PAT(?:_|$)/i;

/**
 * The environment the repository's own commands run in: the runner's environment minus everything
 * that could let untrusted code (the model's change, the tests it runs) reach a credential — token
 * variables by name, every action input (INPUT_*), the runner's ACTIONS_* channel, and any variable
 * whose value holds a configured secret. Pure. Returns the names removed, for the log.
 */
export function scrubEnvironment(
  env: NodeJS.ProcessEnv,
  secrets: readonly string[],
): { env: NodeJS.ProcessEnv; removed: string[] } {
  const masker = new SecretMasker(secrets);
  const clean: NodeJS.ProcessEnv = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    const secretValue =
      masker.mask(value) !== value || secrets.some((s) => s !== '' && value === s);
    if (
      upper.startsWith('ACTIONS_') ||
      upper.startsWith('INPUT_') ||
      SECRET_NAME.test(upper) ||
      SECRET_WORD.test(upper) ||
      secretValue
    ) {
      removed.push(name);
      continue;
    }
    clean[name] = value;
  }
  return { env: clean, removed: removed.sort() };
}
