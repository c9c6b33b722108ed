export type ForgeKind = 'github' | 'azure-repos';

export interface PullRequest {
  /** GitHub number or Azure Repos pullRequestId. */
  readonly id: number;
  /** Link a reviewer opens in a browser. */
  readonly webUrl: string;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly title: string;
  readonly isDraft: boolean;
  /** Azure Repos only: vstfs:///Git/PullRequestId/{projectId}%2F{repoId}%2F{prId}. */
  readonly artifactId?: string;
}

export interface PullRequestContent {
  readonly title: string;
  readonly body: string;
}

/** Where pull requests live (GitHub or Azure Repos). */
export interface Forge {
  readonly kind: ForgeKind;
  /** The open (active) pull request whose source is `branch`, if any. */
  findOpenPullRequest(branch: string): Promise<PullRequest | undefined>;
  createPullRequest(
    input: PullRequestContent & {
      readonly sourceBranch: string;
      readonly targetBranch: string;
      readonly draft: boolean;
      readonly ticketId: number;
    },
  ): Promise<PullRequest>;
  updatePullRequest(pr: PullRequest, content: PullRequestContent): Promise<PullRequest>;
}
