// Each renderer gets only the syntax it renders: GitHub keeps its alerts and Mermaid; Azure Repos
// pull request descriptions and Azure Pipelines summaries get neither (see src/report/flavor.ts).
import { describe, expect, it } from '@jest/globals';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { TOKEN, sampleReport } from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

describe('Markdown per renderer', () => {
  it('an Azure Repos pull request body has no GitHub alert; a GitHub one keeps it', () => {
    const azure = renderPullRequestBody(sampleReport(), masker, { target: 'azure-repos' });
    expect(azure).not.toContain('[!NOTE]');
    expect(azure).toContain(
      '> **Note:** Draft opened by ticket-to-pr with local models. A human must review it before it is merged.',
    );
    const github = renderPullRequestBody(sampleReport(), masker, { target: 'github' });
    expect(github).toContain('> [!NOTE]\n> Draft opened by ticket-to-pr');
  });

  it('an Azure Pipelines summary has no Mermaid fence, and its stage table still tells when each stage ran', () => {
    const azure = renderJobSummary(sampleReport(), masker, 'azure-devops');
    expect(azure).not.toMatch(/```mermaid/);
    expect(azure).not.toContain('[!');
    expect(azure).toContain('| Stage | Status | Started | Time | Note |');
    expect(azure).toContain('| localize | ok | +20.0 s | 20.0 s |');
    const github = renderJobSummary(sampleReport(), masker, 'github');
    expect(github).toMatch(/```mermaid\ngantt/);
  });
});
