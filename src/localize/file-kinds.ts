/**
 * What role a file plays, judged from its path alone. Tests, docs and examples explain the code but
 * are rarely where a ticket's fix goes, so the ranking lowers them and hands their evidence to the
 * source file they are about.
 */

const TEST_PATH =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|specs?|e2e|fixtures?|__fixtures__|dts-tests?|test-dts|types?-tests?)\/|[._-](?:test|spec)s?(?:-d)?\.[a-z]+$|_test\.go$/i;
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

/** Files a test run uses but that test nothing themselves. */
const FIXTURE_PATH = /(?:^|\/)(?:fixtures?|__fixtures__|__mocks__|__snapshots__|mocks?)\//i;
/** A test file's own name says it is one (`x.spec.ts`, `x_test.go`, `test_x.py`). */
const MARKED_TEST = /[._-](?:test|spec)s?(?:-d)?\.[a-z]+$|_test\.go$|(?:^|\/)test_[^/]+$/i;

/**
 * Whether a test file can stand for the module of its name: a marked test (`vModel.spec.ts`), or an
 * unmarked one whose path below its test folder mirrors the source's from the folder's parent
 * (`tests/lib/cli.js` for `lib/cli.js`, `pkg/test/x.js` for `pkg/src/x.js`). A helper
 * (`__tests__/utils.ts`) or a fixture (`fixtures/plugin.ts`) only shares a name.
 */
export function testsModuleAt(testPath: string, sourcePath: string): boolean {
  if (FIXTURE_PATH.test(testPath)) return false;
  if (MARKED_TEST.test(testPath)) return true;
  const mirror = /^((?:.*\/)?)(?:tests?|__tests__|specs?)\/(.+)$/i.exec(testPath);
  if (!mirror) return false;
  const [, parent = '', inside = ''] = mirror;
  return [inside, `src/${inside}`, `lib/${inside}`].some((tail) => sourcePath === parent + tail);
}

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
