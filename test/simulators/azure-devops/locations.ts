/**
 * The location-discovery tables the real client reads before every first call of an API object:
 * `OPTIONS {org}/_apis/{area}` lists the area's resource locations, `GET {org}/_apis/ResourceAreas`
 * maps area ids to base URLs. Ids, route templates and versions are the ones azure-devops-node-api
 * v17 asks for (reference azure-and-ci.md §1–2).
 */
export interface ApiResourceLocation {
  readonly id: string;
  readonly area: string;
  readonly resourceName: string;
  readonly routeTemplate: string;
  readonly resourceVersion: number;
  readonly minVersion: string;
  readonly maxVersion: string;
  readonly releasedVersion: string;
}

export const RESOURCE_AREA_IDS = {
  wit: '5264459e-e5e0-4bd8-b118-0985e68a4ec5',
  git: '4e080c62-fa21-4fbc-8fef-2a10a2b38049',
} as const;

export const LOCATION_IDS = {
  resourceAreas: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
  wiql: '1a9c53f7-f243-4447-b110-35ef023636e4',
  workItemsBatch: '908509b6-4248-4475-a1cd-829139ba419f',
  workItems: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b',
  comments: '608aac0a-32e1-4493-a863-b9cf4566d257',
  repositories: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f',
  pullRequests: '9946fd70-0d40-406e-b686-b4744cbbcc37',
  pullRequestsByProject: '01a46dea-7d46-4d40-bc84-319e7c260d99',
  refs: '2d874a60-a811-4f62-9c9f-963a6ea0a55b',
  /** azure-devops-node-api 17 GitApi getThreads/createThread and getComments/createComment (7.2-preview.1). */
  pullRequestThreads: 'ab6e2e5d-a0b7-4153-b64a-a4efe0d49449',
  pullRequestThreadComments: '965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b',
  /** azure-devops-node-api 17 GitApi getPullRequestIterations (7.2-preview.2). */
  pullRequestIterations: 'd43911ee-6958-46b0-a42b-8445b8a0d004',
  /** azure-devops-node-api 17 GitApi getPullRequestCommits (7.2-preview.1). */
  pullRequestCommits: '52823034-34a8-4576-922c-8d8b77e9e4c4',
  /** azure-devops-node-api 17 WorkItemTrackingApi.getTags (7.1-preview.1). */
  tags: 'bc15bc60-e7a8-43cb-ab01-2106be3983a1',
} as const;

function location(
  id: string,
  area: string,
  resourceName: string,
  routeTemplate: string,
  resourceVersion: number,
  releasedVersion = '7.1',
): ApiResourceLocation {
  return {
    id,
    area,
    resourceName,
    routeTemplate,
    resourceVersion,
    minVersion: '1.0',
    maxVersion: '7.2',
    releasedVersion,
  };
}

/** Resource locations per area, keyed by the lower-cased area name used in `OPTIONS _apis/{area}`. */
export const AREA_LOCATIONS: Readonly<Record<string, readonly ApiResourceLocation[]>> = {
  location: [
    location(
      LOCATION_IDS.resourceAreas,
      'Location',
      'ResourceAreas',
      '_apis/{resource}/{areaId}',
      1,
      '0.0',
    ),
  ],
  wit: [
    location(LOCATION_IDS.wiql, 'wit', 'wiql', '{project}/{team}/_apis/{area}/{resource}/{id}', 2),
    location(
      LOCATION_IDS.workItemsBatch,
      'wit',
      'workItemsBatch',
      '{project}/_apis/{area}/{resource}',
      1,
    ),
    location(
      LOCATION_IDS.workItems,
      'wit',
      'workItems',
      '{project}/_apis/{area}/{resource}/{id}',
      3,
    ),
    location(
      LOCATION_IDS.comments,
      'wit',
      'comments',
      '{project}/_apis/{area}/workItems/{workItemId}/{resource}/{commentId}',
      4,
      '0.0',
    ),
    location(
      LOCATION_IDS.tags,
      'wit',
      'tags',
      '{project}/_apis/{area}/{resource}/{tagIdOrName}',
      1,
      '0.0',
    ),
  ],
  git: [
    location(
      LOCATION_IDS.repositories,
      'git',
      'repositories',
      '{project}/_apis/{area}/{resource}/{repositoryId}',
      2,
    ),
    location(
      LOCATION_IDS.pullRequests,
      'git',
      'pullRequests',
      '{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{pullRequestId}',
      2,
    ),
    location(
      LOCATION_IDS.pullRequestsByProject,
      'git',
      'pullRequests',
      '{project}/_apis/{area}/{resource}/{pullRequestId}',
      2,
    ),
    location(
      LOCATION_IDS.refs,
      'git',
      'refs',
      '{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{*filter}',
      2,
    ),
    location(
      LOCATION_IDS.pullRequestThreads,
      'git',
      'threads',
      '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/{resource}/{threadId}',
      1,
    ),
    location(
      LOCATION_IDS.pullRequestThreadComments,
      'git',
      'comments',
      '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}/{resource}/{commentId}',
      1,
    ),
    location(
      LOCATION_IDS.pullRequestIterations,
      'git',
      'iterations',
      '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/{resource}/{iterationId}',
      2,
    ),
    location(
      LOCATION_IDS.pullRequestCommits,
      'git',
      'commits',
      '{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/{resource}',
      1,
    ),
  ],
};

export interface ResourceArea {
  readonly id: string;
  readonly name: string;
  readonly locationUrl: string;
}

/** What `GET _apis/ResourceAreas` lists: every area served from the organization URL itself. */
export function resourceAreas(orgUrl: string): ResourceArea[] {
  const locationUrl = orgUrl.endsWith('/') ? orgUrl : `${orgUrl}/`;
  return [
    { id: RESOURCE_AREA_IDS.wit, name: 'wit', locationUrl },
    { id: RESOURCE_AREA_IDS.git, name: 'git', locationUrl },
  ];
}

/**
 * `GET {org}/_apis/connectionData`: who the token acts as. Fields of ConnectionData and Identity
 * (azure-devops-node-api 17.0.1 interfaces/LocationsInterfaces.d.ts, IdentitiesInterfaces.d.ts);
 * `authenticatedUser.id` is the id the identity's comments carry as `author.id`.
 */
export function connectionData(
  identity: { readonly id: string; readonly displayName: string; readonly uniqueName: string },
  instanceId: string,
): Record<string, unknown> {
  const user = {
    id: identity.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${identity.uniqueName}`,
    subjectDescriptor: `aad.${Buffer.from(identity.id).toString('base64url')}`,
    providerDisplayName: identity.displayName,
    isActive: true,
    properties: { Account: { $type: 'System.String', $value: identity.uniqueName } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
  return {
    authenticatedUser: user,
    authorizedUser: user,
    instanceId,
    deploymentId: instanceId,
    deploymentType: 'hosted',
    locationServiceData: {
      serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  };
}
