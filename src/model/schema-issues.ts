import type { z } from 'zod';

/** A schema failure as one line for a log or an error: `path: message` per issue. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
