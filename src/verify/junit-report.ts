/**
 * Structured test results, pure: JUnit XML (node:test's junit reporter, jest-junit, Vitest's junit
 * reporter, mocha-junit-reporter, pytest --junitxml, Maven surefire, gotestsum) and dotnet's TRX,
 * read into the `TestReport` the console reader produces. The files are written by the tested code,
 * so they are untrusted: no DOCTYPE (no entity expansion, no XML bomb), bounded nesting, every name
 * and message cut to a bounded length. The fixtures under test/fixtures/runner-output/*.xml are
 * what the runners wrote.
 */
import { XMLParser } from 'fast-xml-parser';
import type { ReportedTest, TestOutcome } from './test-report.js';

/** Characters kept of one failure message (the assertion with its actual and expected values). */
export const MESSAGE_LIMIT = 4000;
/** Characters kept of one test or suite name. */
const NAME_LIMIT = 500;
/** Nested elements followed (suites in suites); deeper ones are not read. */
const DEPTH_LIMIT = 64;

export class TestResultsFormatError extends Error {}

type Node = Record<string, unknown>;

// Entities are decoded here, by hand, for the five XML names and character references only:
// the parser's own entity handling is off, so a DOCTYPE's entities can never expand.
const parser = new XMLParser({
  ignoreAttributes: false,
  // node:test writes a `failure` attribute beside the `<failure>` child: the prefix keeps them apart.
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  textNodeName: '#text',
  cdataPropName: '#cdata',
  isArray: (name, _path, _leaf, isAttribute) =>
    !isAttribute &&
    ['testsuite', 'testcase', 'failure', 'error', 'skipped', 'UnitTestResult'].includes(name),
});

/** Reads one results file's text into tests. Throws TestResultsFormatError on what it refuses. */
export function parseTestResults(
  xml: string,
  toRepoPath: (file: string) => string | undefined = (f) => f,
): ReportedTest[] {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new TestResultsFormatError('it has a DOCTYPE, which test reports never need');
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (error) {
    throw new TestResultsFormatError(
      `it is not well-formed XML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  if (isNode(doc.TestRun)) return readTrx(doc.TestRun);
  const root = doc.testsuites ?? doc.testsuite;
  if (root === undefined)
    throw new TestResultsFormatError(
      'it is neither JUnit XML (<testsuites>/<testsuite>) nor TRX (<TestRun>)',
    );
  const tests: ReportedTest[] = [];
  for (const node of asArray(root)) walkJUnit(node, [], undefined, tests, toRepoPath, 0);
  return tests;
}

function walkJUnit(
  node: unknown,
  suites: readonly string[],
  suiteFile: string | undefined,
  out: ReportedTest[],
  toRepoPath: (file: string) => string | undefined,
  depth: number,
): void {
  if (!isNode(node) || depth > DEPTH_LIMIT) return;
  const file = fileOf(attr(node, 'file'), toRepoPath) ?? suiteFile;
  for (const testcase of asArray(node.testcase)) {
    if (!isNode(testcase)) continue;
    const title = clean(attr(testcase, 'name'), NAME_LIMIT);
    if (title === '') continue;
    const classname = attr(testcase, 'classname');
    const caseFile =
      fileOf(attr(testcase, 'file'), toRepoPath) ??
      // node:test names a file that failed to load after the file.
      (looksLikePath(title) ? fileOf(title, toRepoPath) : undefined) ??
      // Vitest writes the file as the classname.
      (looksLikePath(classname) ? fileOf(classname, toRepoPath) : undefined) ??
      file;
    // `<failure>text</failure>` (jest-junit, node:test) parses to a string, with attributes to an object.
    const failure = [...asArray(testcase.failure), ...asArray(testcase.error)][0];
    const skipped = asArray(testcase.skipped).length > 0;
    const outcome: TestOutcome = failure !== undefined ? 'failed' : skipped ? 'skipped' : 'passed';
    const message = failure !== undefined ? failureMessage(failure) : undefined;
    out.push({
      ...(caseFile !== undefined ? { file: caseFile } : {}),
      suites,
      title,
      outcome,
      name: title,
      ...(message ? { message } : {}),
    });
  }
  for (const child of asArray(node.testsuite)) {
    if (!isNode(child)) continue;
    const name = clean(attr(child, 'name'), NAME_LIMIT);
    // A suite named after a file (Vitest), or a runner's catch-all (Mocha's "Root Suite", pytest's
    // "pytest"), is no describe block of the tests.
    const isFile = looksLikePath(name);
    const titled = name !== '' && !isFile && !/^(?:Root Suite|pytest)$/.test(name);
    const childFile = isFile ? fileOf(name, toRepoPath) : file;
    walkJUnit(child, titled ? [...suites, name] : suites, childFile, out, toRepoPath, depth + 1);
  }
}

/** The failure's message kept whole: the `message` attribute when it has the text's lines, else the text up to the stack. */
function failureMessage(failure: unknown): string {
  const attribute = isNode(failure) ? clean(attr(failure, 'message'), MESSAGE_LIMIT, true) : '';
  const body = beforeStack(textOf(failure));
  // node:test on Node 20 writes the message attribute with its line breaks dropped
  // ("Expected values to be strictly equal:0.2 !== 0.05"); its text keeps them.
  const best = body.length > attribute.length || attribute === 'test failed' ? body : attribute;
  return clean(best || attribute, MESSAGE_LIMIT, true);
}

/** The text of an error up to its stack trace (`    at …`, Vitest's ` ❯ file:line`). */
function beforeStack(text: string): string {
  const lines = text.replace(/\r/g, '').split('\n');
  const end = lines.findIndex((l) => /^\s+at\s|^\s*❯\s/.test(l));
  return (end === -1 ? lines : lines.slice(0, end))
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
}

// TRX: TestRun/Results/UnitTestResult with testName and outcome, Output/ErrorInfo/Message.
// Schema: Microsoft's vstst.xsd (TestRun > Results > UnitTestResult @testName @outcome,
// Output > ErrorInfo > Message, StackTrace).
function readTrx(run: Node): ReportedTest[] {
  const results = isNode(run.Results) ? asArray(run.Results.UnitTestResult) : [];
  const tests: ReportedTest[] = [];
  for (const result of results) {
    if (!isNode(result)) continue;
    const name = clean(attr(result, 'testName'), NAME_LIMIT);
    if (name === '') continue;
    const raw = attr(result, 'outcome');
    const outcome: TestOutcome =
      raw === 'Passed'
        ? 'passed'
        : raw === 'NotExecuted' || raw === 'Inconclusive' || raw === 'Pending'
          ? 'skipped'
          : 'failed';
    const output = isNode(result.Output) ? result.Output : undefined;
    const errorInfo = output && isNode(output.ErrorInfo) ? output.ErrorInfo : undefined;
    const message =
      outcome === 'failed' && errorInfo
        ? clean(textOf(errorInfo.Message), MESSAGE_LIMIT, true)
        : '';
    tests.push({ suites: [], title: name, outcome, name, ...(message ? { message } : {}) });
  }
  return tests;
}

function fileOf(
  value: string,
  toRepoPath: (file: string) => string | undefined,
): string | undefined {
  if (value === '') return undefined;
  return toRepoPath(value);
}

function looksLikePath(value: string): boolean {
  return /[/\\]/.test(value) && /\.\w+$/.test(value) && !/\s/.test(value);
}

function attr(node: Node, name: string): string {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? decode(value) : '';
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return decode(node);
  if (!isNode(node)) return '';
  return ['#text', '#cdata']
    .flatMap((k) => asArray(node[k]))
    .map((v) => (typeof v === 'string' ? (v === node['#cdata'] ? v : decode(v)) : ''))
    .join('');
}

/** Decodes the five predefined entities and character references; anything else stays as written. */
function decode(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g,
    (all, dec: string, hex: string, named: string) => {
      if (named) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[named] ?? all;
      const code = dec ? Number(dec) : parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}

/** Control characters other than line breaks and tabs dropped, cut at `limit`. */
function clean(value: string, limit: number, multiline = false): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  let text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  if (!multiline) text = text.replace(/\s*\n\s*/g, ' ');
  text = text.trim();
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
