/**
 * GitHub's OpenAPI description as the contract tests read it: the subsets in specs/github (see
 * its README), every $ref resolved, as operation id → method, path pattern and response schemas.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const specDir = resolve(dirname(fileURLToPath(import.meta.url)), 'specs', 'github');

type Json = Record<string, unknown>;

const loadSpec = (file: string): Json =>
  JSON.parse(readFileSync(resolve(specDir, file), 'utf8')) as Json;

/** Replaces every `#/components/...` $ref with its target (the subset shares repeated schemas this way). */
function resolveRefs(node: unknown, root: Json, seen = new Map<string, unknown>()): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, root, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    if (seen.has(ref)) return seen.get(ref);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, key) => (at as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        root,
      );
    if (target === undefined) throw new Error(`$ref ${ref} does not resolve`);
    const placeholder: Json = {};
    seen.set(ref, placeholder);
    Object.assign(placeholder, resolveRefs(target, root, seen));
    return placeholder;
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(v, root, seen)]));
}

/** Operation id → status → response schema, and path templates to match requests. */
export interface Operation {
  readonly method: string;
  readonly pattern: RegExp;
  readonly responses: Record<string, unknown>;
}

function operationsOf(spec: Json): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries(spec.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const operation = op as Json;
      if (typeof operation.operationId !== 'string') continue;
      const responses: Record<string, unknown> = {};
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Json)) {
        const content = (response as Json).content as Json | undefined;
        responses[status] = (content?.['application/json'] as Json | undefined)?.schema;
      }
      const pattern = new RegExp(
        `^${path.replace(/\{ref\}/, '(.+)').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      );
      out.set(operation.operationId, { method: method.toUpperCase(), pattern, responses });
    }
  }
  return out;
}

/** Both GitHub files: the main subset and the review operations, in one map. */
export function loadGitHubOperations(): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const file of ['api.github.com.json', 'api.github.com.review.json']) {
    const raw = loadSpec(file);
    for (const [id, op] of operationsOf(resolveRefs(raw, raw) as Json)) out.set(id, op);
  }
  return out;
}

/** A raw call to the simulator as Octokit makes it: token auth, GitHub's media type, JSON. */
export function simulatorCall(url: () => string, token: string) {
  return async (method: string, path: string, body?: unknown, auth = token) => {
    const res = await fetch(`${url()}${path}`, {
      method,
      headers: {
        authorization: `token ${auth}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      link: res.headers.get('link'),
      body: (await res.json()) as unknown,
    };
  };
}

/**
 * OpenAPI 3.0's `nullable` on a schema without `type` (e.g. a commit's author: `nullable` with a
 * `oneOf`) means "this, or null"; Ajv accepts `nullable` only beside `type`, so such a schema is
 * written as `anyOf: [itself without nullable, null]`. Everything else is kept as it is.
 */
function withTypelessNullable(schema: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const known = seen.get(schema);
  if (known !== undefined) return known;
  if (Array.isArray(schema)) {
    const out: unknown[] = [];
    seen.set(schema, out);
    for (const item of schema) out.push(withTypelessNullable(item, seen));
    return out;
  }
  const out: Json = {};
  seen.set(schema, out);
  const { nullable, ...rest } = schema as Json;
  const typeless = nullable === true && !('type' in rest);
  const body: Json = typeless ? {} : out;
  for (const [key, value] of Object.entries(typeless ? rest : (schema as Json)))
    body[key] = withTypelessNullable(value, seen);
  if (typeless) out.anyOf = [body, { type: 'null' }];
  return out;
}

/** Checks values against response schemas, each schema compiled once; undefined when valid. */
export function schemaChecker(): (schema: unknown, value: unknown) => string | undefined {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  const compiled = new Map<unknown, ValidateFunction>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate)
      compiled.set(schema, (validate = ajv.compile(withTypelessNullable(schema) as object)));
    return validate(value) ? undefined : ajv.errorsText(validate.errors, { separator: '\n  ' });
  };
}
