// The servers' real failures in the scenario matrix: `node dist/index.js` against the simulators and
// a real bare git remote. Each case checks the outcome, the ticket and the number of tries, from the
// simulators' own request logs. Where each text comes from is cited beside it in the simulators
// (ollama/texts.ts, azure-devops/http.ts, github/github-simulator.ts).
import { afterEach, describe, expect, it } from '@jest/globals';
import { modelRequests, TEXTS } from '../simulators/ollama/index.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../simulators/github/github-simulator.js';
import { SAMPLE_TICKET, scriptedEditModel, scriptedTriageModel } from './sample/scripted-model.js';
import { ADO_TOKEN, startWorld, type World } from './world.js';

const worlds: World[] = [];
const githubs: GitHubSimulator[] = [];
afterEach(async () => {
  await Promise.all([
    ...worlds.splice(0).map((w) => w.close()),
    ...githubs.splice(0).map((g) => g.close()),
  ]);
});

async function world(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedEditModel({ fixes: true }),
    ...options,
  });
  worlds.push(w);
  return w;
}

function expectNoClaimLeft(w: World): void {
  for (const id of w.ado.state.workItems.keys())
    expect(w.ado.tagsOf(id)).not.toContain('autofix:working');
}

const writes = (w: World) =>
  w.ado.requests.filter((r) => r.method === 'PATCH' && !r.url.includes('validateOnly=true'));

describe('Ollama, as it really fails', () => {
  // v0.24.0 llm/server.go:909, 930 (Go engine: qwen3, gemma3, gpt-oss …)
  it.each([TEXTS.goEngineLayout, TEXTS.goEngineCommit])(
    '"%s" at load ends model-capacity, tried once, before any ticket is touched',
    async (text) => {
      const w = await world();
      w.ollama.faults.oomAtLoad(text);
      const r = await w.run();
      expect(r.outputs.outcome).toBe('model-capacity');
      expect(r.code).toBe(1);
      expect(r.outputs.reason).toContain(text);
      expect(modelRequests(w.ollama.requests).filter((q) => q.oom)).toHaveLength(1);
      expect(w.ollama.loads.filter((l) => l.outcome === 'oom')).toHaveLength(1);
      expect(writes(w)).toHaveLength(0);
      expect(w.ado.tagsOf(1)).toEqual(['autofix']);
    },
  );

  // v0.24.0 llm/server.go:1396 + llm/status.go "error loading model" + llama-model.cpp:476
  it('a runner crash without memory wording ends error, not model-capacity, quoting the server, tried once', async () => {
    const w = await world();
    const text = TEXTS.unknownArchitecture('qwen2');
    w.ollama.faults.crashAtLoad(text);
    const r = await w.run();
    expect(r.outputs.outcome).toBe('error');
    expect(r.code).toBe(1);
    expect(r.outputs.reason).toContain(text);
    expect(w.ollama.loads.filter((l) => l.outcome === 'crash')).toHaveLength(1);
    expect(w.ollama.loads.filter((l) => l.outcome === 'oom')).toHaveLength(0);
    expect(writes(w)).toHaveLength(0);
    expect(w.ado.tagsOf(1)).toEqual(['autofix']);
  });
  // server/routes.go ~2097–2110 (main fb30760): headers only come with the first token, so a long
  // load sends nothing for minutes; undici's default headersTimeout is 300 s. The client's own
  // timeout is lowered and beaten in test/integration/model/slow-first-token.int.test.ts.
  it('a first token after more than 300 s of loading is waited out: one load each, no retry, PR opened', async () => {
    const w = await world();
    w.ollama.faults.slowLoads(20); // the edit model's 25 s load takes 500 s of server time
    const r = await w.run();
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(r.code).toBe(0);
    const editLoads = w.ollama.loads.filter((l) => l.model === 'qwen2.5-coder:32b');
    expect(editLoads).toHaveLength(1);
    expect(editLoads[0]!.outcome).toBe('loaded');
    expect(editLoads[0]!.endedAt - editLoads[0]!.startedAt).toBeGreaterThan(300_000);
    const chats = modelRequests(w.ollama.requests);
    expect(chats.filter((q) => q.status !== 200)).toEqual([]);
    expect(w.ollama.loads.filter((l) => l.outcome !== 'loaded')).toEqual([]);
    expect(w.ado.tagsOf(1)).toContain('autofix:pr-opened');
    expectNoClaimLeft(w);
  });
});

describe('Azure DevOps, as it really fails', () => {
  // 403 TF401289 (azure-devops/http.ts tagCreationForbidden)
  it('status tags the token cannot create end config-error before any claim, naming the permission', async () => {
    const w = await world({ ado: { tokens: [{ token: ADO_TOKEN, canCreateTags: false }] } });
    const r = await w.run();
    expect(r.outputs.outcome).toBe('config-error');
    expect(r.code).toBe(2); // config-error: the step's own exit code for a setup problem
    expect(r.outputs.reason).toContain('"Create tag definition"');
    expect(r.outputs.reason).toMatch(/One-time fix/);
    expect(writes(w)).toHaveLength(0);
    expect(w.ado.state.workItems.get(1)!.rev).toBe(1);
    expect(w.ado.tagsOf(1)).toEqual(['autofix']);
    expect(w.ado.state.pullRequests.size).toBe(0);
  });

  // 409 TF26071 (azure-devops/http.ts revisionConflict); the PR's workItemRefs link is a new revision
  it('a 409 on the write after the pull request is read again and retried once; the ticket is settled', async () => {
    const w = await world();
    w.ado.onRequest(({ method, path }) => {
      if (method === 'POST' && /pullRequests$/i.test(path))
        w.ado.injectFault({ method: 'PATCH', path: /workItems\/1$/i, status: 409 });
    });
    const r = await w.run();
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(r.code).toBe(0);
    // claim 200, settle 409, settle again 200
    expect(writes(w).map((q) => q.status)).toEqual([200, 409, 200]);
    const item = w.ado.state.workItems.get(1)!;
    expect(item.relations.filter((rel) => rel.rel === 'ArtifactLink')).toHaveLength(1);
    expect(w.ado.tagsOf(1)).toContain('autofix:pr-opened');
    expectNoClaimLeft(w);
  });
});

describe('GitHub rate limits', () => {
  // github/github-simulator.ts RateLimitFault / RATE_LIMIT_MESSAGES (docs.github.com rate limits)
  it.each([
    ['secondary', 403, { retryAfterSeconds: 1 }],
    ['primary', 429, { resetInSeconds: 1 }],
  ] as [
    'primary' | 'secondary',
    403 | 429,
    { retryAfterSeconds?: number; resetInSeconds?: number },
  ][])(
    'a %s limit (%i) on creating the PR is waited out: one PR, one retry, ticket settled',
    async (kind, status, extra) => {
      const w = await world();
      const token = 'ghs_e2eInstallationToken0123456789abcdef';
      const github = await startGitHubSimulator({
        owner: 'shop',
        repo: 'invoice-tools',
        token,
        gitDir: w.repo.remoteDir,
      });
      githubs.push(github);
      github.rateLimit({ kind, status, operation: 'pulls/create', ...extra });
      const r = await w.run({
        inputs: {
          'pr-target': 'github',
          'github-token': token,
          'github-api-url': github.url,
          'github-repository': 'shop/invoice-tools',
        },
      });
      expect(r.outputs.outcome).toBe('pr-opened');
      expect(r.code).toBe(0);
      const creates = github.requests.filter((q) => q.operation === 'pulls/create');
      expect(creates.map((q) => q.status)).toEqual([status, 201]);
      expect(github.pulls).toHaveLength(1);
      expect(r.stdout).toMatch(new RegExp(`GitHub ${kind} rate limit on POST`));
      expect(w.ado.tagsOf(1)).toContain('autofix:pr-opened');
      expectNoClaimLeft(w);
    },
    60_000,
  );
});
