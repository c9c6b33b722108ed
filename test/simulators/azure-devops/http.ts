import type { IncomingMessage, ServerResponse } from 'node:http';

/** An Azure DevOps error as the service sends it: a `WrappedException` JSON body with a status code. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly typeKey: string,
    readonly typeName: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The JSON body the service returns for an error (the shape of every `VssServiceException`). */
export function wrappedException(error: SimError): Record<string, unknown> {
  return {
    $id: '1',
    innerException: null,
    message: error.message,
    typeName: error.typeName,
    typeKey: error.typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

export const errors = {
  testFailed: (path: string, actual: unknown, expected: unknown) =>
    new SimError(
      412,
      `VS403351: Test Operation for path ${path} failed, value ${String(actual)} was not equal to test value ${String(expected)}.`,
      'TestPatchOperationFailedException',
      'Microsoft.VisualStudio.Services.WebApi.Patch.TestPatchOperationFailedException, Microsoft.VisualStudio.Services.WebApi',
    ),
  workItemNotFound: (id: number | string) =>
    new SimError(
      404,
      `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      'WorkItemUnauthorizedAccessException',
      'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server',
    ),
  projectNotFound: (project: string) =>
    new SimError(
      404,
      `TF200016: The following project does not exist: ${project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      'ProjectDoesNotExistWithNameException',
      'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
    ),
  repositoryNotFound: (repository: string) =>
    new SimError(
      404,
      `TF401019: The Git repository with name or identifier ${repository} does not exist or you do not have permissions for the operation you are attempting.`,
      'GitRepositoryNotFoundException',
      'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
    ),
  pullRequestNotFound: (id: number | string) =>
    new SimError(
      404,
      `TF401180: The requested pull request was not found.`,
      'GitPullRequestNotFoundException',
      'Microsoft.TeamFoundation.Git.Server.GitPullRequestNotFoundException, Microsoft.TeamFoundation.Git.Server',
      { 'x-sim-pull-request': String(id) },
    ),
  // Status code of TF401179 is not documented (reference §2: UNCONFIRMED); 409 follows the exception's name.
  activePullRequestExists: () =>
    new SimError(
      409,
      'TF401179: An active pull request for the source and target branch already exists.',
      'GitPullRequestExistsException',
      'Microsoft.TeamFoundation.Git.Server.GitPullRequestExistsException, Microsoft.TeamFoundation.SourceControl.WebServer',
    ),
  /**
   * A patch that adds a tag the project never had, by an identity without "Create tag definition":
   * the whole patch is rejected. Text as reported from the live service (third-party, consistent:
   * dependabot-core common/lib/dependabot/clients/azure.rb matches "TF401289" on a 403 and raises
   * TagsCreationForbidden; the full sentence as quoted by users of the REST API). typeKey/typeName
   * are not published; the exception's name is inferred.
   */
  tagCreationForbidden: () =>
    new SimError(
      403,
      'TF401289: The current user does not have permissions to create tags.',
      'WorkItemTagPermissionException',
      'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemTagPermissionException, Microsoft.TeamFoundation.WorkItemTracking.Server',
    ),
  /**
   * A write that lost a race with another write to the same work item (for example the link a pull
   * request with workItemRefs adds on the service's side). Text: the service's TF26071 message;
   * its status 409 is what integrations report (reference real-failures.md: unconfirmed live).
   */
  revisionConflict: () =>
    new SimError(
      409,
      'TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.',
      'WorkItemRevisionMismatchException',
      'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemRevisionMismatchException, Microsoft.TeamFoundation.WorkItemTracking.Server',
    ),
  badRequest: (message: string, typeKey = 'VssPropertyValidationException') =>
    new SimError(
      400,
      message,
      typeKey,
      `Microsoft.VisualStudio.Services.Common.${typeKey}, Microsoft.VisualStudio.Services.Common`,
    ),
  patchFailed: (message: string) =>
    new SimError(
      400,
      message,
      'PatchOperationFailedException',
      'Microsoft.VisualStudio.Services.WebApi.Patch.PatchOperationFailedException, Microsoft.VisualStudio.Services.WebApi',
    ),
  unauthorized: () =>
    new SimError(
      401,
      "TF400813: The user '' is not authorized to access this resource.",
      'UnauthorizedRequestException',
      'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
      {
        'www-authenticate':
          'Bearer authorization_uri=https://login.microsoftonline.com/common, Basic realm="https://dev.azure.com/"',
      },
    ),
  // A token without the scope an operation needs: the service answers 401 (observed for scoped PATs).
  missingScope: (scope: string) =>
    new SimError(
      401,
      `TF400813: The user 'ticket-to-pr' is not authorized to access this resource. The token lacks the scope ${scope}.`,
      'UnauthorizedRequestException',
      'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
      {
        'www-authenticate':
          'Bearer authorization_uri=https://login.microsoftonline.com/common, Basic realm="https://dev.azure.com/"',
      },
    ),
  rateLimited: (retryAfterSeconds: number, resetEpochSeconds: number) =>
    new SimError(
      429,
      "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'WorkItemTracking' in namespace 'User'. For more information on why your request was blocked, see the topic \"Rate limits\" on the Microsoft Web site (https://go.microsoft.com/fwlink/?LinkId=823950).",
      'RequestBlockedException',
      'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
      {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-resource': 'WorkItemTracking',
        'x-ratelimit-delay': '0',
        'x-ratelimit-limit': '200',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(resetEpochSeconds),
      },
    ),
  internal: (status: number) =>
    new SimError(
      status,
      status === 503
        ? 'TF400898: An Internal Error Occurred. The service is temporarily unavailable.'
        : 'TF400898: An Internal Error Occurred. Activity Id: 4c0ac5a4-1c4c-4a7e-9d0b-2b7c3e0b3f1c.',
      'InternalServerErrorException',
      'Microsoft.TeamFoundation.Framework.Server.InternalServerErrorException, Microsoft.TeamFoundation.Framework.Server',
    ),
};

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw errors.badRequest(
      'Value cannot be null.\r\nParameter name: body',
      'ArgumentNullException',
    );
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8; api-version=7.1',
    'x-tfs-processid': '6e3a0c0d-8e5f-4a9b-9f19-0b3c1b0f5e7a',
    'x-vss-e2eid': '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: SimError): void {
  sendJson(res, error.status, wrappedException(error), error.headers);
}
