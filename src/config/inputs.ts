/**
 * Every input of the action, in one table. `action.yml`, the CLI's flags and `run --help` all follow
 * it, and a test fails when `action.yml` disagrees with it.
 */
export interface InputDefinition {
  readonly name: string;
  readonly description: string;
  /** Default as written in action.yml ('' = no default). */
  readonly default: string;
  readonly required: boolean;
  /** Masked in every log before anything is printed. */
  readonly secret?: boolean;
  readonly group: InputGroup;
}

export type InputGroup =
  | 'tracker'
  | 'models'
  | 'repository'
  | 'verification'
  | 'safety'
  | 'budgets'
  | 'run';

/** Always protected: `protected-paths` adds to these and cannot remove any (see protected-paths.ts). */
export const DEFAULT_PROTECTED_PATHS = [
  '.github/**',
  '.azure-pipelines/**',
  '**/azure-pipelines*.yml',
  '**/azure-pipelines*.yaml',
  '.gitlab-ci.yml',
  '**/package-lock.json',
  '**/npm-shrinkwrap.json',
  '**/yarn.lock',
  '**/pnpm-lock.yaml',
  '**/*.lock',
  '.git/**',
  '**/.env',
  '**/.env.*',
  // Git hooks installed by `npm install` (husky): they run on every later commit on a developer's
  // machine or a runner.
  '.husky/**',
  // Who must approve a change: a change may not name its own reviewers.
  '**/CODEOWNERS',
  // What git fetches and runs: submodule URLs (a `--recursive` checkout fetches them), attributes
  // naming filter and diff drivers (git-lfs runs as one), and the LFS server to talk to.
  '.gitmodules',
  '**/.gitattributes',
  '.lfsconfig',
];

/** Where tests live by default: the file names and folders most test runners look in. */
export const DEFAULT_TEST_PATHS = [
  '**/*.test.*',
  '**/*.spec.*',
  'test/**',
  'tests/**',
  '__tests__/**',
];

export const INPUTS: readonly InputDefinition[] = [
  // Tracker
  {
    group: 'tracker',
    name: 'azure-devops-org-url',
    required: true,
    default: '',
    description: 'Azure DevOps organization URL, e.g. https://dev.azure.com/contoso.',
  },
  {
    group: 'tracker',
    name: 'azure-devops-project',
    required: true,
    default: '',
    description: 'Azure DevOps project that holds the tickets.',
  },
  {
    group: 'tracker',
    name: 'azure-devops-token',
    required: true,
    secret: true,
    default: '',
    description:
      'Personal access token (Work Items read & write; Code read & write for Azure Repos) or $(System.AccessToken).',
  },
  {
    group: 'tracker',
    name: 'eligible-tag',
    required: false,
    default: 'autofix',
    description: 'Only tickets carrying this tag are eligible (opt-in).',
  },
  {
    group: 'tracker',
    name: 'allowed-states',
    required: false,
    default: 'New,Active,To Do,Approved,Committed',
    description: 'Comma-separated work item states that are eligible.',
  },
  {
    group: 'tracker',
    name: 'area-path',
    required: false,
    default: '',
    description: 'Only tickets UNDER this area path (empty: the whole project).',
  },
  {
    group: 'tracker',
    name: 'wiql-query',
    required: false,
    default: '',
    description:
      'Your own WIQL query selecting candidate ticket ids (replaces the default query; status tags are still honoured).',
  },
  {
    group: 'tracker',
    name: 'ticket-id',
    required: false,
    default: '',
    description: 'Work on this one ticket (manual dispatch). It must still carry the eligible tag.',
  },
  {
    group: 'tracker',
    name: 'pull-request',
    required: false,
    default: '',
    description:
      "Revise this one of ticket-to-pr's pull requests from its new review feedback (a number or the pull request's URL) instead of taking a ticket.",
  },
  {
    group: 'tracker',
    name: 'max-revisions',
    required: false,
    default: '3',
    description:
      'Revisions of one pull request from review feedback; past them ticket-to-pr comments once that a human should take over and does nothing more for it.',
  },
  {
    group: 'tracker',
    name: 'max-attempts',
    required: false,
    default: '3',
    description:
      'Failed attempts (operator outcomes after the claim) before a ticket is settled autofix:needs-human; backoff 1 h, 4 h, … between.',
  },
  // Models
  {
    group: 'models',
    name: 'ollama-host',
    required: false,
    default: 'http://127.0.0.1:11434',
    description: 'URL of the local Ollama server.',
  },
  {
    group: 'models',
    name: 'triage-model',
    required: false,
    default: 'qwen2.5-coder:7b',
    description: 'Small, fast model for triage and file picking.',
  },
  {
    group: 'models',
    name: 'edit-model',
    required: false,
    default: 'qwen2.5-coder:32b',
    description: 'Bigger model that writes the edits.',
  },
  {
    group: 'models',
    name: 'triage-context',
    required: false,
    default: 'auto',
    description:
      "Context size (num_ctx) for the triage model, fixed for the whole run: a number of tokens or 'auto' (from the capacity file, else 8192 capped at the model's limit).",
  },
  {
    group: 'models',
    name: 'edit-context',
    required: false,
    default: 'auto',
    description:
      "Context size (num_ctx) for the edit model: a number of tokens or 'auto' (from the capacity file, else 16384 capped at the model's limit).",
  },
  {
    group: 'models',
    name: 'keep-alive',
    required: false,
    default: '10m',
    description:
      "How long Ollama keeps a model loaded after a call: a duration such as '10m', '1h', '0' (unload at once) or '-1' (forever).",
  },
  {
    group: 'models',
    name: 'gpu-memory',
    required: false,
    default: '',
    description:
      "GPU memory available to Ollama, e.g. '24GiB' or '24000MiB' (used for the preflight estimate when there is no capacity file).",
  },
  {
    group: 'models',
    name: 'capacity-file',
    required: false,
    default: '',
    description:
      'Path of a capacity file written by `ticket-to-pr probe --json`; preflight checks the plan against it.',
  },
  // Repository
  {
    group: 'repository',
    name: 'repository-path',
    required: false,
    default: '.',
    description: 'Path of the git checkout to change.',
  },
  {
    group: 'repository',
    name: 'base-branch',
    required: false,
    default: '',
    description: "Branch the pull request targets (empty: the remote's default branch).",
  },
  {
    group: 'repository',
    name: 'pr-target',
    required: false,
    default: 'auto',
    description:
      "Where to open the pull request: 'auto' (from the remote URL), 'github' or 'azure-repos'.",
  },
  {
    group: 'repository',
    name: 'github-token',
    required: false,
    secret: true,
    default: '',
    description:
      'Token for pushing and opening pull requests on GitHub (contents: write, pull-requests: write).',
  },
  {
    group: 'repository',
    name: 'github-repository',
    required: false,
    default: '',
    description:
      "GitHub repository as 'owner/name' (empty: from the remote URL, else GITHUB_REPOSITORY).",
  },
  {
    group: 'repository',
    name: 'azure-repos-repository',
    required: false,
    default: '',
    description:
      'Azure Repos repository name or id (empty: from the remote URL, else BUILD_REPOSITORY_NAME).',
  },
  {
    group: 'repository',
    name: 'github-api-url',
    required: false,
    default: 'https://api.github.com',
    description: 'GitHub REST API URL (GitHub Enterprise Server: https://HOST/api/v3).',
  },
  {
    group: 'repository',
    name: 'draft',
    required: false,
    default: 'true',
    description: 'Open the pull request as a draft.',
  },
  {
    group: 'repository',
    name: 'commit-author',
    required: false,
    default: 'ticket-to-pr <ticket-to-pr@users.noreply.github.com>',
    description: "Author of the commit, as 'Name <email>'.",
  },
  {
    group: 'repository',
    name: 'edit-format',
    required: false,
    default: 'auto',
    description:
      "How the edit model writes changes: 'auto' (whole file for small files, SEARCH/REPLACE otherwise), 'diff' or 'whole'.",
  },
  {
    group: 'repository',
    name: 'edit-mode',
    required: false,
    default: 'pipeline',
    description:
      "How the change is found: 'pipeline' (the editor sees the localized files and answers once per round), 'agent' (the editor searches, reads, edits and runs the tests through bounded tools) or 'auto' (the agent for tickets triage calls medium or large, or when localization is unsure).",
  },
  {
    group: 'repository',
    name: 'agent-max-turns',
    required: false,
    default: '30',
    description:
      'The agent editor stops after this many model turns (1-200); the job ends needs-human.',
  },
  {
    group: 'repository',
    name: 'agent-max-test-runs',
    required: false,
    default: '4',
    description:
      'How many times the agent editor may run the tests (0-20); the final verification is not counted.',
  },
  {
    group: 'repository',
    name: 'agent-max-tokens',
    required: false,
    default: '600000',
    description:
      'Prompt plus answer tokens the agent editor may use over the whole loop (10000-10000000).',
  },
  {
    group: 'repository',
    name: 'agent-time-limit',
    required: false,
    default: '20m',
    description:
      "Wall time of the agent editor's loop, e.g. '20m'; the job-budget deadline wins over it.",
  },
  // Verification
  {
    group: 'verification',
    name: 'setup-command',
    required: false,
    default: '',
    description: 'Command that prepares the checkout (e.g. npm ci). Runs before the baseline.',
  },
  {
    group: 'verification',
    name: 'build-command',
    required: false,
    default: '',
    description: 'Command that builds the project (e.g. npm run build).',
  },
  {
    group: 'verification',
    name: 'test-command',
    required: false,
    default: '',
    description:
      'Command that runs the tests (e.g. npm test). Without it no change can be proven, and the job ends needs-human.',
  },
  {
    group: 'verification',
    name: 'test-results',
    required: false,
    default: '',
    description:
      "Glob patterns (one per line or comma-separated, repository-relative) of the JUnit XML or TRX files the test command writes, e.g. 'junit.xml', '**/TEST-*.xml', '**/*.trx'. When set, test names and outcomes are read from the files a run wrote; otherwise from the console output.",
  },
  {
    group: 'verification',
    name: 'command-timeout',
    required: false,
    default: '10m',
    description: "Time limit for each verification command, e.g. '90s', '10m'.",
  },
  {
    group: 'verification',
    name: 'max-repair-attempts',
    required: false,
    default: '2',
    description: 'How many times failing verification output goes back to the edit model (0-5).',
  },
  {
    group: 'verification',
    name: 'test-paths',
    required: false,
    default: DEFAULT_TEST_PATHS.join('\n'),
    description:
      'Glob patterns (one per line or comma-separated) of test files. A change that only touches tests, or edits a test that failed on the base commit, is not a fix.',
  },
  {
    group: 'verification',
    name: 'reproduce',
    required: false,
    default: 'auto',
    description:
      "'auto': before the fix, the edit model writes a test that must fail on the base commit on an assertion (needs a test command); 'off': no reproduction test.",
  },
  {
    group: 'verification',
    name: 'min-evidence',
    required: false,
    default: 'no-regression',
    description:
      "Least evidence a change needs before a pull request is opened: 'reproduced', 'failing-test-fixed' or 'no-regression'. Below it the job ends needs-human with the branch pushed.",
  },
  // Safety
  {
    group: 'safety',
    name: 'protected-paths',
    required: false,
    default: '',
    description: `More glob patterns (one per line or comma-separated) of paths the model may never write. They add to the built-in protections, which are always on and cannot be turned off: ${DEFAULT_PROTECTED_PATHS.map((g) => '`' + g + '`').join(', ')}.`,
  },
  {
    group: 'safety',
    name: 'max-changed-files',
    required: false,
    default: '5',
    description: 'Most files one change may touch.',
  },
  {
    group: 'safety',
    name: 'max-changed-lines',
    required: false,
    default: '300',
    description: 'Most lines (added + removed) one change may touch.',
  },
  {
    group: 'safety',
    name: 'allow-new-files',
    required: false,
    default: 'true',
    description: 'Whether the model may create new files.',
  },
  {
    group: 'safety',
    name: 'sandbox',
    required: false,
    default: 'auto',
    description:
      "How the setup, build and test commands are isolated: 'auto' (bubblewrap when it can run here, else unsandboxed with a warning saying what the tests could reach), 'required' (end config-error without bubblewrap, before any ticket is claimed) or 'off'.",
  },
  {
    group: 'safety',
    name: 'sandbox-network',
    required: false,
    default: 'on',
    description:
      "'off' gives the sandboxed commands no network at all (setup must then find its dependencies in the work tree or a writable cache); without a working sandbox the job then ends config-error rather than run them with the network. 'on' leaves the network as it is.",
  },
  {
    group: 'safety',
    name: 'sandbox-writable',
    required: false,
    default: '',
    description:
      'More paths (one per line or comma-separated; `~/` is HOME) the sandboxed commands may write besides the work tree, e.g. `~/.npm` for the npm cache. HOME itself is an empty, throwaway folder inside the sandbox.',
  },
  {
    group: 'safety',
    name: 'sandbox-env',
    required: false,
    default: '',
    description:
      "More environment variable names (one per line or comma-separated) the commands get besides PATH, HOME, locale, TERM, CI, proxy and CA settings and the tool caches. A value holding a URL with 'user:password@' or a configured secret is never passed.",
  },
  // Budgets
  {
    group: 'budgets',
    name: 'job-budget',
    required: false,
    default: '45m',
    description:
      "Wall-clock budget for one job, e.g. '45m'. Also sets the claim lease (budget + 15m).",
  },
  {
    group: 'budgets',
    name: 'lock-wait',
    required: false,
    default: '20m',
    description: 'How long to wait for the host-wide model lock before ending model-unavailable.',
  },
  {
    group: 'budgets',
    name: 'lock-file',
    required: false,
    default: '',
    description:
      'Host-wide model lock file shared by every job on the runner (empty: ticket-to-pr-model.lock in the system temp dir).',
  },
  // Run
  {
    group: 'run',
    name: 'dry-run',
    required: false,
    default: 'false',
    description:
      'Do everything locally but write nothing: no claim, no comment, no push, no pull request.',
  },
  {
    group: 'run',
    name: 'output-dir',
    required: false,
    default: '',
    description:
      'Where the summary and transcript files are written (empty: RUNNER_TEMP, AGENT_TEMPDIRECTORY or the system temp dir).',
  },
];

export const OUTPUTS: readonly { name: string; description: string }[] = [
  {
    name: 'outcome',
    description:
      'pr-opened, pr-updated, pr-revised, dry-run, no-ticket, skipped, needs-human, model-capacity, model-unavailable, config-error or error.',
  },
  { name: 'ticket-id', description: 'The work item the job took (empty when none).' },
  { name: 'pr-url', description: 'URL of the draft pull request (empty when none).' },
  { name: 'branch', description: 'Branch pushed for the ticket (empty when none).' },
  { name: 'reason', description: 'One sentence saying why the job ended as it did.' },
  {
    name: 'evidence',
    description:
      'What the change was shown to do: reproduced, failing-test-fixed or no-regression (none when no change was verified).',
  },
  { name: 'summary-file', description: 'Path of the Markdown job summary.' },
  {
    name: 'transcript-file',
    description:
      'Path of the JSON transcript (every prompt and answer, secrets masked) for upload as an artifact.',
  },
];
