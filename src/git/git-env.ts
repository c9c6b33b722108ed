/**
 * The variables git and its helpers (curl, ssh) need from the job's environment, by upper-case
 * name; everything else stays out, the tokens (`INPUT_*`, `SYSTEM_ACCESSTOKEN`, `GITHUB_TOKEN`)
 * first among them. A hook or helper that still ran would find nothing worth taking.
 */
const PASSED = new Set([
  // Finding programs and files; temporary files.
  'PATH',
  'HOME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  // Where git reads the user's and the system's configuration (proxy, CA, safe.directory).
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
  // Proxies, as curl reads them (both cases are matched).
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  // TLS trust the runner's owner configured.
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_SSL_NO_VERIFY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CURL_CA_BUNDLE',
  // ssh remotes: the agent and the ssh command the runner's owner chose.
  'SSH_AUTH_SOCK',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  // Windows: the system, the profile (git's HOME there) and program lookup.
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
]);

/** Never prompt, English messages, no pager, no editor. */
const FIXED: Readonly<Record<string, string>> = {
  GIT_TERMINAL_PROMPT: '0',
  GCM_INTERACTIVE: 'never',
  GIT_PAGER: 'cat',
  GIT_EDITOR: 'true',
  LC_ALL: 'C',
};

/**
 * The environment of one git command: the passed names from `source` (the job's environment),
 * the fixed settings, then `extra` (identity, a temporary index) set by the caller.
 */
export function gitEnvironment(
  source: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && (PASSED.has(name.toUpperCase()) || /^LC_[A-Z]+$/.test(name)))
      env[name] = value;
  }
  return { ...env, ...FIXED, ...extra };
}
