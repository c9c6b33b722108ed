import { describe, expect, it } from '@jest/globals';
import {
  closedItemsQuery,
  pullRequestArtifacts,
  sameRemote,
  splitChangedFiles,
} from '../../../src/backtest/boards-links.js';
import { parseBoardsSelection } from '../../../src/config/backtest-config.js';
import { pullRequestStatusName } from '../../../src/tracker/closed-work-items.js';

const PROJECT = '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c';
const REPO = '3411ebc1-d5aa-464f-9615-0b527bc66719';
const link = (url: string, name = 'Pull Request', rel = 'ArtifactLink') => ({
  rel,
  url,
  attributes: { name },
});

describe('pullRequestArtifacts', () => {
  it('reads "Pull Request" artifact links, %2F in either case, once each', () => {
    expect(
      pullRequestArtifacts([
        link(`vstfs:///Git/PullRequestId/${PROJECT}%2F${REPO}%2F42`),
        link(`vstfs:///Git/PullRequestId/${PROJECT}%2f${REPO}%2f42`),
        link(`vstfs:///Git/PullRequestId/${PROJECT}%2f${REPO}%2f7`),
      ]),
    ).toEqual([
      { projectId: PROJECT, repositoryId: REPO, pullRequestId: 42 },
      { projectId: PROJECT, repositoryId: REPO, pullRequestId: 7 },
    ]);
  });

  it('ignores commits, branches, hyperlinks and malformed links', () => {
    expect(
      pullRequestArtifacts([
        link(`vstfs:///Git/Commit/${PROJECT}%2F${REPO}%2Fabc`, 'Fixed in Commit'),
        link(`vstfs:///Git/Ref/${PROJECT}%2F${REPO}%2FGBmain`, 'Branch'),
        link('https://dev.azure.com/c/p/_git/r/pullrequest/5', 'Pull Request', 'Hyperlink'),
        link(`vstfs:///Git/PullRequestId/${PROJECT}%2F${REPO}`),
        link(`vstfs:///Git/PullRequestId/${PROJECT}%2F${REPO}%2Fx`),
        link('vstfs:///Git/PullRequestId/%E0%A4%A'),
        { rel: 'System.LinkTypes.Related', url: 'https://x/_apis/wit/workItems/3' },
      ]),
    ).toEqual([]);
    expect(pullRequestArtifacts(undefined)).toEqual([]);
  });
});

describe('sameRemote', () => {
  it('compares Azure Repos URLs by project and repository, whatever the form', () => {
    const https = 'https://contoso@dev.azure.com/contoso/Shop/_git/shop';
    expect(sameRemote(https, 'https://dev.azure.com/contoso/Shop/_git/shop')).toBe(true);
    expect(sameRemote(https, 'git@ssh.dev.azure.com:v3/contoso/Shop/shop')).toBe(true);
    expect(sameRemote(https, 'https://contoso.visualstudio.com/Shop/_git/Shop')).toBe(true);
    expect(sameRemote(https, 'https://dev.azure.com/contoso/Shop/_git/billing')).toBe(false);
    expect(sameRemote(https, 'https://dev.azure.com/contoso/Other/_git/shop')).toBe(false);
  });

  it('compares other URLs without credentials, trailing slash or .git', () => {
    expect(sameRemote('file:///srv/shop.git', 'file:///srv/shop')).toBe(true);
    expect(sameRemote('https://u:p@git.example.com/shop/', 'https://git.example.com/shop')).toBe(
      true,
    );
    expect(sameRemote('file:///srv/shop.git', 'file:///srv/billing.git')).toBe(false);
    expect(sameRemote('', '')).toBe(false);
  });
});

describe('splitChangedFiles', () => {
  it("holds out tests by the backtest's patterns and the job's test-paths; docs stay with the fix", () => {
    const isTestPath = (p: string) => p.startsWith('checks/');
    expect(
      splitChangedFiles(
        ['src/a.js', 'src/a.test.js', 'test/b.js', 'checks/c.js', 'README.md'],
        isTestPath,
      ),
    ).toEqual({
      fixFiles: ['src/a.js', 'README.md'],
      testFiles: ['src/a.test.js', 'test/b.js', 'checks/c.js'],
    });
  });
});

describe('closedItemsQuery', () => {
  it('selects the states (quoted) under the area path, newest change first', () => {
    expect(closedItemsQuery({ states: ['Closed', "Won't Fix"], areaPath: 'Shop\\Web' })).toBe(
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.State] IN ('Closed', 'Won''t Fix') AND [System.AreaPath] UNDER 'Shop\\Web' ORDER BY [System.ChangedDate] DESC",
    );
    expect(closedItemsQuery({ states: ['Done'], areaPath: '' })).not.toContain('AreaPath');
  });
});

describe('parseBoardsSelection', () => {
  it('defaults to Closed, Resolved, Done and no limit', () => {
    expect(parseBoardsSelection({ states: '', limit: '' })).toEqual({
      states: ['Closed', 'Resolved', 'Done'],
    });
    expect(parseBoardsSelection({ states: 'Done, Removed', limit: '5' })).toEqual({
      states: ['Done', 'Removed'],
      limit: 5,
    });
  });

  it('refuses an empty state list and a limit that is no whole number, naming the flag', () => {
    expect(() => parseBoardsSelection({ states: ' , ', limit: '' })).toThrow(/--states ' , '/);
    expect(() => parseBoardsSelection({ states: '', limit: '0' })).toThrow(
      /--limit '0' is not valid: expected a whole number from 1/,
    );
  });
});

describe('pullRequestStatusName', () => {
  it('reads the client enum number or the service name', () => {
    expect([3, 2, 1, 0, 'completed', undefined].map(pullRequestStatusName)).toEqual([
      'completed',
      'abandoned',
      'active',
      'notSet',
      'completed',
      'notSet',
    ]);
  });
});
