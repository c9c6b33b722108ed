/**
 * Listing ticket-to-pr's own pull requests on Azure Repos reads page after page; the loop is
 * bounded even against a server that ignores $skip, and says when it stops early.
 */
import { describe, expect, it } from '@jest/globals';
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import {
  PullRequestStatus,
  type GitPullRequest,
} from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import { AzureReposReview } from '../../../src/forge/azure-repos-review.js';

const pr = (id: number): GitPullRequest => ({
  pullRequestId: id,
  status: PullRequestStatus.Active,
  sourceRefName: `refs/heads/ticket-to-pr/${id}-x`,
  targetRefName: 'refs/heads/main',
  creationDate: new Date(Date.UTC(2026, 0, 1, 0, id)),
  createdBy: { id: 'bot', displayName: 'bot' },
});

function reviewWith(pages: (skip: number) => GitPullRequest[]) {
  const warnings: string[] = [];
  const skips: number[] = [];
  const api = {
    getPullRequests: async (_r: string, _c: unknown, _p: string, _m: unknown, skip: number) => {
      skips.push(skip);
      return pages(skip);
    },
  } as unknown as IGitApi;
  const review = new AzureReposReview({
    call: (_action, fn) => fn(api),
    repository: async () => ({ id: 'repo', name: 'shop' }),
    toPullRequest: (_repo, p) => ({
      id: p.pullRequestId!,
      webUrl: '',
      sourceBranch: p.sourceRefName!.replace('refs/heads/', ''),
      targetBranch: 'main',
      title: '',
      isDraft: false,
    }),
    project: 'Fabrikam',
    warn: (m) => warnings.push(m),
  });
  return { review, warnings, skips };
}

describe('AzureReposReview.listOwnOpenPullRequests paging', () => {
  it('stops, and warns, when the server answers the same page again', async () => {
    const same = Array.from({ length: 100 }, (_, i) => pr(i + 1));
    const { review, warnings, skips } = reviewWith(() => same);
    const own = await review.listOwnOpenPullRequests();
    expect(own).toHaveLength(100);
    expect(skips).toEqual([0, 100]);
    expect(warnings.join('\n')).toMatch(/same 100 pull requests.*only the first 100/);
  });

  it('reads at most 50 pages, and says so', async () => {
    const { review, warnings, skips } = reviewWith((skip) =>
      Array.from({ length: 100 }, (_, i) => pr(skip + i + 1)),
    );
    const own = await review.listOwnOpenPullRequests();
    expect(skips).toHaveLength(50);
    expect(own).toHaveLength(5000);
    expect(warnings.join('\n')).toMatch(/More than 5000 active pull requests/);
  });
});
