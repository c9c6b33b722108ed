/**
 * What role a file plays, judged from its path alone. Tests, docs and examples explain the code but
 * are rarely where a ticket's fix goes, so the ranking lowers them and hands their evidence to the
 * source file they are about.
 */

const TEST_PATH =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|specs?|e2e|fixtures?)\/|[._-](?:test|spec)s?\.[a-z]+$|_test\.go$/i;
const DOC_PATH =
  /(?:^|\/)(?:docs?|documentation|website|\.github|\.changeset)\/|\.(?:md|mdx|rst|txt|adoc)$|(?:^|\/)(?:LICENSE|CHANGELOG|HISTORY|AUTHORS|CONTRIBUTING)[^/]*$/i;
const EXAMPLE_PATH =
  /(?:^|\/)(?:examples?|demos?|samples?|benchmarks?|bench|playground|sandbox)\//i;
const CONFIG_PATH =
  /(?:^|\/)(?:\.[^/]+rc(?:\.[a-z]+)?|[^/]*\.config\.[a-z]+|package\.json|tsconfig[^/]*\.json|\.[^/]*ignore|\.editorconfig|\.gitattributes|\.travis\.yml|appveyor\.yml|Makefile|Dockerfile)$/i;

export type FileKind = 'source' | 'test' | 'doc' | 'example' | 'config';

export function fileKind(path: string): FileKind {
  if (DOC_PATH.test(path)) return 'doc';
  if (TEST_PATH.test(path)) return 'test';
  if (EXAMPLE_PATH.test(path)) return 'example';
  if (CONFIG_PATH.test(path)) return 'config';
  return 'source';
}

/** How much of its own evidence a file of this kind keeps in the ranking. */
export const KIND_WEIGHT: Readonly<Record<FileKind, number>> = {
  source: 1,
  test: 0.35,
  doc: 0.2,
  example: 0.3,
  config: 0.4,
};

/** The name a file is known by: its stem, or its directory's name for index/main/mod files. */
export function moduleName(path: string): string {
  const segments = path.split('/');
  const base = segments.at(-1) ?? path;
  const stem = base.replace(/(?:\.d)?\.[^.]+$/, '').replace(/[._-](?:test|spec)s?$/i, '');
  if (/^(?:index|main|mod|__init__|init)$/i.test(stem) && segments.length > 1) {
    return (segments.at(-2) ?? stem).toLowerCase();
  }
  return stem.toLowerCase();
}
