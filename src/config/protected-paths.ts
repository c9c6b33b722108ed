import { DEFAULT_PROTECTED_PATHS } from './inputs.js';

/**
 * The paths no change may write: the built-in protections (workflows, pipeline YAML, lock files,
 * `.git`, `.env` files), always, plus the user's own globs. A user's list adds; it never replaces,
 * so no setting can open `.github/**` to the model.
 */
export function withBuiltInProtections(userGlobs: readonly string[]): string[] {
  return [...new Set([...DEFAULT_PROTECTED_PATHS, ...userGlobs])];
}
