import type { RequestContext } from './context.js';
import { queryValue } from './context.js';
import type { RouteResult } from './git.js';
import { errors } from './http.js';
import { bumpRevision } from './revisions.js';
import type { SimComment, SimRelation, SimWorkItem } from './state.js';
import { joinTags, splitTags } from './state.js';
import { evaluate, parseWiql, resolveField, sortWorkItems } from './wiql.js';

// WorkItemExpand, by number (as the client sends it) or by name.
const EXPAND: Record<string, string> = {
  '0': 'none',
  '1': 'relations',
  '2': 'fields',
  '3': 'links',
  '4': 'all',
};

function expandOf(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  const text = String(value);
  return EXPAND[text] ?? text.toLowerCase();
}

/**
 * WorkItemErrorPolicy, by number (as the client sends it: Fail = 1, Omit = 2 in
 * azure-devops-node-api 17.0.1 interfaces/WorkItemTrackingInterfaces.d.ts) or by name ("fail",
 * "omit" in specification/wit/7.1/workItemTracking.json). The default is fail.
 */
function omitsMissing(value: unknown): boolean {
  return value === 2 || String(value).toLowerCase() === 'omit' || value === '2';
}

function findWorkItem(ctx: RequestContext, idText: string): SimWorkItem {
  const item = ctx.state.workItems.get(Number(idText));
  if (!item) throw errors.workItemNotFound(idText);
  return item;
}

function workItemUrl(ctx: RequestContext, id: number): string {
  return `${ctx.orgUrl}/_apis/wit/workItems/${id}`;
}

function relationJson(relation: SimRelation): Record<string, unknown> {
  return {
    rel: relation.rel,
    url: relation.url,
    attributes: { isLocked: false, ...relation.attributes },
  };
}

export function workItemJson(
  ctx: RequestContext,
  item: SimWorkItem,
  options: { expand?: string; fields?: readonly string[] } = {},
): Record<string, unknown> {
  const expand = options.expand ?? 'none';
  let fields: Record<string, unknown> = { ...item.fields, 'System.Rev': item.rev };
  if (options.fields) {
    const wanted = options.fields.map((f) => resolveField(f));
    fields = Object.fromEntries(wanted.filter((f) => f in fields).map((f) => [f, fields[f]]));
  }
  const url = workItemUrl(ctx, item.id);
  const json: Record<string, unknown> = { id: item.id, rev: item.rev, fields };
  if (expand === 'relations' || expand === 'all') json.relations = item.relations.map(relationJson);
  if (expand === 'links' || expand === 'all') {
    json._links = {
      self: { href: url },
      workItemUpdates: { href: `${url}/updates` },
      workItemRevisions: { href: `${url}/revisions` },
      workItemComments: { href: `${url}/comments` },
      html: { href: webUrl(ctx, item.id) },
      workItemType: {
        href: `${ctx.orgUrl}/${ctx.project.id}/_apis/wit/workItemTypes/${encodeURIComponent(String(item.fields['System.WorkItemType']))}`,
      },
      fields: { href: `${ctx.orgUrl}/${ctx.project.id}/_apis/wit/fields` },
    };
  }
  json.url = url;
  return json;
}

function webUrl(ctx: RequestContext, id: number): string {
  return `${ctx.orgUrl}/${encodeURIComponent(ctx.project.name)}/_workitems/edit/${id}`;
}

function identityJson(
  ctx: RequestContext,
  identity: SimComment['createdBy'],
): Record<string, unknown> {
  return {
    displayName: identity.displayName,
    url: `${ctx.orgUrl}/_apis/Identities/${identity.id}`,
    id: identity.id,
    uniqueName: identity.uniqueName,
    imageUrl: `${ctx.orgUrl}/_api/_common/identityImage?id=${identity.id}`,
    descriptor: `aad.${Buffer.from(identity.id).toString('base64url')}`,
  };
}

export function commentJson(ctx: RequestContext, comment: SimComment): Record<string, unknown> {
  return {
    workItemId: comment.workItemId,
    id: comment.id,
    version: comment.version,
    text: comment.text,
    createdBy: identityJson(ctx, comment.createdBy),
    createdDate: comment.createdDate,
    modifiedBy: identityJson(ctx, comment.modifiedBy),
    modifiedDate: comment.modifiedDate,
    format: 'html',
    renderedText: comment.text,
    url: `${ctx.orgUrl}/${ctx.project.id}/_apis/wit/workItems/${comment.workItemId}/comments/${comment.id}`,
  };
}

function addComment(ctx: RequestContext, item: SimWorkItem, text: string): SimComment {
  const date = ctx.now().toISOString();
  const comment: SimComment = {
    id: ctx.state.nextCommentId++,
    workItemId: item.id,
    version: 1,
    text,
    createdBy: ctx.identity,
    createdDate: date,
    modifiedBy: ctx.identity,
    modifiedDate: date,
    isDeleted: false,
  };
  item.comments.push(comment);
  item.fields['System.CommentCount'] = item.comments.length;
  return comment;
}

export function defineTag(ctx: Pick<RequestContext, 'state' | 'now'>, name: string): void {
  const key = name.toLowerCase();
  if (ctx.state.tagDefinitions.has(key)) return;
  const id = `00000000-0000-4000-8000-${String(ctx.state.tagDefinitions.size + 1).padStart(12, '0')}`;
  ctx.state.tagDefinitions.set(key, { id, name, lastUpdated: ctx.now().toISOString() });
}

/** Tags - List (api 7.1-preview.1): the project's tag definitions. */
function listTags(ctx: RequestContext): RouteResult {
  ctx.requireScope('vso.work');
  const value = [...ctx.state.tagDefinitions.values()].map((tag) => ({
    ...tag,
    url: `${ctx.orgUrl}/${ctx.project.id}/_apis/wit/tags/${tag.id}`,
  }));
  return { status: 200, body: { count: value.length, value } };
}

function runWiql(ctx: RequestContext): RouteResult {
  ctx.requireScope('vso.work');
  const body = (ctx.body ?? {}) as { query?: unknown };
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw errors.badRequest(
      'Value cannot be null.\r\nParameter name: wiql',
      'ArgumentNullException',
    );
  }
  const query = parseWiql(body.query);
  const topText = queryValue(ctx.query, '$top');
  const top = topText === undefined ? Number.MAX_SAFE_INTEGER : Number(topText);
  if (!Number.isInteger(top) || top <= 0) {
    throw errors.badRequest(
      'VS402337: The number of work items returned exceeds the size limit of 20000. Change the query to return fewer items.',
    );
  }
  const evalContext = { project: ctx.project.name, now: ctx.now(), me: ctx.identity.displayName };
  const candidates = [...ctx.state.workItems.values()].map((item) => ({
    id: item.id,
    fields: { ...item.fields, 'System.Rev': item.rev },
  }));
  const matching = candidates.filter(
    (c) => !query.where || evaluate(query.where, c.fields, evalContext),
  );
  const sorted = sortWorkItems(matching, query.orderBy).slice(0, top);
  const fieldRef = (name: string) => {
    const referenceName = resolveField(name);
    return {
      referenceName,
      name: referenceName.split('.').pop(),
      url: `${ctx.orgUrl}/_apis/wit/fields/${referenceName}`,
    };
  };
  return {
    status: 200,
    body: {
      queryType: 'flat',
      queryResultType: 'workItem',
      asOf: ctx.now().toISOString(),
      columns: query.columns.map(fieldRef),
      sortColumns: query.orderBy.map((o) => ({
        field: fieldRef(o.field),
        descending: o.descending,
      })),
      workItems: sorted.map((c) => ({ id: c.id, url: workItemUrl(ctx, c.id) })),
    },
  };
}

function getBatch(ctx: RequestContext): RouteResult {
  ctx.requireScope('vso.work');
  const body = (ctx.body ?? {}) as {
    ids?: unknown;
    fields?: unknown;
    $expand?: unknown;
    errorPolicy?: unknown;
  };
  const ids = Array.isArray(body.ids) ? body.ids.map(Number) : [];
  if (ids.length === 0 || ids.length > 200) {
    throw errors.badRequest(
      'VS403474: The number of ids must be between 1 and 200.',
      'ArgumentException',
    );
  }
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
  const expand = expandOf(body.$expand);
  if (fields && expand !== 'none') {
    // azure-devops-node-api#601: fields together with $expand is refused.
    throw errors.badRequest(
      'The expand parameter can not be used with the fields parameter.',
      'ArgumentException',
    );
  }
  // errorPolicy omit: a work item that is gone (or unreadable) is null in its place, the count
  // includes it (WorkItemBatchGetRequest.errorPolicy, "Possible options are {Fail, Omit}"); fail
  // answers the whole request with 404 TF401232.
  const omit = omitsMissing(body.errorPolicy);
  const value = ids.map((id) =>
    omit && !ctx.state.workItems.has(id)
      ? null
      : workItemJson(ctx, findWorkItem(ctx, String(id)), { expand, fields }),
  );
  return { status: 200, body: { count: value.length, value } };
}

function getWorkItems(ctx: RequestContext): RouteResult {
  ctx.requireScope('vso.work');
  const ids = (queryValue(ctx.query, 'ids') ?? '').split(',').filter(Boolean);
  if (ids.length === 0)
    throw errors.badRequest(
      'Value cannot be null.\r\nParameter name: ids',
      'ArgumentNullException',
    );
  const fields = queryValue(ctx.query, 'fields')?.split(',').filter(Boolean);
  const expand = expandOf(queryValue(ctx.query, '$expand'));
  if (fields && expand !== 'none') {
    throw errors.badRequest(
      'The expand parameter can not be used with the fields parameter.',
      'ArgumentException',
    );
  }
  // errorPolicy as in the batch (the client sends it as a number in the query: errorPolicy=2).
  const omit = omitsMissing(queryValue(ctx.query, 'errorPolicy'));
  const value = ids.map((id) =>
    omit && !ctx.state.workItems.has(Number(id))
      ? null
      : workItemJson(ctx, findWorkItem(ctx, id), { expand, fields }),
  );
  return { status: 200, body: { count: value.length, value } };
}

interface PatchOperation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
  from?: unknown;
}

/** Applies a JSON Patch document atomically: a copy is changed and committed only if every operation succeeds. */
function patchWorkItem(ctx: RequestContext, item: SimWorkItem): RouteResult {
  ctx.requireScope('vso.work_write');
  if (!Array.isArray(ctx.body)) {
    throw errors.badRequest(
      'You must pass a valid patch document in the body of the request.',
      'VssPropertyValidationException',
    );
  }
  const fields: Record<string, unknown> = { ...item.fields };
  const relations: SimRelation[] = item.relations.map((r) => ({
    ...r,
    attributes: { ...r.attributes },
  }));
  const history: string[] = [];
  for (const raw of ctx.body as PatchOperation[]) {
    const op = String(raw.op ?? '').toLowerCase();
    const path = String(raw.path ?? '');
    if (op === 'test') {
      const actual =
        path.toLowerCase() === '/rev'
          ? item.rev
          : path.startsWith('/fields/')
            ? fields[resolveFieldForPatch(path)]
            : undefined;
      if (String(actual) !== String(raw.value)) throw errors.testFailed(path, actual, raw.value);
    } else if (path.startsWith('/fields/')) {
      applyFieldOperation(op, resolveFieldForPatch(path), raw.value, fields, history);
    } else if (path.startsWith('/relations/')) {
      applyRelationOperation(op, path, raw.value, relations);
    } else {
      throw errors.patchFailed(`The path ${path} is not supported for operation ${op}.`);
    }
  }
  // A tag the project never had needs "Create tag definition"; without it the whole patch fails.
  const newTags = splitTags(fields['System.Tags']).filter(
    (tag) => !ctx.state.tagDefinitions.has(tag.toLowerCase()),
  );
  if (newTags.length > 0 && !ctx.canCreateTags) throw errors.tagCreationForbidden();
  // validateOnly: every check above ran; nothing is saved (Work Items - Update, api 7.1).
  if (queryValue(ctx.query, 'validateOnly') === 'true') {
    return {
      status: 200,
      body: workItemJson(ctx, { ...item, fields, relations }, { expand: 'all' }),
    };
  }
  for (const tag of newTags) defineTag(ctx, tag);
  item.fields = fields;
  item.relations = relations;
  bumpRevision(ctx, item);
  for (const text of history) addComment(ctx, item, text);
  return { status: 200, body: workItemJson(ctx, item, { expand: 'all' }) };
}

function resolveFieldForPatch(path: string): string {
  const name = decodeURIComponent(path.slice('/fields/'.length));
  try {
    return resolveField(name);
  } catch {
    // Writable fields outside the query field list (e.g. custom fields) are stored as given.
    return name;
  }
}

const READ_ONLY_FIELDS = new Set([
  'System.Id',
  'System.Rev',
  'System.CreatedDate',
  'System.ChangedDate',
  'System.CommentCount',
]);

function applyFieldOperation(
  op: string,
  field: string,
  value: unknown,
  fields: Record<string, unknown>,
  history: string[],
): void {
  if (READ_ONLY_FIELDS.has(field)) {
    throw errors.badRequest(
      `TF401320: Rule Error for field ${field.split('.').pop()}. Error code: ReadOnly, InvalidEmpty.`,
      'RuleValidationException',
    );
  }
  if (field === 'System.History') {
    // A write-only field: its value becomes a comment in the discussion.
    if ((op === 'add' || op === 'replace') && typeof value === 'string' && value.trim() !== '')
      history.push(value);
    return;
  }
  if (op === 'remove') {
    delete fields[field];
    return;
  }
  if (op !== 'add' && op !== 'replace')
    throw errors.patchFailed(`The operation ${op} is not supported for path /fields/${field}.`);
  if (field === 'System.Tags') {
    // `add` appends to the existing tags and never removes; `replace` sets the whole list.
    const next =
      op === 'add' ? [...splitTags(fields[field]), ...splitTags(value)] : splitTags(value);
    const tags = splitTags(joinTags(next));
    if (tags.length === 0) delete fields[field];
    else fields[field] = joinTags(tags);
    return;
  }
  fields[field] = value;
}

function applyRelationOperation(
  op: string,
  path: string,
  value: unknown,
  relations: SimRelation[],
): void {
  const [, , indexText, ...rest] = path.split('/');
  if (op === 'add' && indexText === '-') {
    const relation = (value ?? {}) as Partial<SimRelation>;
    if (
      typeof relation.rel !== 'string' ||
      typeof relation.url !== 'string' ||
      !relation.rel ||
      !relation.url
    ) {
      throw errors.patchFailed('VS402617: Relation must have a rel and a url.');
    }
    const attributes = { ...(relation.attributes ?? {}) };
    if (
      relation.rel === 'ArtifactLink' &&
      (typeof attributes.name !== 'string' || !attributes.name)
    ) {
      throw errors.badRequest(
        'Artifact links must have a valid name specified',
        'RuleValidationException',
      );
    }
    const duplicate = relations.some(
      (r) => r.rel === relation.rel && r.url.toLowerCase() === relation.url!.toLowerCase(),
    );
    // The service's wording for a duplicate relation is not documented (reference §2: UNCONFIRMED).
    if (duplicate) {
      throw errors.badRequest(
        `Relation already exists: ${relation.rel} ${relation.url}`,
        'RuleValidationException',
      );
    }
    relations.push({ rel: relation.rel, url: relation.url, attributes });
    return;
  }
  const index = Number(indexText);
  if (!Number.isInteger(index) || index < 0 || index >= relations.length) {
    throw errors.patchFailed(`The relation index ${indexText} is out of range.`);
  }
  if (op === 'remove' && rest.length === 0) {
    relations.splice(index, 1);
  } else if ((op === 'replace' || op === 'add') && rest.length === 0) {
    const relation = (value ?? {}) as Partial<SimRelation>;
    relations[index] = {
      rel: relation.rel ?? relations[index]!.rel,
      url: relation.url ?? relations[index]!.url,
      attributes: { ...(relation.attributes ?? {}) },
    };
  } else if ((op === 'replace' || op === 'add') && rest[0] === 'attributes' && rest[1]) {
    relations[index]!.attributes[rest[1]] = value;
  } else {
    throw errors.patchFailed(`The operation ${op} is not supported for path ${path}.`);
  }
}

function listComments(ctx: RequestContext, item: SimWorkItem): RouteResult {
  ctx.requireScope('vso.work');
  const order = (queryValue(ctx.query, 'order') ?? 'asc').toLowerCase();
  const descending = order === '2' || order === 'desc';
  const top = Number(queryValue(ctx.query, '$top') ?? '200');
  const skip = Number(queryValue(ctx.query, 'continuationToken') ?? '0');
  const all = item.comments.filter((c) => !c.isDeleted);
  const ordered = descending ? [...all].reverse() : all;
  const page = ordered.slice(skip, skip + top);
  const url = `${ctx.orgUrl}/${ctx.project.id}/_apis/wit/workItems/${item.id}/comments`;
  const body: Record<string, unknown> = {
    totalCount: all.length,
    count: page.length,
    comments: page.map((c) => commentJson(ctx, c)),
    url,
  };
  if (skip + top < ordered.length) {
    body.continuationToken = String(skip + top);
    body.nextPage = `${url}?continuationToken=${skip + top}`;
  }
  return { status: 200, body };
}

function createComment(ctx: RequestContext, item: SimWorkItem): RouteResult {
  ctx.requireScope('vso.work_write');
  const text = (ctx.body as { text?: unknown } | undefined)?.text;
  if (typeof text !== 'string' || text.trim() === '') {
    throw errors.badRequest(
      'Value cannot be null.\r\nParameter name: text',
      'ArgumentNullException',
    );
  }
  // A comment is a new revision of the work item (its System.History).
  bumpRevision(ctx, item);
  return { status: 200, body: commentJson(ctx, addComment(ctx, item, text)) };
}

/** Routes under `[{project}]/_apis/wit/`; `segments` are the decoded path parts after `wit`. */
export function handleWit(
  ctx: RequestContext,
  segments: readonly string[],
): RouteResult | undefined {
  const [resource, id, sub, subId] = segments.map((s) => s.toLowerCase());
  if (resource === 'wiql' && !id && ctx.method === 'POST') return runWiql(ctx);
  if (resource === 'workitemsbatch' && ctx.method === 'POST') return getBatch(ctx);
  if (resource === 'tags' && !id && ctx.method === 'GET') return listTags(ctx);
  if (resource !== 'workitems') return undefined;
  if (!id) return ctx.method === 'GET' ? getWorkItems(ctx) : undefined;
  if (!sub) {
    if (ctx.method === 'GET') {
      ctx.requireScope('vso.work');
      const fields = queryValue(ctx.query, 'fields')?.split(',').filter(Boolean);
      const expand = expandOf(queryValue(ctx.query, '$expand'));
      if (fields && expand !== 'none') {
        throw errors.badRequest(
          'The expand parameter can not be used with the fields parameter.',
          'ArgumentException',
        );
      }
      return { status: 200, body: workItemJson(ctx, findWorkItem(ctx, id), { expand, fields }) };
    }
    if (ctx.method === 'PATCH') return patchWorkItem(ctx, findWorkItem(ctx, id));
    return undefined;
  }
  if (sub !== 'comments') return undefined;
  const item = findWorkItem(ctx, id);
  if (!subId) {
    if (ctx.method === 'GET') return listComments(ctx, item);
    if (ctx.method === 'POST') return createComment(ctx, item);
    return undefined;
  }
  ctx.requireScope('vso.work');
  const comment = item.comments.find((c) => String(c.id) === subId && !c.isDeleted);
  if (!comment || ctx.method !== 'GET') return undefined;
  return { status: 200, body: commentJson(ctx, comment) };
}
