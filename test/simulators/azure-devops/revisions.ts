import type { SimIdentity, SimWorkItem } from './state.js';

/** Every saved change is a new revision, stamped with who made it and when. */
export function bumpRevision(
  ctx: { readonly now: () => Date; readonly identity: SimIdentity },
  item: SimWorkItem,
): void {
  item.rev += 1;
  item.fields['System.ChangedDate'] = ctx.now().toISOString();
  item.fields['System.ChangedBy'] = {
    displayName: ctx.identity.displayName,
    uniqueName: ctx.identity.uniqueName,
  };
}

/**
 * What the service does to a work item named in a new pull request's `workItemRefs`: it adds the
 * "Pull Request" artifact link itself, as a new revision (real-failures.md, Azure DevOps §2), so a
 * client still holding the old revision meets a conflict on its next write.
 */
export function linkPullRequest(
  ctx: { readonly now: () => Date; readonly identity: SimIdentity },
  item: SimWorkItem,
  artifactId: string,
): void {
  const present = item.relations.some((r) => r.url.toLowerCase() === artifactId.toLowerCase());
  if (present) return;
  item.relations.push({
    rel: 'ArtifactLink',
    url: artifactId,
    attributes: { name: 'Pull Request' },
  });
  bumpRevision(ctx, item);
}
