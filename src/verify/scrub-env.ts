import { holdsUrlCredentials, SecretMasker } from '../shared/secrets.js';

/**
 * Names the repository's commands get, whatever else the runner holds. Each one is needed to find
 * a tool (PATH, the toolchain homes), to run it the same way a developer does (locale, terminal,
 * CI), or to reuse a cache the runner already filled; none names a credential by convention.
 */
export const ALLOWED_NAMES: readonly string[] = [
  // Who and where: shells, git and most tools read these.
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  // Locale, time and terminal: test output and date handling depend on them.
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  // Test runners switch to non-interactive, no-watch mode on CI.
  'CI',
  // A runner behind a proxy or a TLS-inspecting firewall: without them setup cannot download.
  // A proxy URL that carries `user:password@` is still refused by its value (see below).
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'PIP_CERT',
  // Package caches (npm, yarn, pnpm, pip, NuGet): where setup finds what it downloaded before.
  'npm_config_cache',
  'NPM_CONFIG_CACHE',
  'YARN_CACHE_FOLDER',
  'PNPM_HOME',
  'PIP_CACHE_DIR',
  'NUGET_PACKAGES',
  // Toolchain homes (Go, Rust, Java, Gradle, .NET): where the compiler and its caches live.
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'JAVA_HOME',
  'GRADLE_USER_HOME',
  'DOTNET_ROOT',
];

/** Locale categories (LC_ALL, LC_CTYPE, ...) pass like LANG. */
const ALLOWED_PREFIX = /^LC_[A-Z]+$/;

export interface CommandEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Names not on the allowlist (nor in `sandbox-env`): left out silently but for a debug line. */
  readonly leftOut: readonly string[];
  /** Names that were allowed but whose value holds a credential: left out, and worth a warning. */
  readonly refused: readonly string[];
}

/**
 * The environment the repository's own commands run in: only the allowlisted names and the ones
 * the user listed in `sandbox-env`, and of those none whose value carries a URL with user
 * information or a configured secret, whatever its name. Pure; returns names only, never values.
 */
export function commandEnvironment(
  env: NodeJS.ProcessEnv,
  options: { readonly secrets: readonly string[]; readonly extraNames?: readonly string[] },
): CommandEnvironment {
  const masker = new SecretMasker(options.secrets);
  const allowed = new Set([...ALLOWED_NAMES, ...(options.extraNames ?? [])]);
  const clean: NodeJS.ProcessEnv = {};
  const leftOut: string[] = [];
  const refused: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (!allowed.has(name) && !ALLOWED_PREFIX.test(name)) {
      leftOut.push(name);
      continue;
    }
    if (holdsCredential(value, options.secrets, masker)) {
      refused.push(name);
      continue;
    }
    clean[name] = value;
  }
  return { env: clean, leftOut: leftOut.sort(), refused: refused.sort() };
}

function holdsCredential(value: string, secrets: readonly string[], masker: SecretMasker): boolean {
  return (
    holdsUrlCredentials(value) ||
    masker.mask(value) !== value ||
    secrets.some((s) => s !== '' && value === s) // too short for the masker, still refused
  );
}
