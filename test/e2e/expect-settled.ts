// Assertions the end-to-end and security tests share (jest only: world.ts also serves the demo).
import { expect } from '@jest/globals';
import type { World } from './world.js';

/** No ticket of the world is left claimed (`autofix:working`): whatever happened, it was settled. */
export function expectNoClaimLeft(w: World): void {
  for (const id of w.ado.state.workItems.keys())
    expect(w.ado.tagsOf(id)).not.toContain('autofix:working');
}
