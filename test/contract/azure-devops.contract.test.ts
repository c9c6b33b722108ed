/**
 * Every kind of response the Azure DevOps simulator gives, validated against Microsoft's published
 * OpenAPI descriptions (MicrosoftDocs/vsts-rest-api-specs, MIT; the subset in
 * test/contract/specs/azure-devops, see its README). Location discovery and error bodies have no schema in those files; they are checked
 * against the shapes azure-devops-node-api reads (noted where used).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAzureDevOpsSimulator } from '../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../simulators/azure-devops/index.js';

type Json = Record<string, unknown>;
interface Swagger {
  paths: Record<string, Record<string, { responses: Record<string, { schema?: Json }> }>>;
  definitions: Record<string, Json>;
}

const SPECS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'specs', 'azure-devops');

function loadSpec(relative: string): Swagger {
  return JSON.parse(
    readFileSync(path.join(SPECS, relative), 'utf8').replace(/^\uFEFF/, ''),
  ) as Swagger;
}

/**
 * The specs type dictionary values of C# `object` as `{"type":"object"}` (e.g. WorkItem.fields), yet
 * their own recorded examples carry strings and numbers there. Such value schemas mean "any JSON".
 */
function relaxObjectValues(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relaxObjectValues);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    const isObjectValue =
      key === 'additionalProperties' &&
      value !== null &&
      typeof value === 'object' &&
      Object.keys(value).length === 1 &&
      (value as Json).type === 'object';
    out[key] = isObjectValue ? {} : relaxObjectValues(value);
  }
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS: its function is the default export, or `.default` of it.
  const addFormats = addFormatsModule as unknown as ((a: Ajv) => void) & {
    default?: (a: Ajv) => void;
  };
  (addFormats.default ?? addFormats)(ajv);
  // int16 (Comment ids) and the generic placeholder "T" (ReferenceLinks items) appear in git.json's threads.
  for (const format of ['int16', 'int32', 'int64', 'double', 'float', 'byte', 'T'])
    ajv.addFormat(format, true);
  return ajv;
}

class SpecValidator {
  private readonly ajv = newAjv();
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(private readonly spec: Swagger) {}

  /** The schema of the operation's first 2xx response. */
  forOperation(specPath: string, method: string): { validate: ValidateFunction; isArray: boolean } {
    const operation = this.spec.paths[specPath]?.[method];
    if (!operation) throw new Error(`No ${method} ${specPath} in the spec`);
    const status = Object.keys(operation.responses).find((s) => s.startsWith('2'))!;
    const schema = operation.responses[status]!.schema!;
    return {
      validate: this.compile(`${method} ${specPath}`, schema),
      isArray: schema.type === 'array',
    };
  }

  definition(name: string): ValidateFunction {
    return this.compile(name, { $ref: `#/definitions/${name}` });
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(
        relaxObjectValues({ ...schema, definitions: this.spec.definitions }) as Json,
      );
      this.cache.set(key, validate);
    }
    return validate;
  }
}

/** The service's list envelope, `{ count, value: [...] }`, with a schema for each item. */
const listOf = (items: Json): Json => ({
  type: 'object',
  required: ['count', 'value'],
  properties: { count: { type: 'integer' }, value: { type: 'array', items } },
});
/** What azure-devops-node-api reads from location discovery (LocationsInterfaces.ApiResourceLocation / ResourceAreaInfo). */
const LOCATIONS_SCHEMA = listOf({
  type: 'object',
  required: [
    'id',
    'area',
    'resourceName',
    'routeTemplate',
    'resourceVersion',
    'minVersion',
    'maxVersion',
    'releasedVersion',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    area: { type: 'string' },
    resourceName: { type: 'string' },
    routeTemplate: { type: 'string' },
    resourceVersion: { type: 'integer' },
    minVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
    maxVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
    releasedVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
  },
});
const RESOURCE_AREAS_SCHEMA = listOf({
  type: 'object',
  required: ['id', 'name', 'locationUrl'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    locationUrl: { type: 'string', format: 'uri' },
  },
});
/** The service's error body (a serialised WrappedException): the client surfaces `message`. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['$id', 'innerException', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId'],
  properties: {
    $id: { type: 'string' },
    innerException: { type: 'null' },
    message: { type: 'string', pattern: '^(TF|VS)\\d+: |^[A-Z]' },
    typeName: { type: 'string', pattern: ', ' },
    typeKey: { type: 'string', pattern: 'Exception$' },
    errorCode: { type: 'integer' },
    eventId: { type: 'integer' },
  },
  additionalProperties: false,
};

const TOKEN = 'contract-token';
const AUTH = `Basic ${Buffer.from(`PAT:${TOKEN}`).toString('base64')}`;

describe('Azure DevOps simulator responses match the official OpenAPI specs', () => {
  let sim: AzureDevOpsSimulator;
  let wit: SpecValidator;
  let git: SpecValidator;
  const plain = newAjv();
  const covered = new Set<string>();
  let repoId = '';

  beforeAll(async () => {
    wit = new SpecValidator(loadSpec('wit-7.1/workItemTracking.json'));
    git = new SpecValidator(loadSpec('git-7.2/git.json'));
    sim = await startAzureDevOpsSimulator({ token: TOKEN });
    sim.addWorkItem({
      id: 7,
      title: 'Contract',
      tags: ['autofix'],
      priority: 2,
      description: '<p>d</p>',
      relations: [{ rel: 'Hyperlink', url: 'https://example.com/x' }],
      comments: [{ text: '<p>hello</p>' }],
    });
    repoId = sim.addRepository({
      name: 'shop',
      branches: { main: 'a'.repeat(40), 'feature/x': 'b'.repeat(40) },
    }).id;
  });
  afterAll(() => sim.close());

  async function call(
    method: string,
    relative: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${sim.orgUrl}/${relative}`, {
      method,
      headers: {
        authorization: AUTH,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  }

  function expectValid(validate: ValidateFunction, data: unknown, kind: string): void {
    const ok = validate(data);
    if (!ok)
      throw new Error(
        `${kind} does not match the spec: ${JSON.stringify(validate.errors, null, 1).slice(0, 2000)}`,
      );
    covered.add(kind);
  }

  function expectOperation(
    validator: SpecValidator,
    specPath: string,
    method: string,
    body: Json,
    kind: string,
  ): void {
    const { validate, isArray } = validator.forOperation(specPath, method);
    if (isArray) {
      // Collections travel as {count, value}; the spec describes `value`.
      expect(body.count).toBe((body.value as unknown[]).length);
      expectValid(validate, body.value, kind);
    } else {
      expectValid(validate, body, kind);
    }
  }

  it("the relaxation of C# `object` values is what the spec's own recorded example needs", () => {
    const example = JSON.parse(
      readFileSync(
        path.join(SPECS, 'wit-7.1/examples/workItems__GET__wit_WorkItems_id.json'),
        'utf8',
      ).replace(/^\uFEFF/, ''),
    ) as { responses: { '200': { body: unknown } } };
    const strict = newAjv().compile({
      $ref: '#/definitions/WorkItem',
      definitions: loadSpec('wit-7.1/workItemTracking.json').definitions,
    });
    expect(strict(example.responses['200'].body)).toBe(false);
    expectValid(wit.definition('WorkItem'), example.responses['200'].body, 'spec example');
  });

  it('location discovery', async () => {
    for (const area of ['Location', 'wit', 'git']) {
      const res = await call('OPTIONS', `_apis/${area}`);
      expect(res.status).toBe(200);
      expectValid(plain.compile(LOCATIONS_SCHEMA), res.body, 'location');
    }
    const areas = await call('GET', '_apis/ResourceAreas');
    expectValid(plain.compile(RESOURCE_AREAS_SCHEMA), areas.body, 'resource areas');
  });

  it('WIQL, batch, work items (GET, list, PATCH) and comments', async () => {
    const query = await call('POST', `Fabrikam/_apis/wit/wiql?%24top=5`, {
      query:
        "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'autofix' ORDER BY [Microsoft.VSTS.Common.Priority]",
    });
    expect(query.status).toBe(200);
    expectOperation(
      wit,
      '/{organization}/{project}/{team}/_apis/wit/wiql',
      'post',
      query.body,
      'wiql',
    );

    const batch = await call('POST', 'Fabrikam/_apis/wit/workItemsBatch', { ids: [7], $expand: 1 });
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workitemsbatch',
      'post',
      batch.body,
      'batch',
    );
    const fieldsBatch = await call('POST', 'Fabrikam/_apis/wit/workItemsBatch', {
      ids: [7],
      fields: ['System.Title'],
    });
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workitemsbatch',
      'post',
      fieldsBatch.body,
      'batch',
    );

    const list = await call('GET', 'Fabrikam/_apis/wit/workItems?ids=7&%24expand=4');
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workitems',
      'get',
      list.body,
      'work item list',
    );

    for (const expand of ['0', '1', '3', '4']) {
      const item = await call('GET', `Fabrikam/_apis/wit/workItems/7?%24expand=${expand}`);
      expectOperation(
        wit,
        '/{organization}/{project}/_apis/wit/workitems/{id}',
        'get',
        item.body,
        'work item',
      );
    }

    const rev = (await call('GET', 'Fabrikam/_apis/wit/workItems/7')).body.rev;
    const patched = await call(
      'PATCH',
      'Fabrikam/_apis/wit/workItems/7',
      [
        { op: 'test', path: '/rev', value: rev },
        { op: 'add', path: '/fields/System.Tags', value: 'autofix:working' },
        { op: 'add', path: '/fields/System.History', value: '<p>claim</p>' },
        {
          op: 'add',
          path: '/relations/-',
          value: {
            rel: 'ArtifactLink',
            url: 'vstfs:///Git/PullRequestId/a%2Fb%2F1',
            attributes: { name: 'Pull Request' },
          },
        },
      ],
      { 'content-type': 'application/json-patch+json' },
    );
    expect(patched.status).toBe(200);
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workitems/{id}',
      'patch',
      patched.body,
      'work item patch',
    );

    const comments = await call('GET', 'Fabrikam/_apis/wit/workItems/7/comments?%24top=1&order=2');
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workItems/{workItemId}/comments',
      'get',
      comments.body,
      'comment list',
    );
    expect(comments.body.continuationToken).toBe('1');
    const posted = await call('POST', 'Fabrikam/_apis/wit/workItems/7/comments', {
      text: '<p>done</p>',
    });
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workItems/{workItemId}/comments',
      'post',
      posted.body,
      'comment',
    );
    const one = await call(
      'GET',
      `Fabrikam/_apis/wit/workItems/7/comments/${String(posted.body.id)}`,
    );
    expectOperation(
      wit,
      '/{organization}/{project}/_apis/wit/workItems/{workItemId}/comments/{commentId}',
      'get',
      one.body,
      'comment',
    );
  });

  it('repositories, refs and pull requests (list, create 201, get, update)', async () => {
    const repos = await call('GET', 'Fabrikam/_apis/git/repositories');
    expectOperation(
      git,
      '/{organization}/{project}/_apis/git/repositories',
      'get',
      repos.body,
      'repository list',
    );
    const repo = await call('GET', 'Fabrikam/_apis/git/repositories/shop');
    expectOperation(
      git,
      '/{organization}/{project}/_apis/git/repositories/{repositoryId}',
      'get',
      repo.body,
      'repository',
    );
    const refs = await call(
      'GET',
      `Fabrikam/_apis/git/repositories/${repoId}/refs?filter=heads%2Ffeature`,
    );
    expect((refs.body.value as unknown[]).length).toBe(1);
    expectOperation(
      git,
      '/{organization}/{project}/_apis/git/repositories/{repositoryId}/refs',
      'get',
      refs.body,
      'refs',
    );

    const created = await call(
      'POST',
      `Fabrikam/_apis/git/repositories/${repoId}/pullRequests?supportsIterations=true`,
      {
        sourceRefName: 'refs/heads/feature/x',
        targetRefName: 'refs/heads/main',
        title: 'AB#7: Contract',
        description: 'body',
        isDraft: true,
        workItemRefs: [{ id: '7' }],
      },
    );
    expect(created.status).toBe(201);
    const prPath = '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullrequests';
    expectOperation(git, prPath, 'post', created.body, 'pull request create');
    const listed = await call(
      'GET',
      `Fabrikam/_apis/git/repositories/${repoId}/pullRequests?searchCriteria.sourceRefName=refs%2Fheads%2Ffeature%2Fx&searchCriteria.status=1`,
    );
    expect((listed.body.value as unknown[]).length).toBe(1);
    expectOperation(git, prPath, 'get', listed.body, 'pull request list');
    const id = String(created.body.pullRequestId);
    const fetched = await call(
      'GET',
      `Fabrikam/_apis/git/repositories/${repoId}/pullRequests/${id}`,
    );
    expectOperation(git, `${prPath}/{pullRequestId}`, 'get', fetched.body, 'pull request');
    const byProject = await call('GET', `Fabrikam/_apis/git/pullRequests/${id}`);
    expectOperation(
      git,
      '/{organization}/{project}/_apis/git/pullrequests/{pullRequestId}',
      'get',
      byProject.body,
      'pull request',
    );
    const updated = await call(
      'PATCH',
      `Fabrikam/_apis/git/repositories/${repoId}/pullRequests/${id}`,
      { title: 'AB#7: v2' },
    );
    expectOperation(git, `${prPath}/{pullRequestId}`, 'patch', updated.body, 'pull request update');
  });

  it('completed and abandoned pull requests carry the merge the service made (git-7.2 GitPullRequest)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ttp-contract-merge-'));
    try {
      const bare = path.join(dir, 'merged.git');
      const work = path.join(dir, 'work');
      const run = (cwd: string, ...args: string[]) =>
        execFileSync('git', args, {
          cwd,
          encoding: 'utf8',
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'a',
            GIT_AUTHOR_EMAIL: 'a@x',
            GIT_COMMITTER_NAME: 'a',
            GIT_COMMITTER_EMAIL: 'a@x',
          },
        }).trim();
      run(dir, 'init', '-q', '--bare', '-b', 'main', bare);
      run(dir, 'init', '-q', '-b', 'main', work);
      writeFileSync(path.join(work, 'a.txt'), 'a\n');
      run(work, 'add', '-A');
      run(work, 'commit', '-q', '-m', 'base');
      for (const branch of ['done', 'dropped']) {
        run(work, 'checkout', '-q', '-B', branch, 'main');
        writeFileSync(path.join(work, `${branch}.txt`), `${branch}\n`);
        run(work, 'add', '-A');
        run(work, 'commit', '-q', '-m', branch);
      }
      run(work, 'push', '-q', pathToFileURL(bare).href, 'main', 'done', 'dropped');
      const base = run(bare, 'rev-parse', 'main');
      const merged = sim.addRepository({ name: 'merged', remoteUrl: pathToFileURL(bare).href });
      const done = sim.addPullRequest({ repository: 'merged', sourceBranch: 'done' });
      const dropped = sim.addPullRequest({ repository: 'merged', sourceBranch: 'dropped' });
      sim.closePullRequest(done.pullRequestId, { status: 'completed' });
      sim.closePullRequest(dropped.pullRequestId, { status: 'abandoned' });

      const completed = await call('GET', `Fabrikam/_apis/git/pullRequests/${done.pullRequestId}`);
      expectOperation(
        git,
        '/{organization}/{project}/_apis/git/pullrequests/{pullRequestId}',
        'get',
        completed.body,
        'completed pull request',
      );
      const mergeCommit = run(bare, 'rev-parse', 'main');
      expect(completed.body).toMatchObject({
        status: 'completed',
        mergeStatus: 'succeeded',
        lastMergeCommit: { commitId: mergeCommit },
        lastMergeTargetCommit: { commitId: base },
        lastMergeSourceCommit: { commitId: run(bare, 'rev-parse', 'done') },
        completionOptions: { mergeStrategy: 'noFastForward' },
      });
      expect(run(bare, 'rev-parse', `${mergeCommit}^1`)).toBe(base);
      expect(typeof completed.body.closedDate).toBe('string');

      const abandoned = await call(
        'GET',
        `Fabrikam/_apis/git/repositories/${merged.id}/pullRequests/${dropped.pullRequestId}`,
      );
      expectOperation(
        git,
        '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullrequests/{pullRequestId}',
        'get',
        abandoned.body,
        'abandoned pull request',
      );
      expect(abandoned.body).toMatchObject({ status: 'abandoned', mergeStatus: 'succeeded' });
      expect(abandoned.body.completionOptions).toBeUndefined();
      // Its last merge stays on refs/pull/{id}/merge; the target branch never moved for it.
      const testMerge = (abandoned.body.lastMergeCommit as Json).commitId as string;
      expect(run(bare, 'rev-parse', `refs/pull/${dropped.pullRequestId}/merge`)).toBe(testMerge);
      expect(run(bare, 'rev-parse', 'main')).toBe(mergeCommit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every error the simulator sends has the service error body and status', async () => {
    const validate = plain.compile(ERROR_SCHEMA);
    const errorCases: [
      string,
      () => Promise<{ status: number; body: Json; headers: Headers }>,
      number,
    ][] = [
      [
        '412',
        () =>
          call('PATCH', 'Fabrikam/_apis/wit/workItems/7', [{ op: 'test', path: '/rev', value: 1 }]),
        412,
      ],
      ['404 work item', () => call('GET', 'Fabrikam/_apis/wit/workItems/999'), 404],
      ['404 project', () => call('GET', 'Nope/_apis/wit/workItems/7'), 404],
      ['404 repository', () => call('GET', 'Fabrikam/_apis/git/repositories/nope'), 404],
      [
        '404 pull request',
        () => call('GET', `Fabrikam/_apis/git/repositories/${repoId}/pullRequests/999`),
        404,
      ],
      [
        '400 wiql',
        () =>
          call('POST', 'Fabrikam/_apis/wit/wiql', { query: 'SELECT [Nope.Field] FROM WorkItems' }),
        400,
      ],
      [
        '400 fields+expand',
        () =>
          call('POST', 'Fabrikam/_apis/wit/workItemsBatch', {
            ids: [7],
            fields: ['System.Title'],
            $expand: 1,
          }),
        400,
      ],
      [
        '400 artifact link',
        () =>
          call('PATCH', 'Fabrikam/_apis/wit/workItems/7', [
            {
              op: 'add',
              path: '/relations/-',
              value: { rel: 'ArtifactLink', url: 'vstfs:///Git/Commit/x' },
            },
          ]),
        400,
      ],
      [
        '409 duplicate PR',
        () =>
          call('POST', `Fabrikam/_apis/git/repositories/${repoId}/pullRequests`, {
            sourceRefName: 'refs/heads/feature/x',
            targetRefName: 'refs/heads/main',
          }),
        409,
      ],
      [
        '401',
        () =>
          call('GET', 'Fabrikam/_apis/wit/workItems/7', undefined, {
            authorization: 'Basic ' + Buffer.from(':wrong').toString('base64'),
          }),
        401,
      ],
      [
        '429',
        async () => {
          sim.injectFault({ status: 429, retryAfterSeconds: 3 });
          return call('GET', 'Fabrikam/_apis/wit/workItems/7');
        },
        429,
      ],
      [
        '500',
        async () => {
          sim.injectFault({ status: 500 });
          return call('GET', 'Fabrikam/_apis/wit/workItems/7');
        },
        500,
      ],
      [
        '503',
        async () => {
          sim.injectFault({ status: 503 });
          return call('GET', 'Fabrikam/_apis/wit/workItems/7');
        },
        503,
      ],
    ];
    for (const [kind, run, status] of errorCases) {
      const res = await run();
      expect(`${kind}: ${res.status}`).toBe(`${kind}: ${status}`);
      expectValid(validate, res.body, `error ${kind}`);
      if (status === 429) {
        expect(res.headers.get('retry-after')).toBe('3');
        for (const h of [
          'x-ratelimit-resource',
          'x-ratelimit-limit',
          'x-ratelimit-remaining',
          'x-ratelimit-reset',
        ]) {
          expect(res.headers.get(h)).not.toBeNull();
        }
        expect(res.body.message).toMatch(/^TF400733: /);
      }
    }
    expect(String((await errorCases[0]![1]()).body.message)).toMatch(
      /^VS403351: Test Operation for path \/rev failed, value \d+ was not equal to test value 1\.$/,
    );
  });

  it('pull request threads and comments (list, create, get, update status, reply), iterations and commits', async () => {
    const base = `Fabrikam/_apis/git/repositories/${repoId}/pullRequests`;
    const seeded = sim.addPullRequest({ repository: 'shop', sourceBranch: 'feature/x' });
    const prId = seeded.pullRequestId;
    // A pull request from a fork carries forkSource; its source tip is lastMergeSourceCommit.
    seeded.forkSource = {
      repositoryId: 'f0f0f0f0-0000-4000-8000-00000000f0f0',
      repositoryName: 'shop-fork',
    };
    const forked = await call(
      'GET',
      `Fabrikam/_apis/git/repositories/${repoId}/pullRequests/${prId}`,
    );
    expectOperation(
      git,
      '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullrequests/{pullRequestId}',
      'get',
      forked.body,
      'pull request from a fork',
    );
    expect(forked.body).toMatchObject({
      forkSource: { repository: { id: seeded.forkSource.repositoryId } },
      lastMergeSourceCommit: { commitId: 'b'.repeat(40) },
    });
    const threadsPath =
      '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads';
    const reviewer = {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      displayName: 'Rita',
      uniqueName: 'rita@contoso.com',
    };
    sim.threads.add({
      pullRequestId: prId,
      status: 'active',
      filePath: '/src/a.js',
      line: 3,
      comments: [{ author: reviewer, content: 'Rename this.' }],
    });
    sim.threads.add({
      pullRequestId: prId,
      comments: [{ author: reviewer, content: 'voted', commentType: 'system' }],
    });
    const listed = await call('GET', `${base}/${prId}/threads`);
    expect(listed.status).toBe(200);
    expectOperation(git, threadsPath, 'get', listed.body, 'thread list');
    const posted = await call('POST', `${base}/${prId}/threads`, {
      comments: [{ content: 'A human should take over.', parentCommentId: 0, commentType: 1 }],
    });
    expect(posted.status).toBe(200);
    expectOperation(git, threadsPath, 'post', posted.body, 'thread create');
    const threadId = Number((listed.body.value as Json[])[0]!.id);
    const one = await call('GET', `${base}/${prId}/threads/${threadId}`);
    expectOperation(git, `${threadsPath}/{threadId}`, 'get', one.body, 'thread');
    const patched = await call('PATCH', `${base}/${prId}/threads/${threadId}`, { status: 2 });
    expectOperation(git, `${threadsPath}/{threadId}`, 'patch', patched.body, 'thread update');
    expect(patched.body.status).toBe('fixed');
    const reply = await call('POST', `${base}/${prId}/threads/${threadId}/comments`, {
      content: 'Renamed.',
      parentCommentId: 1,
      commentType: 1,
    });
    expectOperation(git, `${threadsPath}/{threadId}/comments`, 'post', reply.body, 'thread reply');
    expect(reply.body).toMatchObject({ parentCommentId: 1, commentType: 'text' });
    const comments = await call('GET', `${base}/${prId}/threads/${threadId}/comments`);
    expectOperation(
      git,
      `${threadsPath}/{threadId}/comments`,
      'get',
      comments.body,
      'thread comments',
    );
    // A reply leaves the status as it was.
    expect((await call('GET', `${base}/${prId}/threads/${threadId}`)).body.status).toBe('fixed');
    for (const [kind, response, status] of [
      ['error thread 404', await call('GET', `${base}/${prId}/threads/999`), 404],
      ['error thread 400', await call('POST', `${base}/${prId}/threads`, { comments: [] }), 400],
    ] as const) {
      expect(response.status).toBe(status);
      expectValid(plain.compile(ERROR_SCHEMA), response.body, kind);
    }
    // A file thread written on iteration 1, read with $iteration=2 after a push: tracked.
    sim.threads.add({
      pullRequestId: prId,
      status: 'active',
      filePath: '/src/b.js',
      line: 2,
      iteration: 1,
      comments: [{ author: reviewer, content: 'Here.' }],
    });
    const prPath = threadsPath.replace(/\/threads$/, '');
    const iterations = await call('GET', `${base}/${prId}/iterations`);
    expect(iterations.body.count).toBe(1);
    expectOperation(git, `${prPath}/iterations`, 'get', iterations.body, 'iteration list');
    const commits = await call('GET', `${base}/${prId}/commits`);
    expectOperation(git, `${prPath}/commits`, 'get', commits.body, 'pull request commits');
    seeded.sourceCommit = 'c'.repeat(40);
    const tracked = await call('GET', `${base}/${prId}/threads?%24iteration=2`);
    expectOperation(git, threadsPath, 'get', tracked.body, 'thread list tracked');
    expect(JSON.stringify(tracked.body)).toContain('"secondComparingIteration":2');
    for (const kind of [
      'thread list',
      'thread list tracked',
      'iteration list',
      'pull request commits',
      'thread create',
      'thread',
      'thread update',
      'thread reply',
      'thread comments',
    ]) {
      expect(`${kind}: ${covered.has(kind)}`).toBe(`${kind}: true`);
    }
  });

  it('covers every kind of response the simulator produces', () => {
    // Every route family the simulator answers (see its location tables), plus discovery and errors.
    const kinds = [
      'location',
      'resource areas',
      'wiql',
      'batch',
      'work item list',
      'work item',
      'work item patch',
      'comment list',
      'comment',
      'repository list',
      'repository',
      'refs',
      'pull request create',
      'pull request list',
      'pull request',
      'pull request update',
      'completed pull request',
      'abandoned pull request',
    ];
    for (const kind of kinds) expect(`${kind}: ${covered.has(kind)}`).toBe(`${kind}: true`);
    expect([...covered].filter((k) => k.startsWith('error ')).length).toBeGreaterThanOrEqual(13);
    // Every request the simulator answered in this file was one of the validated kinds.
    const answered = new Set(sim.requests.map((r) => r.status));
    expect(
      [...answered].every((s) => [200, 201, 400, 401, 404, 409, 412, 429, 500, 503].includes(s)),
    ).toBe(true);
  });
});
