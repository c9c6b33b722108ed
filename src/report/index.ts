export { renderPullRequestBody, renderPullRequestTitle } from './pull-request.js';
export { renderTicketComment } from './ticket-comment.js';
export { renderJobSummary } from './job-summary.js';
export { writeTranscriptFile } from './transcript-file.js';
