#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(16);
const utils = __nccwpck_require__(59);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(595);
const utils = __nccwpck_require__(59);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && eos()) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 16:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(781);
const parse = __nccwpck_require__(265);
const utils = __nccwpck_require__(59);
const constants = __nccwpck_require__(595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(59);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              code = advance();
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES) {
              isGlob = token.isGlob = true;
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        while (eos() !== true && (code = advance())) {
          if (code === CHAR_LEFT_PARENTHESES) {
            backslashes = token.backslashes = true;
            code = advance();
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (idx !== 0 || value !== '') {
        parts.push(value);
      }
      prevIndex = i;
    }

    if (prevIndex && prevIndex + 1 < input.length) {
      const value = input.slice(prevIndex + 1);
      parts.push(value);

      if (opts.tokens) {
        tokens[tokens.length - 1].value = value;
        depth(tokens[tokens.length - 1]);
        state.maxDepth += tokens[tokens.length - 1].depth;
      }
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 59:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 581:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(422);
/* The terminal entry (dist/cli.js). */

process.exitCode = await (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a)(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: usage

;// CONCATENATED MODULE: ./src/version.ts
/** The package version; a test keeps it equal to package.json. */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/cli/command.ts
/** Exit codes shared by every command. */
const EXIT = {
    ok: 0,
    /** The job ended with an operator outcome, or the command failed. */
    failed: 1,
    /** Bad flags or configuration. */
    usage: 2,
};

;// CONCATENATED MODULE: ./src/config/inputs.ts
const DEFAULT_PROTECTED_PATHS = [
    '.github/**',
    '.azure-pipelines/**',
    '**/azure-pipelines*.yml',
    '**/azure-pipelines*.yaml',
    '.gitlab-ci.yml',
    '**/package-lock.json',
    '**/npm-shrinkwrap.json',
    '**/yarn.lock',
    '**/pnpm-lock.yaml',
    '**/*.lock',
    '.git/**',
    '**/.env',
    '**/.env.*',
];
const INPUTS = [
    // Tracker
    {
        group: 'tracker',
        name: 'azure-devops-org-url',
        required: true,
        default: '',
        description: 'Azure DevOps organization URL, e.g. https://dev.azure.com/contoso.',
    },
    {
        group: 'tracker',
        name: 'azure-devops-project',
        required: true,
        default: '',
        description: 'Azure DevOps project that holds the tickets.',
    },
    {
        group: 'tracker',
        name: 'azure-devops-token',
        required: true,
        secret: true,
        default: '',
        description: 'Personal access token (Work Items read & write; Code read & write for Azure Repos) or $(System.AccessToken).',
    },
    {
        group: 'tracker',
        name: 'eligible-tag',
        required: false,
        default: 'autofix',
        description: 'Only tickets carrying this tag are eligible (opt-in).',
    },
    {
        group: 'tracker',
        name: 'allowed-states',
        required: false,
        default: 'New,Active,To Do,Approved,Committed',
        description: 'Comma-separated work item states that are eligible.',
    },
    {
        group: 'tracker',
        name: 'area-path',
        required: false,
        default: '',
        description: 'Only tickets UNDER this area path (empty: the whole project).',
    },
    {
        group: 'tracker',
        name: 'wiql-query',
        required: false,
        default: '',
        description: 'Your own WIQL query selecting candidate ticket ids (replaces the default query; status tags are still honoured).',
    },
    {
        group: 'tracker',
        name: 'ticket-id',
        required: false,
        default: '',
        description: 'Work on this one ticket (manual dispatch). It must still carry the eligible tag.',
    },
    // Models
    {
        group: 'models',
        name: 'ollama-host',
        required: false,
        default: 'http://127.0.0.1:11434',
        description: 'URL of the local Ollama server.',
    },
    {
        group: 'models',
        name: 'triage-model',
        required: false,
        default: 'qwen2.5-coder:7b',
        description: 'Small, fast model for triage and file picking.',
    },
    {
        group: 'models',
        name: 'edit-model',
        required: false,
        default: 'qwen2.5-coder:32b',
        description: 'Bigger model that writes the edits.',
    },
    {
        group: 'models',
        name: 'embedding-model',
        required: false,
        default: '',
        description: 'Optional embedding model for the near-duplicate check (empty: BM25).',
    },
    {
        group: 'models',
        name: 'triage-context',
        required: false,
        default: 'auto',
        description: "Context size (num_ctx) for the triage model, fixed for the whole run: a number of tokens or 'auto' (from the capacity file, else 8192 capped at the model's limit).",
    },
    {
        group: 'models',
        name: 'edit-context',
        required: false,
        default: 'auto',
        description: "Context size (num_ctx) for the edit model: a number of tokens or 'auto' (from the capacity file, else 16384 capped at the model's limit).",
    },
    {
        group: 'models',
        name: 'keep-alive',
        required: false,
        default: '10m',
        description: "How long Ollama keeps a model loaded after a call: a duration such as '10m', '1h', '0' (unload at once) or '-1' (forever).",
    },
    {
        group: 'models',
        name: 'gpu-memory',
        required: false,
        default: '',
        description: "GPU memory available to Ollama, e.g. '24GiB' or '24000MiB' (used for the preflight estimate when there is no capacity file).",
    },
    {
        group: 'models',
        name: 'capacity-file',
        required: false,
        default: '',
        description: 'Path of a capacity file written by `ticket-to-pr probe --json`; preflight checks the plan against it.',
    },
    // Repository
    {
        group: 'repository',
        name: 'repository-path',
        required: false,
        default: '.',
        description: 'Path of the git checkout to change.',
    },
    {
        group: 'repository',
        name: 'base-branch',
        required: false,
        default: '',
        description: "Branch the pull request targets (empty: the remote's default branch).",
    },
    {
        group: 'repository',
        name: 'pr-target',
        required: false,
        default: 'auto',
        description: "Where to open the pull request: 'auto' (from the remote URL), 'github' or 'azure-repos'.",
    },
    {
        group: 'repository',
        name: 'github-token',
        required: false,
        secret: true,
        default: '',
        description: 'Token for pushing and opening pull requests on GitHub (contents: write, pull-requests: write).',
    },
    {
        group: 'repository',
        name: 'github-repository',
        required: false,
        default: '',
        description: "GitHub repository as 'owner/name' (empty: from the remote URL, else GITHUB_REPOSITORY).",
    },
    {
        group: 'repository',
        name: 'azure-repos-repository',
        required: false,
        default: '',
        description: 'Azure Repos repository name or id (empty: from the remote URL, else BUILD_REPOSITORY_NAME).',
    },
    {
        group: 'repository',
        name: 'github-api-url',
        required: false,
        default: 'https://api.github.com',
        description: 'GitHub REST API URL (GitHub Enterprise Server: https://HOST/api/v3).',
    },
    {
        group: 'repository',
        name: 'draft',
        required: false,
        default: 'true',
        description: 'Open the pull request as a draft.',
    },
    {
        group: 'repository',
        name: 'commit-author',
        required: false,
        default: 'ticket-to-pr <ticket-to-pr@users.noreply.github.com>',
        description: "Author of the commit, as 'Name <email>'.",
    },
    {
        group: 'repository',
        name: 'edit-format',
        required: false,
        default: 'auto',
        description: "How the edit model writes changes: 'auto' (whole file for small files, SEARCH/REPLACE otherwise), 'diff' or 'whole'.",
    },
    // Verification
    {
        group: 'verification',
        name: 'setup-command',
        required: false,
        default: '',
        description: 'Command that prepares the checkout (e.g. npm ci). Runs before the baseline.',
    },
    {
        group: 'verification',
        name: 'build-command',
        required: false,
        default: '',
        description: 'Command that builds the project (e.g. npm run build).',
    },
    {
        group: 'verification',
        name: 'test-command',
        required: false,
        default: '',
        description: 'Command that runs the tests (e.g. npm test). Without it no change can be proven, and the job ends needs-human.',
    },
    {
        group: 'verification',
        name: 'command-timeout',
        required: false,
        default: '10m',
        description: "Time limit for each verification command, e.g. '90s', '10m'.",
    },
    {
        group: 'verification',
        name: 'max-repair-attempts',
        required: false,
        default: '2',
        description: 'How many times failing verification output goes back to the edit model (0-5).',
    },
    // Safety
    {
        group: 'safety',
        name: 'protected-paths',
        required: false,
        default: DEFAULT_PROTECTED_PATHS.join('\n'),
        description: 'Glob patterns (one per line or comma-separated) of paths the model may never write.',
    },
    {
        group: 'safety',
        name: 'max-changed-files',
        required: false,
        default: '5',
        description: 'Most files one change may touch.',
    },
    {
        group: 'safety',
        name: 'max-changed-lines',
        required: false,
        default: '300',
        description: 'Most lines (added + removed) one change may touch.',
    },
    {
        group: 'safety',
        name: 'allow-new-files',
        required: false,
        default: 'true',
        description: 'Whether the model may create new files.',
    },
    // Budgets
    {
        group: 'budgets',
        name: 'job-budget',
        required: false,
        default: '45m',
        description: "Wall-clock budget for one job, e.g. '45m'. Also sets the claim lease (budget + 15m).",
    },
    {
        group: 'budgets',
        name: 'lock-wait',
        required: false,
        default: '20m',
        description: 'How long to wait for the host-wide model lock before ending model-unavailable.',
    },
    {
        group: 'budgets',
        name: 'lock-file',
        required: false,
        default: '',
        description: 'Host-wide model lock file shared by every job on the runner (empty: ticket-to-pr-model.lock in the system temp dir).',
    },
    // Run
    {
        group: 'run',
        name: 'dry-run',
        required: false,
        default: 'false',
        description: 'Do everything locally but write nothing: no claim, no comment, no push, no pull request.',
    },
    {
        group: 'run',
        name: 'output-dir',
        required: false,
        default: '',
        description: 'Where the summary and transcript files are written (empty: RUNNER_TEMP, AGENT_TEMPDIRECTORY or the system temp dir).',
    },
];
const OUTPUTS = [
    {
        name: 'outcome',
        description: 'pr-opened, pr-updated, no-ticket, skipped, needs-human, model-capacity, model-unavailable, config-error or error.',
    },
    { name: 'ticket-id', description: 'The work item the job took (empty when none).' },
    { name: 'pr-url', description: 'URL of the draft pull request (empty when none).' },
    { name: 'branch', description: 'Branch pushed for the ticket (empty when none).' },
    { name: 'reason', description: 'One sentence saying why the job ended as it did.' },
    { name: 'summary-file', description: 'Path of the Markdown job summary.' },
    {
        name: 'transcript-file',
        description: 'Path of the JSON transcript (every prompt and answer, secrets masked) for upload as an artifact.',
    },
];

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: ./src/shared/secrets.ts
/**
 * Replaces every configured secret (and its Basic-auth and URL-encoded forms) with ***.
 * Used on everything that leaves the process: logs, transcript, summary, PR body, ticket comment.
 */
class SecretMasker {
    needles;
    constructor(secrets) {
        const forms = new Set();
        for (const secret of secrets) {
            if (secret.length < 4)
                continue; // too short to mask without wrecking ordinary text
            forms.add(secret);
            forms.add(encodeURIComponent(secret));
            forms.add(Buffer.from(secret).toString('base64'));
            forms.add(Buffer.from(`PAT:${secret}`).toString('base64'));
            forms.add(Buffer.from(`:${secret}`).toString('base64'));
            forms.add(Buffer.from(`x-access-token:${secret}`).toString('base64'));
        }
        // Longest first, so a secret that contains another is masked whole.
        this.needles = [...forms].sort((a, b) => b.length - a.length);
    }
    mask(text) {
        let out = text;
        for (const needle of this.needles)
            out = out.split(needle).join('***');
        return out;
    }
}

;// CONCATENATED MODULE: ./src/hosts/masking-logger.ts

/**
 * Every host logs through this: secrets (and their encoded forms) are replaced before a line is
 * written, whatever the runner's own masking does.
 */
class MaskingLogger {
    masker = new SecretMasker([]);
    secretValues = [];
    addMask(value) {
        if (value === '' || this.secretValues.includes(value))
            return;
        this.secretValues.push(value);
        this.masker = new SecretMasker(this.secretValues);
    }
    mask(text) {
        return this.masker.mask(text);
    }
    debug(message) {
        this.write('debug', this.mask(message));
    }
    info(message) {
        this.write('info', this.mask(message));
    }
    warning(message) {
        this.write('warning', this.mask(message));
    }
    error(message) {
        this.write('error', this.mask(message));
    }
    async group(title, fn) {
        this.startGroup(this.mask(title));
        try {
            return await fn();
        }
        finally {
            this.endGroup();
        }
    }
}

;// CONCATENATED MODULE: ./src/hosts/read-input.ts
/**
 * Reads an input from the environment the way runners pass it: GitHub sets INPUT_<NAME> with the
 * hyphens kept (INPUT_TICKET-ID); Azure Pipelines YAML users write INPUT_TICKET_ID. Both are accepted.
 */
function readInputFromEnv(env, name) {
    const upper = name.replace(/ /g, '_').toUpperCase();
    const hyphenated = env[`INPUT_${upper}`];
    if (hyphenated !== undefined && hyphenated !== '')
        return hyphenated;
    return env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '';
}

;// CONCATENATED MODULE: ./src/hosts/cli-host.ts



/**
 * A terminal. Inputs come from --flags (same names as the action's inputs), else from INPUT_*
 * variables, so the same environment works for both.
 */
class CliHost extends MaskingLogger {
    flags;
    env;
    out;
    err;
    verbose;
    kind = 'cli';
    outputs = new Map();
    depth = 0;
    constructor(flags, env, out, err, verbose = false) {
        super();
        this.flags = flags;
        this.env = env;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }
    getInput(name) {
        return this.flags.get(name) ?? readInputFromEnv(this.env, name);
    }
    setSecret(value) {
        this.addMask(value);
    }
    setOutput(name, value) {
        this.outputs.set(name, this.mask(value));
    }
    async publishSummary(file) {
        if (external_node_fs_default().existsSync(file))
            this.out(`Summary: ${file}\n`);
    }
    finish(result) {
        for (const [name, value] of this.outputs)
            if (value !== '')
                this.out(`${name}: ${value}\n`);
        (result.failed ? this.err : this.out)(this.mask(result.message) + '\n');
    }
    write(level, message) {
        if (level === 'debug' && !this.verbose)
            return;
        const indent = '  '.repeat(this.depth);
        const prefix = level === 'info' ? '' : `${level}: `;
        const text = message
            .split('\n')
            .map((line) => indent + prefix + line)
            .join('\n');
        (level === 'error' || level === 'warning' ? this.err : this.out)(text + '\n');
    }
    startGroup(title) {
        this.out(`${'  '.repeat(this.depth)}▸ ${title}\n`);
        this.depth++;
    }
    endGroup() {
        this.depth = Math.max(0, this.depth - 1);
    }
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
var promises_default = /*#__PURE__*/__nccwpck_require__.n(promises_namespaceObject);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/shared/errors.ts
/**
 * An error that ends the job with a known outcome. Stages throw it; the orchestrator turns it into
 * the job's result. `reason` is written for the operator (log, summary, ticket comment).
 */
class OutcomeError extends Error {
    outcome;
    reason;
    constructor(outcome, reason, options) {
        super(reason, options);
        this.outcome = outcome;
        this.reason = reason;
        this.name = 'OutcomeError';
    }
}
/** A bad input value: the message names the input, quotes the value and lists what is accepted. */
class ConfigError extends OutcomeError {
    constructor(message) {
        super('config-error', message);
        this.name = 'ConfigError';
    }
}
/** The model server cannot hold the plan (out of memory, or a preflight estimate that does not fit). Never retried. */
class ModelCapacityError extends OutcomeError {
    constructor(reason, options) {
        super('model-capacity', reason, options);
        this.name = 'ModelCapacityError';
    }
}
/** The model server is down, busy past the deadline, or the host-wide lock could not be had in time. */
class ModelUnavailableError extends OutcomeError {
    constructor(reason, options) {
        super('model-unavailable', reason, options);
        this.name = 'ModelUnavailableError';
    }
}
/** Any thrown value as a readable message (not only `Error` instances). */
function getErrorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(6);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/config/values.ts

/**
 * Small parsers for input values. Each returns the value or throws an InvalidValue whose message
 * says what is accepted; parseConfig adds the input's name and the quoted value.
 */
class InvalidValue extends Error {
}
function parseUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new InvalidValue('expected an absolute http(s) URL such as https://dev.azure.com/contoso');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new InvalidValue('expected an absolute http(s) URL such as https://dev.azure.com/contoso');
    }
    return raw.replace(/\/+$/, '');
}
function parseInteger(raw, min, max) {
    if (!/^-?\d+$/.test(raw))
        throw new InvalidValue(`expected a whole number from ${min} to ${max}`);
    const value = Number(raw);
    if (value < min || value > max)
        throw new InvalidValue(`expected a whole number from ${min} to ${max}`);
    return value;
}
function parseBoolean(raw) {
    const v = raw.toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw new InvalidValue("expected 'true' or 'false'");
}
function parseEnum(raw, accepted) {
    const found = accepted.find((a) => a === raw.toLowerCase());
    if (!found)
        throw new InvalidValue(`expected one of: ${accepted.map((a) => `'${a}'`).join(', ')}`);
    return found;
}
const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_HINT = "expected a duration such as '90s', '10m', '1h' or a number of seconds";
/** A duration in milliseconds; a bare number is seconds. */
function parseDuration(raw, options = {}) {
    const match = /^(-?\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(raw.trim());
    if (!match)
        throw new InvalidValue(DURATION_HINT);
    const ms = Number(match[1]) * DURATION_UNITS[match[2] ?? 's'];
    if (ms < 0 && !options.allowNegative)
        throw new InvalidValue(`${DURATION_HINT}, not negative`);
    if (options.min !== undefined && ms >= 0 && ms < options.min) {
        throw new InvalidValue(`${DURATION_HINT}, at least ${options.min / 1000}s`);
    }
    return Math.round(ms);
}
const BYTE_UNITS = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
};
function parseByteSize(raw) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
    const unit = (match?.[2] || 'b').toLowerCase();
    if (!match || !(unit in BYTE_UNITS) || Number(match[1]) <= 0) {
        throw new InvalidValue("expected a memory size such as '24GiB', '24000MiB' or '16GB'");
    }
    return Math.round(Number(match[1]) * BYTE_UNITS[unit]);
}
/** A list of items separated by newlines or commas; blanks dropped. */
function parseList(raw) {
    return raw
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}
/** Repository-relative glob patterns, checked by compiling them. */
function parseGlobs(raw) {
    const globs = parseList(raw);
    for (const glob of globs) {
        if (glob.startsWith('/') || glob.split('/').includes('..')) {
            throw new InvalidValue(`expected repository-relative glob patterns (such as '.github/**' or '**/*.lock'); '${glob}' is absolute or climbs out with '..'`);
        }
        try {
            picomatch_default().makeRe(glob, { strictBrackets: true, dot: true });
        }
        catch {
            throw new InvalidValue(`expected glob patterns (such as '.github/**' or '**/*.lock'); '${glob}' is malformed (unbalanced brackets, braces or parentheses)`);
        }
    }
    return globs;
}
function parseAuthor(raw) {
    const match = /^\s*([^<>]+?)\s*<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(raw);
    if (!match)
        throw new InvalidValue("expected 'Name <email@example.com>'");
    return { name: match[1], email: match[2] };
}

;// CONCATENATED MODULE: ./src/config/parse-config.ts





const INPUT_BY_NAME = new Map(INPUTS.map((i) => [i.name, i]));
/**
 * Parses and validates every input into one Config. All problems are collected and reported
 * together, each naming the input, quoting the value and saying what is accepted.
 */
function parseConfig(read, env = process.env, cwd = process.cwd()) {
    const problems = [];
    const missing = [];
    const raw = (name) => {
        const def = INPUT_BY_NAME.get(name);
        if (!def)
            throw new Error(`unknown input ${name}`); // a programming error, not a user error
        const value = read(name).trim();
        if (value === '' && def.required)
            missing.push(name);
        return value === '' ? def.default : value;
    };
    /** Applies a value parser; on failure records a message and returns the fallback. */
    const field = (name, parse, fallback) => {
        const value = raw(name);
        if (value === '')
            return fallback;
        try {
            return parse(value);
        }
        catch (error) {
            if (!(error instanceof InvalidValue))
                throw error;
            const shown = INPUT_BY_NAME.get(name)?.secret ? '***' : value;
            problems.push(`Input '${name}' has an invalid value '${shown}': ${error.message}.`);
            return fallback;
        }
    };
    const contextSize = (value) => value.toLowerCase() === 'auto' ? 'auto' : parseIntegerOrAuto(value);
    const config = {
        tracker: {
            orgUrl: field('azure-devops-org-url', parseUrl, ''),
            project: raw('azure-devops-project'),
            token: raw('azure-devops-token'),
            eligibleTag: field('eligible-tag', parseTag, 'autofix'),
            allowedStates: parseList(raw('allowed-states')),
            areaPath: raw('area-path'),
            wiqlQuery: field('wiql-query', parseWiql, ''),
            ticketId: field('ticket-id', (v) => parseInteger(v, 1, 2_147_483_647), undefined),
        },
        models: {
            host: field('ollama-host', parseUrl, ''),
            triageModel: raw('triage-model'),
            editModel: raw('edit-model'),
            embeddingModel: raw('embedding-model'),
            triageContext: field('triage-context', contextSize, 'auto'),
            editContext: field('edit-context', contextSize, 'auto'),
            keepAliveSeconds: field('keep-alive', (v) => parseDuration(v, { allowNegative: true }) / 1000, 600),
            gpuMemoryBytes: field('gpu-memory', parseByteSize, undefined),
            capacityFile: optionalPath(raw('capacity-file'), cwd),
        },
        repository: {
            path: external_node_path_default().resolve(cwd, raw('repository-path')),
            baseBranch: field('base-branch', parseBranchName, ''),
            prTarget: field('pr-target', (v) => parseEnum(v, ['auto', 'github', 'azure-repos']), 'auto'),
            githubToken: raw('github-token'),
            githubApiUrl: field('github-api-url', parseUrl, 'https://api.github.com'),
            githubRepository: field('github-repository', parseOwnerRepo, ''),
            azureReposRepository: raw('azure-repos-repository'),
            draft: field('draft', parseBoolean, true),
            commitAuthor: field('commit-author', parseAuthor, {
                name: 'ticket-to-pr',
                email: 'ticket-to-pr@users.noreply.github.com',
            }),
            editFormat: field('edit-format', (v) => parseEnum(v, ['auto', 'diff', 'whole']), 'auto'),
        },
        verification: {
            setupCommand: raw('setup-command'),
            buildCommand: raw('build-command'),
            testCommand: raw('test-command'),
            commandTimeoutMs: field('command-timeout', (v) => parseDuration(v, { min: 1000 }), 600_000),
            maxRepairAttempts: field('max-repair-attempts', (v) => parseInteger(v, 0, 5), 2),
        },
        safety: {
            protectedPaths: field('protected-paths', parseGlobs, []),
            maxChangedFiles: field('max-changed-files', (v) => parseInteger(v, 1, 100), 5),
            maxChangedLines: field('max-changed-lines', (v) => parseInteger(v, 1, 100_000), 300),
            allowNewFiles: field('allow-new-files', parseBoolean, true),
        },
        budgets: {
            jobBudgetMs: field('job-budget', (v) => parseDuration(v, { min: 60_000 }), 45 * 60_000),
            lockWaitMs: field('lock-wait', (v) => parseDuration(v), 20 * 60_000),
            lockFile: optionalPath(raw('lock-file'), cwd) ?? external_node_path_default().join(external_node_os_default().tmpdir(), 'ticket-to-pr-model.lock'),
        },
        dryRun: field('dry-run', parseBoolean, false),
        outputDir: optionalPath(raw('output-dir'), cwd) ??
            external_node_path_default().join(env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || external_node_os_default().tmpdir(), 'ticket-to-pr'),
        secrets: [],
    };
    if (config.models.triageModel === '' || config.models.editModel === '') {
        problems.push("Inputs 'triage-model' and 'edit-model' must name Ollama models, e.g. 'qwen2.5-coder:7b'.");
    }
    if (config.tracker.allowedStates.length === 0 && config.tracker.wiqlQuery === '') {
        problems.push("Input 'allowed-states' is empty: expected comma-separated work item states such as 'New,Active'.");
    }
    if (missing.length > 0) {
        problems.unshift(`Missing required input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ` +
            'Set them under `with:` (GitHub Actions), as INPUT_<NAME> variables (Azure Pipelines), or as --<name> flags (CLI).');
    }
    if (problems.length > 0)
        throw new ConfigError(problems.join('\n'));
    const secrets = [config.tracker.token, config.repository.githubToken].filter((s) => s !== '');
    return { ...config, secrets };
}
function parseIntegerOrAuto(value) {
    try {
        return parseInteger(value, 512, 1_048_576);
    }
    catch {
        throw new InvalidValue("expected 'auto' or a context size in tokens from 512 to 1048576");
    }
}
function parseTag(value) {
    if (/[;]/.test(value) || value.startsWith('autofix:')) {
        throw new InvalidValue("expected one tag without ';' that does not start with 'autofix:' (those are status tags)");
    }
    return value;
}
function parseWiql(value) {
    if (!/^\s*select\b/i.test(value) || !/\bfrom\s+workitems\b/i.test(value)) {
        throw new InvalidValue("expected a WIQL query such as 'SELECT [System.Id] FROM WorkItems WHERE ...'");
    }
    return value;
}
function parseBranchName(value) {
    if (/\s|\.\.|[~^:?*[\\]/.test(value) || value.startsWith('-')) {
        throw new InvalidValue('expected a git branch name such as main');
    }
    return value.replace(/^refs\/heads\//, '');
}
function parseOwnerRepo(value) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(value))
        throw new InvalidValue("expected 'owner/name'");
    return value;
}
function optionalPath(value, cwd) {
    return value === '' ? undefined : external_node_path_default().resolve(cwd, value);
}

;// CONCATENATED MODULE: ./src/shared/outcome.ts
/**
 * One outcome per job. The first five are normal results (the step passes); the others need an
 * operator (the step fails).
 */
const NORMAL_OUTCOMES = (/* unused pure expression or super */ null && ([
    'pr-opened',
    'pr-updated',
    'no-ticket',
    'skipped',
    'needs-human',
]));
const OPERATOR_OUTCOMES = [
    'model-capacity',
    'model-unavailable',
    'config-error',
    'error',
];
function isOperatorOutcome(outcome) {
    return OPERATOR_OUTCOMES.includes(outcome);
}
/** Process exit code for an outcome: 0 for normal results, 1 for operator outcomes, 2 for bad configuration. */
function exitCodeFor(outcome) {
    if (outcome === 'config-error')
        return 2;
    return isOperatorOutcome(outcome) ? 1 : 0;
}
/** The status tags ticket-to-pr writes on a work item. */
const STATUS_TAGS = {
    working: 'autofix:working',
    prOpened: 'autofix:pr-opened',
    needsHuman: 'autofix:needs-human',
    skipped: 'autofix:skipped',
};
/**
 * The final status tag for a settled ticket, or undefined when the ticket is released untouched
 * (operator outcomes: the next run should try again) or was never claimed.
 */
function statusTagFor(outcome) {
    switch (outcome) {
        case 'pr-opened':
        case 'pr-updated':
            return STATUS_TAGS.prOpened;
        case 'needs-human':
            return STATUS_TAGS.needsHuman;
        case 'skipped':
            return STATUS_TAGS.skipped;
        default:
            return undefined;
    }
}

;// CONCATENATED MODULE: ./src/pipeline/branch-name.ts
/** The one branch a ticket ever gets: `ticket-to-pr/<id>-<slug>`. */
function branchNameFor(ticketId, title) {
    const slug = title
        .normalize('NFKD')
        .replace(/[^\x20-\x7e]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/g, '');
    return `ticket-to-pr/${ticketId}${slug ? '-' + slug : ''}`;
}
/** `AB#<id>: <title>` on one line: Azure Boards links the commit to the work item. */
function commitMessageFor(ticketId, title) {
    const oneLine = title.replace(/\s+/g, ' ').trim().slice(0, 200);
    return `AB#${ticketId}: ${oneLine}`;
}

;// CONCATENATED MODULE: ./src/pipeline/budget.ts

/** The job's wall-clock budget, checked between stages and before model calls. */
class JobBudget {
    now;
    deadline;
    constructor(budgetMs, now = Date.now) {
        this.now = now;
        this.deadline = now() + budgetMs;
    }
    remainingMs() {
        return this.deadline - this.now();
    }
    /** Throws when the budget is spent; the orchestrator then settles the ticket as needs-human. */
    check(stage) {
        if (this.remainingMs() <= 0) {
            throw new OutcomeError('needs-human', `The job budget ran out before ${stage}; raise 'job-budget' or narrow the ticket.`);
        }
    }
}

;// CONCATENATED MODULE: ./src/pipeline/timeline.ts
/** Records when each stage started and ended, for the summary's timeline. */
class Timeline {
    now;
    records = [];
    constructor(now = () => new Date()) {
        this.now = now;
    }
    async run(name, fn, note) {
        const startedAt = this.now().toISOString();
        try {
            const value = await fn();
            const text = note?.(value);
            this.records.push({
                name,
                startedAt,
                endedAt: this.now().toISOString(),
                status: 'ok',
                ...(text ? { note: text } : {}),
            });
            return value;
        }
        catch (error) {
            this.records.push({ name, startedAt, endedAt: this.now().toISOString(), status: 'failed' });
            throw error;
        }
    }
    skipped(name, note) {
        const at = this.now().toISOString();
        this.records.push({ name, startedAt: at, endedAt: at, status: 'skipped', note });
    }
    stages() {
        return this.records;
    }
}

;// CONCATENATED MODULE: ./src/pipeline/run-job.ts





/**
 * preflight → pick & claim → triage → localize → edit ⟲ verify → publish → report.
 * Every path ends in one outcome; a claimed ticket is always settled or released before returning.
 */
async function runJob(ctx, ports) {
    const now = ctx.now ?? (() => new Date());
    const { config, logger, transcript } = ctx;
    const timeline = new Timeline(now);
    const budget = new JobBudget(config.budgets.jobBudgetMs, () => now().getTime());
    const draft = { startedAt: now().toISOString(), dryRun: config.dryRun };
    if (ctx.runUrl)
        draft.runUrl = ctx.runUrl;
    let ticket;
    let ending;
    const snapshot = (end) => ({
        ...draft,
        outcome: end.outcome,
        reason: end.reason,
        dryRun: config.dryRun,
        startedAt: draft.startedAt,
        finishedAt: now().toISOString(),
        stages: timeline.stages(),
        models: ports.gateway.callMetrics(),
    });
    try {
        draft.preflight = await timeline.run('preflight', () => ports.gateway.preflight());
        ticket = await timeline.run('claim', () => pickTicket(config, ports, logger));
        if (!ticket) {
            ending = {
                outcome: 'no-ticket',
                reason: 'No eligible ticket: nothing carries the opt-in tag in an allowed state, or every candidate is taken.',
            };
        }
        else {
            draft.ticket = {
                id: ticket.id,
                title: ticket.title,
                type: ticket.type,
                webUrl: ticket.webUrl,
            };
            transcript.add({
                stage: 'claim',
                kind: 'event',
                text: `Took ticket ${ticket.id}: ${ticket.title}`,
            });
            ending = await work(ticket, draft, { ctx, ports, timeline, budget, snapshot });
        }
    }
    catch (error) {
        ending = endingFor(error);
        if (ending.outcome === 'error' && error instanceof Error && error.stack)
            logger.debug(error.stack);
    }
    if (ticket && !config.dryRun) {
        await timeline
            .run('report', () => settleTicket(ticket, ending, snapshot(ending), ctx, ports))
            .catch(() => undefined);
    }
    await ports.gateway
        .close()
        .catch((error) => logger.warning(`Could not release the model lock: ${getErrorMessage(error)}`));
    transcript.add({
        stage: 'report',
        kind: 'event',
        text: `Outcome ${ending.outcome}: ${ending.reason}`,
    });
    return snapshot(ending);
}
async function pickTicket(config, ports, logger) {
    // A manual dispatch (ticket-id) is a deliberate rerun: its branch and PR are updated, not skipped.
    if (config.tracker.ticketId !== undefined)
        return ports.tracker.pickAndClaim();
    return ports.tracker.pickAndClaim({
        skip: async ({ id, title }) => {
            const branch = branchNameFor(id, title);
            const pr = await (await ports.forge()).findOpenPullRequest(branch);
            if (!pr)
                return undefined;
            logger.info(`Ticket ${id} already has an open pull request (${pr.webUrl}); passing it over.`);
            return `it already has an open pull request: ${pr.webUrl}`;
        },
    });
}
async function work(ticket, draft, deps) {
    const { ctx, ports, timeline, budget } = deps;
    const { logger } = ctx;
    budget.check('triage');
    await ports.gateway.prepareFor('triage');
    const recent = await ports.tracker.recentlyHandled(20).catch((error) => {
        logger.warning(`Near-duplicate check skipped: ${getErrorMessage(error)}`);
        return [];
    });
    const triage = await timeline.run('triage', () => ports.stages.triage({ ticket, gateway: ports.gateway, recent }), (t) => (t.proceed ? `${t.summary.kind}, ${t.summary.size}` : 'skipped'));
    draft.triage = triage.summary;
    if (!triage.proceed) {
        const s = triage.summary;
        const reason = s.duplicateOf
            ? `Looks like a duplicate of #${s.duplicateOf.id} (${s.duplicateOf.webUrl}).`
            : s.question
                ? `${s.reason} Question for a human: ${s.question}`
                : s.reason;
        return { outcome: 'skipped', reason };
    }
    if (!ports.verifier.canVerify) {
        return {
            outcome: 'needs-human',
            reason: "No 'test-command' is configured, so no change can be proven; ticket-to-pr opens pull requests only for verified changes.",
        };
    }
    budget.check('localize');
    const files = await ports.workspace.listTrackedFiles();
    const localization = await timeline.run('localize', () => ports.stages.localize({ ticket, triage, files, gateway: ports.gateway }), (l) => `${l.ranked.length} files ranked`);
    draft.localization = localization.ranked;
    budget.check('verification');
    const baseline = await timeline.run('verify', () => ports.verifier.run('baseline'), () => 'baseline');
    draft.verification = { baseline, rounds: [] };
    budget.check('editing');
    await ports.gateway.prepareFor('edit');
    const edit = await timeline.run('edit', () => ports.stages.editAndVerify({
        ticket,
        localization,
        baseline,
        gateway: ports.gateway,
        verifier: ports.verifier,
    }), (e) => `${e.status} after ${e.rounds.length} round(s)`);
    if (edit.edit)
        draft.edit = edit.edit;
    draft.verification = { baseline, rounds: edit.rounds };
    if (edit.status !== 'verified') {
        await ports.workspace.discardChanges();
        return { outcome: 'needs-human', reason: edit.reason };
    }
    budget.check('publishing');
    return timeline.run('publish', () => publish(ticket, draft, deps));
}
async function publish(ticket, draft, deps) {
    const { ctx, ports } = deps;
    const { config } = ctx;
    const branch = branchNameFor(ticket.id, ticket.title);
    draft.branch = branch;
    const state = await ports.workspace.branchState(branch);
    if (state.kind === 'foreign') {
        await ports.workspace.discardChanges();
        return {
            outcome: 'needs-human',
            reason: `Branch ${branch} has commits ticket-to-pr did not make (${state.reason}); it was left alone. Merge or delete it, then rerun.`,
        };
    }
    const baseBranch = await ports.workspace.baseBranch();
    await ports.workspace.commitAndPush({
        branch,
        message: commitMessageFor(ticket.id, ticket.title),
        author: config.repository.commitAuthor,
    });
    if (config.dryRun) {
        return {
            outcome: 'pr-opened',
            reason: `Dry run: the change passed verification and was committed locally on ${branch}; nothing was pushed and no pull request or ticket was changed.`,
        };
    }
    const forge = await ports.forge();
    const existing = await forge.findOpenPullRequest(branch);
    const preview = deps.snapshot({ outcome: existing ? 'pr-updated' : 'pr-opened', reason: '' });
    const content = {
        title: ctx.render.pullRequestTitle(ticket),
        body: ctx.render.pullRequestBody(preview),
    };
    const pr = existing
        ? await forge.updatePullRequest(existing, content)
        : await forge.createPullRequest({
            ...content,
            sourceBranch: branch,
            targetBranch: baseBranch,
            draft: config.repository.draft,
            ticketId: ticket.id,
        });
    draft.pullRequest = {
        url: pr.webUrl,
        id: pr.id,
        branch,
        kind: forge.kind,
        created: !existing,
        isDraft: pr.isDraft,
        ...(pr.artifactId ? { artifactId: pr.artifactId } : {}),
    };
    return existing
        ? {
            outcome: 'pr-updated',
            reason: `Updated the existing pull request ${pr.webUrl} with a verified change.`,
        }
        : {
            outcome: 'pr-opened',
            reason: `Opened ${pr.isDraft ? 'draft ' : ''}pull request ${pr.webUrl} with a verified change.`,
        };
}
/** Settles the ticket on a normal outcome, or releases it untouched on an operator outcome. */
async function settleTicket(ticket, ending, report, ctx, ports) {
    const { logger } = ctx;
    const statusTag = statusTagFor(ending.outcome);
    try {
        if (isOperatorOutcome(ending.outcome) || !statusTag) {
            await ports.tracker.release(ticket.id);
            logger.info(`Released ticket ${ticket.id} for a later run (${ending.outcome}).`);
            return;
        }
        const pr = report.pullRequest;
        await ports.tracker.settle(ticket.id, {
            outcome: ending.outcome,
            statusTag,
            commentHtml: ctx.render.ticketComment(report),
            ...(pr
                ? {
                    pullRequest: {
                        url: pr.url,
                        kind: pr.kind,
                        ...(pr.artifactId ? { artifactId: pr.artifactId } : {}),
                    },
                }
                : {}),
        });
        logger.info(`Ticket ${ticket.id} tagged ${statusTag}.`);
    }
    catch (error) {
        logger.error(`Could not settle ticket ${ticket.id}: ${getErrorMessage(error)}. Releasing the claim instead.`);
        try {
            await ports.tracker.release(ticket.id);
        }
        catch (releaseError) {
            logger.error(`Could not release ticket ${ticket.id} either (${getErrorMessage(releaseError)}); its claim expires after the lease and a later run takes it over.`);
        }
        throw error;
    }
}
function endingFor(error) {
    if (error instanceof OutcomeError)
        return { outcome: error.outcome, reason: error.reason };
    return { outcome: 'error', reason: `Unexpected error: ${getErrorMessage(error)}` };
}

;// CONCATENATED MODULE: ./src/shared/transcript.ts
/**
 * Collects what happened during a job, in order. Written to a JSON file in the pipeline's
 * `finally` (masked then), so it exists even when the job fails.
 */
class Transcript {
    now;
    items = [];
    constructor(now = () => new Date()) {
        this.now = now;
    }
    add(entry) {
        this.items.push({ at: this.now().toISOString(), ...entry });
    }
    entries() {
        return this.items;
    }
}

;// CONCATENATED MODULE: ./src/main.ts










/**
 * The action's whole life: mask secrets, parse inputs, run the job, write the summary and the
 * transcript, set outputs, pass or fail the step. The only place that ends a step.
 */
async function runAction(host, wiring) {
    for (const input of INPUTS)
        if (input.secret)
            host.setSecret(host.getInput(input.name).trim());
    const transcript = new Transcript();
    let config;
    let report;
    try {
        config = parseConfig((name) => host.getInput(name), host.env);
        host.debug(`Configuration: ${JSON.stringify({ ...config, secrets: config.secrets.map(() => '***') })}`);
        const ports = await wiring.createPorts(config, host, transcript);
        const masker = new SecretMasker(config.secrets);
        report = await runJob({
            config,
            logger: host,
            transcript,
            render: wiring.renderers(masker),
            ...(host.runUrl ? { runUrl: host.runUrl } : {}),
        }, ports);
    }
    catch (error) {
        const outcome = error instanceof OutcomeError ? error.outcome : 'error';
        const reason = error instanceof OutcomeError ? error.reason : `Unexpected error: ${getErrorMessage(error)}`;
        const at = new Date().toISOString();
        report = {
            outcome,
            reason,
            dryRun: false,
            startedAt: at,
            finishedAt: at,
            stages: [],
            models: [],
        };
    }
    const masker = new SecretMasker(config?.secrets ?? []);
    const renderers = wiring.renderers(masker);
    const outputDir = config?.outputDir ??
        external_node_path_default().join(host.env.RUNNER_TEMP || host.env.AGENT_TEMPDIRECTORY || external_node_os_default().tmpdir(), 'ticket-to-pr');
    const files = await writeReportFiles(outputDir, report, transcript, renderers, host);
    const outputs = {
        outcome: report.outcome,
        'ticket-id': report.ticket ? String(report.ticket.id) : '',
        'pr-url': report.pullRequest?.url ?? '',
        branch: report.branch ?? '',
        reason: report.reason,
        'summary-file': files.summary ?? '',
        'transcript-file': files.transcript ?? '',
    };
    for (const [name, value] of Object.entries(outputs))
        host.setOutput(name, value);
    const failed = isOperatorOutcome(report.outcome);
    host.finish({ failed, message: `ticket-to-pr: ${report.outcome}. ${report.reason}` });
    return { report, outputs, exitCode: exitCodeFor(report.outcome) };
}
async function writeReportFiles(dir, report, transcript, renderers, host) {
    const stamp = report.startedAt.replace(/[:.]/g, '-');
    const ticketPart = report.ticket ? `-${report.ticket.id}` : '';
    const summary = external_node_path_default().resolve(dir, `summary${ticketPart}-${stamp}.md`);
    const transcriptFile = external_node_path_default().resolve(dir, `transcript${ticketPart}-${stamp}.json`);
    try {
        await promises_default().mkdir(dir, { recursive: true });
        await promises_default().writeFile(summary, renderers.summary(report), 'utf8');
        await promises_default().writeFile(transcriptFile, renderers.transcriptJson(transcript, report), 'utf8');
        await host.publishSummary(summary);
        return { summary, transcript: transcriptFile };
    }
    catch (error) {
        host.warning(`Could not write the summary or transcript in ${dir}: ${getErrorMessage(error)}`);
        return {};
    }
}

;// CONCATENATED MODULE: ./src/wiring.ts

// Temporary: replaced by the real composition of the adapters as they land.
const defaultWiring = {
    async createPorts() {
        throw new OutcomeError('error', 'adapters not wired yet');
    },
    renderers() {
        return {
            pullRequestTitle: (t) => t.title,
            pullRequestBody: (r) => r.reason,
            ticketComment: (r) => r.reason,
            summary: (r) => `# ticket-to-pr: ${r.outcome}\n\n${r.reason}\n`,
            transcriptJson: (t, r) => JSON.stringify({ outcome: r.outcome, entries: t.entries() }, null, 2),
        };
    },
};

;// CONCATENATED MODULE: ./src/cli/flags.ts
/**
 * Parses `--name value` and `--name=value` flags against a list of known names; boolean switches
 * take no value. Returns the values or an error message naming the flag and what is accepted.
 */
function parseFlags(argv, known) {
    const flags = new Map();
    const switches = new Set();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith('--'))
            return { error: `Unexpected argument '${arg}': flags look like --name value.` };
        const eq = arg.indexOf('=');
        const name = arg.slice(2, eq === -1 ? undefined : eq);
        if (known.switches?.includes(name)) {
            if (eq !== -1)
                return { error: `Flag --${name} takes no value.` };
            switches.add(name);
            continue;
        }
        if (!known.values.includes(name)) {
            return { error: `Unknown flag --${name}. Run with --help to see the accepted flags.` };
        }
        const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
        if (value === undefined)
            return { error: `Flag --${name} needs a value.` };
        flags.set(name, value);
    }
    return { flags, switches };
}

;// CONCATENATED MODULE: ./src/cli/commands/run.ts






const GROUP_TITLES = {
    tracker: 'Tracker (Azure Boards)',
    models: 'Models (Ollama)',
    repository: 'Repository and pull request',
    verification: 'Verification',
    safety: 'Safety',
    budgets: 'Budgets and locking',
    run: 'Run',
};
function help() {
    const lines = [
        'Usage: ticket-to-pr run [--<input> value ...] [--verbose]',
        '',
        'Runs one job: preflight, pick and claim a ticket, triage, localize, edit, verify, publish, report.',
        'Every flag is an input of the action with the same name; a flag not given falls back to the',
        'INPUT_<NAME> environment variable (INPUT_AZURE_DEVOPS_TOKEN, ...), then to the default.',
        'Prefer the environment for tokens: flags are visible to other users of the machine.',
        '',
    ];
    for (const [group, title] of Object.entries(GROUP_TITLES)) {
        lines.push(`${title}:`);
        for (const input of INPUTS.filter((i) => i.group === group)) {
            const def = input.required
                ? ' (required)'
                : input.default
                    ? ` (default: ${input.default.replace(/\n/g, ', ')})`
                    : '';
            lines.push(`  --${input.name}${def}`, `      ${input.description}`);
        }
        lines.push('');
    }
    lines.push('  --verbose', '      Print debug lines too.', '', 'Exit codes: 0 the job ended with a normal outcome (pr-opened, pr-updated, no-ticket, skipped,', 'needs-human); 1 an operator outcome (model-capacity, model-unavailable, error); 2 config-error', 'or bad flags.', '');
    return lines.join('\n');
}
const runCommand = {
    name: 'run',
    summary: 'Run one job: take a ticket, fix it, verify it, open a draft pull request.',
    help: help(),
    async run(argv, io) {
        const parsed = parseFlags(argv, { values: INPUTS.map((i) => i.name), switches: ['verbose'] });
        if ('error' in parsed) {
            io.stderr(`${parsed.error}\n`);
            return EXIT.usage;
        }
        const host = new CliHost(parsed.flags, io.env, io.stdout, io.stderr, parsed.switches.has('verbose'));
        const result = await runAction(host, defaultWiring);
        return result.exitCode;
    },
};

;// CONCATENATED MODULE: ./src/cli/main.ts



const COMMANDS = [runCommand];
function usage() {
    const width = Math.max(...COMMANDS.map((c) => c.name.length), 'version'.length);
    const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
    return [
        `ticket-to-pr ${VERSION}: one Azure Boards ticket → local models → verified draft pull request.`,
        '',
        'Usage: ticket-to-pr <command> [flags]',
        '',
        'Commands:',
        ...lines,
        `  ${'version'.padEnd(width)}  Print the version.`,
        `  ${'help'.padEnd(width)}  Show this help, or 'help <command>' for a command's flags.`,
        '',
        "Run 'ticket-to-pr <command> --help' for a command's flags.",
        '',
        'Exit codes: 0 success (or a normal outcome), 1 failure (an operator outcome), 2 bad flags or configuration.',
        '',
    ].join('\n');
}
/** Dispatches `ticket-to-pr <command> ...`; returns the exit code. */
async function runCli(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
        io.stdout(target ? target.help : usage());
        return EXIT.ok;
    }
    if (name === 'version' || name === '--version' || name === '-v') {
        io.stdout(`${VERSION}\n`);
        return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
        io.stderr(`Unknown command '${name}'. Expected one of: ${[...COMMANDS.map((c) => c.name), 'version', 'help'].join(', ')}.\n`);
        return EXIT.usage;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(command.help);
        return EXIT.ok;
    }
    return command.run(rest, io);
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(581);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
