/** Where in the model's answer something was found (1-based line numbers). */
export interface AnswerPosition {
  readonly line: number;
}

/** One SEARCH/REPLACE block: replace the text `search` (exactly one place) in `path` with `replace`. */
export interface SearchReplaceEdit {
  readonly kind: 'search-replace';
  /** 1-based index of the block in the answer, as the feedback names it. */
  readonly index: number;
  /** Repository-relative path as resolved by the parser (may still be refused by the guards). */
  readonly path: string;
  /** The file name exactly as the model wrote it ('' when it wrote none). */
  readonly rawPath: string;
  /** Lines of the SEARCH part, without line terminators. Empty = create the file / append to it. */
  readonly search: readonly string[];
  readonly replace: readonly string[];
  readonly position: AnswerPosition;
}

/** A whole-file rewrite: the new content of `path`. */
export interface WholeFileEdit {
  readonly kind: 'whole-file';
  readonly index: number;
  readonly path: string;
  readonly rawPath: string;
  readonly lines: readonly string[];
  readonly position: AnswerPosition;
}

export type Edit = SearchReplaceEdit | WholeFileEdit;

/** A part of the answer that looked like an edit but could not be read; the model is told where. */
export interface ParseIssue {
  /** The block number the model would count, when known. */
  readonly index?: number;
  readonly position: AnswerPosition;
  readonly message: string;
}

export interface ParsedAnswer {
  readonly edits: readonly Edit[];
  readonly issues: readonly ParseIssue[];
  /** The prose outside the edit blocks: the model's own account of its change. */
  readonly prose: string;
}

/**
 * How a SEARCH text was found. Each step is looser than the one before; the first step that finds
 * anything decides, and it must find exactly one place.
 */
export type MatchMethod =
  | 'exact'
  | 'trailing-whitespace'
  | 'indentation'
  | 'blank-lines'
  | 'elision'
  | 'new-file'
  | 'append'
  | 'whole-file';

/** One file as the applier sees it: text already decoded (no BOM, LF line ends). */
export interface FileText {
  /** Lines without terminators. A file "a\nb\n" is ['a', 'b'] with finalNewline true. */
  readonly lines: readonly string[];
  readonly finalNewline: boolean;
}

export type BlockResult =
  | {
      readonly index: number;
      readonly path: string;
      readonly status: 'applied';
      readonly method: MatchMethod;
      /** 1-based first line of the replaced region in the file before this block. */
      readonly line: number;
    }
  | {
      readonly index: number;
      readonly path: string;
      /** The REPLACE text is already in the file and the SEARCH text is not: nothing to do. */
      readonly status: 'already-applied';
      readonly line: number;
    }
  | {
      readonly index: number;
      readonly path: string;
      readonly status: 'refused';
      readonly reason: RefusalReason;
      /** What went wrong; read by the model, and shown to people (the log, `apply`). */
      readonly message: string;
      /** For the model only: what to do instead. Never shown to people. */
      readonly advice?: string;
    };

export type RefusalReason =
  | 'no-match'
  | 'ambiguous'
  | 'bad-elision'
  | 'missing-file'
  | 'lazy-rewrite'
  | 'unsafe-path'
  | 'protected-path'
  | 'binary-file'
  | 'new-file-not-allowed'
  | 'parse-error'
  | 'limit-exceeded'
  /** The file is too large to search (see work-budget.ts). */
  | 'file-too-large'
  /** The answer's matching work was spent before this block could be tried. */
  | 'work-budget';
