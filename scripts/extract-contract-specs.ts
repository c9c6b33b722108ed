// Cuts the official OpenAPI descriptions down to the operations the contract tests validate and
// writes them to test/contract/specs/, so a plain clone runs those tests with nothing beside it.
// Only responses are kept (the tests validate what the simulators answer), descriptions and
// examples are dropped, and each Azure DevOps file keeps only the definitions its responses reach.
//
// Run: npm run specs:extract [-- --from DIR]   (DIR defaults to ../shared/specs beside the clone)
// Run with --check to fail when the committed subset differs from what DIR gives.
// The review operations (GITHUB_REVIEW_OPERATIONS) are not in DIR's GitHub subset: pass the full
// description with --github-full FILE (generated/api.github.com.deref.json of the npm package
// @octokit/openapi 23.0.2: `npm pack @octokit/openapi@23.0.2`) to extract them as well.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
export const CONTRACT_SPECS_DIR = path.join(root, 'test', 'contract', 'specs');

type Json = Record<string, unknown>;

/** The GitHub operations the GitHub simulator answers (test/contract/github.contract.test.ts). */
const GITHUB_OPERATIONS = [
  'repos/get',
  'git/get-ref',
  'pulls/list',
  'pulls/create',
  'pulls/get',
  'pulls/update',
  'issues/list-comments',
  'issues/create-comment',
];

/**
 * The review operations the GitHub simulator answers, cut from the full description (the shared
 * subset lacks them) into their own file, github/api.github.com.review.json.
 */
const GITHUB_REVIEW_OPERATIONS = [
  'pulls/list-review-comments',
  'pulls/create-reply-for-review-comment',
  'pulls/list-reviews',
  'repos/get-collaborator-permission-level',
  'pulls/list-commits',
  'users/get-authenticated',
];

/** The Azure DevOps operations (path → methods) the Azure DevOps contract test validates. */
const AZURE_OPERATIONS: Record<string, Record<string, readonly string[]>> = {
  'wit-7.1/workItemTracking.json': {
    '/{organization}/{project}/{team}/_apis/wit/wiql': ['post'],
    '/{organization}/{project}/_apis/wit/workitemsbatch': ['post'],
    '/{organization}/{project}/_apis/wit/workitems': ['get'],
    '/{organization}/{project}/_apis/wit/workitems/{id}': ['get', 'patch'],
    '/{organization}/{project}/_apis/wit/workItems/{workItemId}/comments': ['get', 'post'],
    '/{organization}/{project}/_apis/wit/workItems/{workItemId}/comments/{commentId}': ['get'],
  },
  'git-7.2/git.json': {
    '/{organization}/{project}/_apis/git/repositories': ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}': ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/refs': ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullrequests': ['get', 'post'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullrequests/{pullRequestId}':
      ['get', 'patch'],
    '/{organization}/{project}/_apis/git/pullrequests/{pullRequestId}': ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads':
      ['get', 'post'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/iterations':
      ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/commits':
      ['get'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}':
      ['get', 'patch'],
    '/{organization}/{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}/comments':
      ['get', 'post'],
  },
};

/** Recorded examples the Azure DevOps contract test reads, copied unchanged. */
const AZURE_EXAMPLES = ['wit-7.1/examples/workItems__GET__wit_WorkItems_id.json'];

const readJson = (file: string): Json =>
  JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Json;

/**
 * Drops what validation never reads: prose (`description`, `summary`), examples and vendor
 * extensions. A property *named* like one of them (inside `properties`) is kept.
 */
function stripProse(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => stripProse(n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    const isName = parentKey === 'properties' || parentKey === 'definitions';
    const prose =
      (key === 'description' || key === 'summary') && typeof value === 'string'
        ? true
        : key === 'example' || key === 'examples' || key.startsWith('x-');
    if (prose && !isName) continue;
    out[key] = stripProse(value, key);
  }
  return out;
}

function githubSubset(spec: Json, operations: readonly string[], sharedPrefix = 'shared'): Json {
  const paths: Json = {};
  for (const [specPath, item] of Object.entries(spec.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const operation = op as Json;
      if (!operations.includes(operation.operationId as string)) continue;
      const responses: Json = {};
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const schema = (
          ((response as Json).content as Json | undefined)?.['application/json'] as Json | undefined
        )?.schema;
        responses[status] =
          schema === undefined ? {} : { content: { 'application/json': { schema } } };
      }
      ((paths[specPath] ??= {}) as Json)[method] = stripProse({
        operationId: operation.operationId,
        responses,
      });
    }
  }
  const found = Object.values(paths).flatMap((item) =>
    Object.values(item as Json).map((op) => (op as Json).operationId),
  );
  const lost = operations.filter((id) => !found.includes(id));
  if (lost.length) throw new Error(`GitHub description lacks ${lost.join(', ')}`);
  return { openapi: spec.openapi, info: spec.info, ...shareRepeatedSchemas(paths, sharedPrefix) };
}

/**
 * The description arrives dereferenced, so the pull request schema appears once per operation and
 * status: every schema met more than once (and not tiny) moves to `components/schemas` behind a $ref.
 */
function shareRepeatedSchemas(
  paths: Json,
  prefix: string,
): { paths: Json; components: { schemas: Json } } {
  const seen = new Map<string, number>();
  const count = (schema: unknown): void =>
    forEachSubschema(schema, (s) => {
      const key = JSON.stringify(s);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return (seen.get(key) ?? 0) === 1; // children of a repeat were already counted
    });
  const schemas: Json = {};
  const names = new Map<string, string>();
  const share = (schema: unknown, top = false): unknown => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
    const key = JSON.stringify(schema);
    if (!top && key.length > 300 && (seen.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (!name) {
        name = `${prefix}-${names.size + 1}`;
        names.set(key, name);
        schemas[name] = share(schema, true);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return mapSubschemas(schema as Json, (s) => share(s));
  };
  const responseSchemas = (fn: (schema: unknown) => unknown): Json =>
    Object.fromEntries(
      Object.entries(paths).map(([p, item]) => [
        p,
        Object.fromEntries(
          Object.entries(item as Json).map(([m, op]) => {
            const responses = Object.fromEntries(
              Object.entries((op as Json).responses as Json).map(([status, r]) => {
                const media = ((r as Json).content as Json | undefined)?.['application/json'] as
                  | Json
                  | undefined;
                return [
                  status,
                  media ? { content: { 'application/json': { schema: fn(media.schema) } } } : r,
                ];
              }),
            );
            return [m, { ...(op as Json), responses }];
          }),
        ),
      ]),
    );
  responseSchemas((schema) => (count(schema), schema));
  const shared = responseSchemas((schema) => share(schema));
  return { paths: shared, components: { schemas } };
}

const SCHEMA_KEYS = ['items', 'additionalProperties', 'not'];
const SCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf'];

/** A copy of `schema` with `fn` applied to each direct subschema. */
function mapSubschemas(schema: Json, fn: (s: unknown) => unknown): Json {
  const out: Json = { ...schema };
  for (const key of SCHEMA_KEYS) if (isObject(out[key])) out[key] = fn(out[key]);
  for (const key of SCHEMA_LIST_KEYS)
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(fn);
  if (isObject(out.properties))
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Json).map(([k, v]) => [k, fn(v)]),
    );
  return out;
}

/** Visits `schema` and, while `visit` returns true, its subschemas. */
function forEachSubschema(schema: unknown, visit: (s: Json) => boolean): void {
  if (!isObject(schema)) return;
  if (!visit(schema as Json)) return;
  mapSubschemas(schema as Json, (s) => (forEachSubschema(s, visit), s));
}

const isObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v);

/** Names of every `#/definitions/X` reached from `node`, following definitions transitively. */
function reachableDefinitions(node: unknown, definitions: Json, seen = new Set<string>()) {
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const ref = (n as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = ref.slice('#/definitions/'.length);
      if (!seen.has(name)) {
        seen.add(name);
        if (!(name in definitions)) throw new Error(`$ref ${ref} does not resolve`);
        visit(definitions[name]);
      }
    }
    Object.values(n as Json).forEach(visit);
  };
  visit(node);
  return seen;
}

function azureSubset(from: string, file: string): Json {
  const spec = readJson(path.join(from, 'azure-devops', file));
  const paths: Json = {};
  for (const [specPath, methods] of Object.entries(AZURE_OPERATIONS[file]!)) {
    for (const method of methods) {
      const operation = (spec.paths as Json)[specPath]?.[method as never] as Json | undefined;
      if (!operation) throw new Error(`${file} lacks ${method} ${specPath}`);
      ((paths[specPath] ??= {}) as Json)[method] = stripProse({
        operationId: operation.operationId,
        responses: operation.responses,
      });
    }
  }
  const all = spec.definitions as Json;
  const names = [...reachableDefinitions(paths, all)].sort();
  const definitions = Object.fromEntries(names.map((n) => [n, stripProse(all[n])]));
  return { swagger: spec.swagger, info: spec.info, paths, definitions };
}

/**
 * Every file of the subset: relative path → contents. The review file only when `githubFull`
 * (the full GitHub description) is given.
 */
export function contractSpecFiles(from: string, githubFull?: string): Map<string, string> {
  const files = new Map<string, string>();
  const json = (value: unknown) => JSON.stringify(value, null, 1) + '\n';
  const github = readJson(path.join(from, 'github', 'api.github.com.subset.json'));
  files.set('github/api.github.com.json', json(githubSubset(github, GITHUB_OPERATIONS)));
  if (githubFull) {
    const full = githubSubset(readJson(githubFull), GITHUB_REVIEW_OPERATIONS, 'review');
    files.set('github/api.github.com.review.json', json(full));
  }
  for (const file of Object.keys(AZURE_OPERATIONS)) {
    files.set(`azure-devops/${file}`, json(azureSubset(from, file)));
  }
  for (const example of AZURE_EXAMPLES) {
    files.set(
      `azure-devops/${example}`,
      fs.readFileSync(path.join(from, 'azure-devops', example), 'utf8'),
    );
  }
  return files;
}

function main(argv: readonly string[]): number {
  const fromIndex = argv.indexOf('--from');
  const from = path.resolve(
    fromIndex >= 0 ? argv[fromIndex + 1]! : path.join(root, '..', 'shared', 'specs'),
  );
  if (!fs.existsSync(from)) {
    console.error(
      `No specifications at ${from}; pass --from DIR (a folder holding github/ and azure-devops/).`,
    );
    return 2;
  }
  const fullIndex = argv.indexOf('--github-full');
  const githubFull = fullIndex >= 0 ? path.resolve(argv[fullIndex + 1]!) : undefined;
  const files = contractSpecFiles(from, githubFull);
  if (argv.includes('--check')) {
    const stale = [...files].filter(
      ([rel, text]) => fs.readFileSync(path.join(CONTRACT_SPECS_DIR, rel), 'utf8') !== text,
    );
    for (const [rel] of stale) console.error(`stale: test/contract/specs/${rel}`);
    return stale.length ? 1 : 0;
  }
  for (const [rel, text] of files) {
    const target = path.join(CONTRACT_SPECS_DIR, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote test/contract/specs/${rel} (${Math.round(text.length / 1024)} KiB)`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  process.exitCode = main(process.argv.slice(2));
}
