export {
  renderPullRequestBody,
  renderPullRequestTitle,
  BODY_LIMITS,
  type PullRequestBodyOptions,
} from './pull-request.js';
export { renderTicketComment } from './ticket-comment.js';
export { renderJobSummary, stageGantt } from './job-summary.js';
export { writeTranscriptFile } from './transcript-file.js';
