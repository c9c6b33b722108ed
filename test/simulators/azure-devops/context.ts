import type { SimIdentity, SimState } from './state.js';

/** OAuth scopes the simulator checks (reference §3); `vso.work_write` implies `vso.work`, `vso.code_write` implies `vso.code`. */
export type Scope = 'vso.work' | 'vso.work_write' | 'vso.code' | 'vso.code_write';

export interface SimProject {
  readonly id: string;
  readonly name: string;
}

/** Everything a route handler sees of one request. */
export interface RequestContext {
  readonly state: SimState;
  /** Organization URL as clients use it, e.g. http://127.0.0.1:PORT/contoso. */
  readonly orgUrl: string;
  readonly project: SimProject;
  readonly identity: SimIdentity;
  readonly method: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly now: () => Date;
  /** The caller holds "Create tag definition" on the project. */
  readonly canCreateTags: boolean;
  /** Throws the service's 401 when the caller's token lacks `scope`. */
  requireScope(scope: Scope): void;
}

/** Query parameters arrive with encoded keys (`%24top`); URLSearchParams decodes them. Case-insensitive lookup. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}
