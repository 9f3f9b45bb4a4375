import { QuoteType, type TokenizerCallbacks } from 'htmlparser2';

type Unreported = 'ontextentity' | 'onattribentity' | 'oncomment' | 'oncdata' | 'ondeclaration';

/** The tokenizer events the sanitizer listens to; comments, CDATA and declarations are not reported. */
export type ArticleTokenCallbacks = Omit<TokenizerCallbacks, Unreported | 'onprocessinginstruction'>;

// The states of htmlparser2 10.1's Tokenizer, with the same names and transitions.
const TEXT = 1;
const BEFORE_TAG_NAME = 2;
const IN_TAG_NAME = 3;
const IN_SELF_CLOSING_TAG = 4;
const BEFORE_CLOSING_TAG_NAME = 5;
const IN_CLOSING_TAG_NAME = 6;
const AFTER_CLOSING_TAG_NAME = 7;
const BEFORE_ATTRIBUTE_NAME = 8;
const IN_ATTRIBUTE_NAME = 9;
const AFTER_ATTRIBUTE_NAME = 10;
const BEFORE_ATTRIBUTE_VALUE = 11;
const IN_VALUE_DOUBLE_QUOTES = 12;
const IN_VALUE_SINGLE_QUOTES = 13;
const IN_VALUE_NO_QUOTES = 14;
const BEFORE_DECLARATION = 15;
const IN_DECLARATION = 16;
const IN_PROCESSING_INSTRUCTION = 17;
const BEFORE_COMMENT = 18;
const CDATA_SEQUENCE = 19;
const IN_SPECIAL_COMMENT = 20;
const IN_COMMENT_LIKE = 21;
const BEFORE_SPECIAL_S = 22;
const BEFORE_SPECIAL_T = 23;
const SPECIAL_START_SEQUENCE = 24;
const IN_SPECIAL_TAG = 25;

// In an unfinished tag at the end of input the tag is dropped; in any other state the rest is text.
const TAG_STATES = new Set([
  ...[IN_TAG_NAME, BEFORE_ATTRIBUTE_NAME, BEFORE_ATTRIBUTE_VALUE, AFTER_ATTRIBUTE_NAME, IN_ATTRIBUTE_NAME],
  ...[IN_VALUE_SINGLE_QUOTES, IN_VALUE_DOUBLE_QUOTES, IN_VALUE_NO_QUOTES, IN_CLOSING_TAG_NAME],
]);

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isEndOfTagSection(c: number): boolean {
  return c === 0x2f || c === 0x3e || isWhitespace(c);
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * htmlparser2's HTML tokenizer (without entity decoding, which the sanitizer does itself), ported state
 * for state so that it splits input exactly as the Parser-based sanitizer did, but reading a whole
 * string and jumping with `indexOf` over text, quoted values, comments and raw-text content instead of
 * visiting them one character at a time.
 */
export class HtmlTokenizer {
  private state = TEXT;
  private i = 0;
  private sectionStart = 0;
  private isSpecial = false;
  /** The end tag (`</script`) or terminator (`-->`, `]]>`) being matched, lowercase. */
  private sequence = '';
  private sequenceIndex = 0;

  constructor(
    private readonly src: string,
    private readonly cbs: ArticleTokenCallbacks,
  ) {}

  /** Tokenizes the whole input, then reports the end. */
  run(): void {
    const src = this.src;
    for (; this.i < src.length; this.i++) {
      const c = src.charCodeAt(this.i);
      switch (this.state) {
        case TEXT:
          this.text(c);
          break;
        case IN_ATTRIBUTE_NAME:
          if (c === 0x3d || isEndOfTagSection(c)) {
            this.cbs.onattribname(this.sectionStart, this.i);
            this.sectionStart = this.i;
            this.state = AFTER_ATTRIBUTE_NAME;
            this.afterAttributeName(c);
          } else {
            this.skipName(0x3d);
          }
          break;
        case IN_VALUE_DOUBLE_QUOTES:
          this.quotedValue(c, '"', QuoteType.Double);
          break;
        case IN_VALUE_SINGLE_QUOTES:
          this.quotedValue(c, "'", QuoteType.Single);
          break;
        case BEFORE_ATTRIBUTE_NAME:
          this.beforeAttributeName(c);
          break;
        case IN_TAG_NAME:
          if (isEndOfTagSection(c)) this.inTagName(c);
          else this.skipName(0x2f);
          break;
        case IN_CLOSING_TAG_NAME:
          if (c === 0x3e || isWhitespace(c)) this.inClosingTagName(c);
          else this.skipName(0x3e);
          break;
        case BEFORE_TAG_NAME:
          this.beforeTagName(c);
          break;
        case AFTER_ATTRIBUTE_NAME:
          this.afterAttributeName(c);
          break;
        case BEFORE_ATTRIBUTE_VALUE:
          if (c === 0x22 || c === 0x27) {
            this.state = c === 0x22 ? IN_VALUE_DOUBLE_QUOTES : IN_VALUE_SINGLE_QUOTES;
            this.sectionStart = this.i + 1;
          } else if (!isWhitespace(c)) {
            this.sectionStart = this.i;
            this.state = IN_VALUE_NO_QUOTES;
            this.unquotedValue(c);
          }
          break;
        case IN_VALUE_NO_QUOTES:
          this.unquotedValue(c);
          break;
        default:
          this.otherState(c);
      }
    }
    this.finish();
  }

  private text(c: number): void {
    if (c === 0x3c || this.fastForwardTo('<')) {
      if (this.i > this.sectionStart) this.cbs.ontext(this.sectionStart, this.i);
      this.state = BEFORE_TAG_NAME;
      this.sectionStart = this.i;
    }
  }

  /**
   * Moves to the last character of a name, before whitespace, `/`, `>` or `stop`: the states that read
   * names do nothing until one of those, so they need not see each character.
   */
  private skipName(stop: number): void {
    const src = this.src;
    let i = this.i;
    for (let c = src.charCodeAt(i + 1); i + 1 < src.length; c = src.charCodeAt(++i + 1)) {
      if (c === stop || c === 0x2f || c === 0x3e || isWhitespace(c)) break;
    }
    this.i = i;
  }

  /** Moves to the next `char` and returns true, or to the last character and returns false. */
  private fastForwardTo(char: string): boolean {
    const found = this.src.indexOf(char, this.i + 1);
    this.i = found === -1 ? this.src.length - 1 : found;
    return found !== -1;
  }

  private beforeTagName(c: number): void {
    if (c === 0x21 || c === 0x3f) {
      this.state = c === 0x21 ? BEFORE_DECLARATION : IN_PROCESSING_INSTRUCTION;
      this.sectionStart = this.i + 1;
    } else if (isAsciiAlpha(c)) {
      const lower = c | 0x20;
      this.sectionStart = this.i;
      if (lower === 0x73) this.state = BEFORE_SPECIAL_S;
      else if (lower === 0x74 || lower === 0x78) this.state = BEFORE_SPECIAL_T;
      else this.state = IN_TAG_NAME;
    } else if (c === 0x2f) {
      this.state = BEFORE_CLOSING_TAG_NAME;
    } else {
      this.state = TEXT;
      this.text(c);
    }
  }

  private inTagName(c: number): void {
    if (!isEndOfTagSection(c)) return;
    this.cbs.onopentagname(this.sectionStart, this.i);
    this.sectionStart = -1;
    this.state = BEFORE_ATTRIBUTE_NAME;
    this.beforeAttributeName(c);
  }

  private inClosingTagName(c: number): void {
    if (c !== 0x3e && !isWhitespace(c)) return;
    this.cbs.onclosetag(this.sectionStart, this.i);
    this.sectionStart = -1;
    this.state = AFTER_CLOSING_TAG_NAME;
    this.untilGt(c);
  }

  private beforeAttributeName(c: number): void {
    if (c === 0x3e) {
      this.cbs.onopentagend(this.i);
      this.state = this.isSpecial ? IN_SPECIAL_TAG : TEXT;
      this.sequenceIndex = 0;
      this.sectionStart = this.i + 1;
    } else if (c === 0x2f) {
      this.state = IN_SELF_CLOSING_TAG;
    } else if (!isWhitespace(c)) {
      this.state = IN_ATTRIBUTE_NAME;
      this.sectionStart = this.i;
    }
  }

  private afterAttributeName(c: number): void {
    if (c === 0x3d) {
      this.state = BEFORE_ATTRIBUTE_VALUE;
    } else if (c === 0x2f || c === 0x3e) {
      this.cbs.onattribend(QuoteType.NoValue, this.sectionStart);
      this.sectionStart = -1;
      this.state = BEFORE_ATTRIBUTE_NAME;
      this.beforeAttributeName(c);
    } else if (!isWhitespace(c)) {
      this.cbs.onattribend(QuoteType.NoValue, this.sectionStart);
      this.state = IN_ATTRIBUTE_NAME;
      this.sectionStart = this.i;
    }
  }

  private quotedValue(c: number, quote: string, type: QuoteType): void {
    if (c !== quote.charCodeAt(0) && !this.fastForwardTo(quote)) return;
    this.cbs.onattribdata(this.sectionStart, this.i);
    this.sectionStart = -1;
    this.cbs.onattribend(type, this.i + 1);
    this.state = BEFORE_ATTRIBUTE_NAME;
  }

  private unquotedValue(c: number): void {
    if (!isWhitespace(c) && c !== 0x3e) return;
    this.cbs.onattribdata(this.sectionStart, this.i);
    this.sectionStart = -1;
    this.cbs.onattribend(QuoteType.Unquoted, this.i);
    this.state = BEFORE_ATTRIBUTE_NAME;
    this.beforeAttributeName(c);
  }

  /** Skips to the `>` that ends an end tag, declaration, processing instruction or bogus comment. */
  private untilGt(c: number): void {
    if (c === 0x3e || this.fastForwardTo('>')) {
      this.state = TEXT;
      this.sectionStart = this.i + 1;
    }
  }

  private startSpecial(sequence: string): void {
    this.isSpecial = true;
    this.sequence = sequence;
    this.sequenceIndex = 4;
    this.state = SPECIAL_START_SEQUENCE;
  }

  /** The rarer states: special (raw-text) elements, comments, declarations and end-tag openings. */
  private otherState(c: number): void {
    switch (this.state) {
      case BEFORE_SPECIAL_S:
      case BEFORE_SPECIAL_T: {
        const sequence = this.state === BEFORE_SPECIAL_S ? SPECIAL_S[c | 0x20] : SPECIAL_T[c | 0x20];
        if (sequence) return this.startSpecial(sequence);
        this.state = IN_TAG_NAME;
        return this.inTagName(c);
      }
      case SPECIAL_START_SEQUENCE:
        return this.specialStartSequence(c);
      case IN_SPECIAL_TAG:
        return this.inSpecialTag(c);
      case IN_SELF_CLOSING_TAG:
        if (c === 0x3e) {
          this.cbs.onselfclosingtag(this.i);
          this.state = TEXT;
          this.sectionStart = this.i + 1;
          this.isSpecial = false;
        } else if (!isWhitespace(c)) {
          this.state = BEFORE_ATTRIBUTE_NAME;
          this.beforeAttributeName(c);
        }
        return;
      case BEFORE_CLOSING_TAG_NAME:
        if (c === 0x3e) {
          this.state = TEXT;
        } else if (!isWhitespace(c)) {
          this.state = isAsciiAlpha(c) ? IN_CLOSING_TAG_NAME : IN_SPECIAL_COMMENT;
          this.sectionStart = this.i;
        }
        return;
      case BEFORE_DECLARATION:
        if (c === 0x5b) {
          this.state = CDATA_SEQUENCE;
          this.sequenceIndex = 0;
        } else {
          this.state = c === 0x2d ? BEFORE_COMMENT : IN_DECLARATION;
        }
        return;
      case BEFORE_COMMENT:
        if (c === 0x2d) {
          this.state = IN_COMMENT_LIKE;
          this.sequence = '-->';
          // Allows the short comments `<!-->` and `<!--->`.
          this.sequenceIndex = 2;
          this.sectionStart = this.i + 1;
        } else {
          this.state = IN_DECLARATION;
        }
        return;
      case CDATA_SEQUENCE:
        if (c === CDATA.charCodeAt(this.sequenceIndex)) {
          if (++this.sequenceIndex === CDATA.length) {
            this.state = IN_COMMENT_LIKE;
            this.sequence = ']]>';
            this.sequenceIndex = 0;
            this.sectionStart = this.i + 1;
          }
        } else {
          this.sequenceIndex = 0;
          this.state = IN_DECLARATION;
          this.untilGt(c);
        }
        return;
      case IN_COMMENT_LIKE:
        return this.inCommentLike(c);
      default:
        // IN_DECLARATION, IN_PROCESSING_INSTRUCTION, IN_SPECIAL_COMMENT and AFTER_CLOSING_TAG_NAME.
        return this.untilGt(c);
    }
  }

  private specialStartSequence(c: number): void {
    const isEnd = this.sequenceIndex === this.sequence.length;
    const isMatch = isEnd
      ? isEndOfTagSection(c)
      : (c | 0x20) === this.sequence.charCodeAt(this.sequenceIndex);
    if (!isMatch) {
      this.isSpecial = false;
    } else if (!isEnd) {
      this.sequenceIndex++;
      return;
    }
    this.sequenceIndex = 0;
    this.state = IN_TAG_NAME;
    this.inTagName(c);
  }

  /** Raw text until the matching end tag (`</script` then whitespace or `>`). */
  private inSpecialTag(c: number): void {
    const sequence = this.sequence;
    if (this.sequenceIndex === sequence.length) {
      if (c === 0x3e || isWhitespace(c)) {
        const endOfText = this.i - sequence.length;
        if (this.sectionStart < endOfText) this.cbs.ontext(this.sectionStart, endOfText);
        this.isSpecial = false;
        this.sectionStart = endOfText + 2;
        this.state = IN_CLOSING_TAG_NAME;
        return this.inClosingTagName(c);
      }
      this.sequenceIndex = 0;
    }
    if ((c | 0x20) === sequence.charCodeAt(this.sequenceIndex)) this.sequenceIndex++;
    else if (this.sequenceIndex === 0) {
      if (this.fastForwardTo('<')) this.sequenceIndex = 1;
    }
    // After a `<`, the match starts again (`<</script>`).
    else this.sequenceIndex = c === 0x3c ? 1 : 0;
  }

  /** Comments and CDATA: up to `-->` or `]]>`, where the first character may repeat (`--->`). */
  private inCommentLike(c: number): void {
    const sequence = this.sequence;
    if (c === sequence.charCodeAt(this.sequenceIndex)) {
      if (++this.sequenceIndex === sequence.length) {
        this.sequenceIndex = 0;
        this.sectionStart = this.i + 1;
        this.state = TEXT;
      }
    } else if (this.sequenceIndex === 0) {
      if (this.fastForwardTo(sequence.charAt(0))) this.sequenceIndex = 1;
    } else if (c !== sequence.charCodeAt(this.sequenceIndex - 1)) {
      this.sequenceIndex = 0;
    }
  }

  private finish(): void {
    const end = this.src.length;
    const trailing = this.sectionStart < end && this.state !== IN_COMMENT_LIKE && !TAG_STATES.has(this.state);
    if (trailing) this.cbs.ontext(this.sectionStart, end);
    this.cbs.onend();
  }
}

const CDATA = 'CDATA[';
// `<sc`, `<st`: script and style; `<ti`, `<te`, `<xm`: title, textarea and xmp (by lowercased char code).
const SPECIAL_S: Record<number, string> = { 0x63: '</script', 0x74: '</style' };
const SPECIAL_T: Record<number, string> = { 0x69: '</title', 0x65: '</textarea', 0x6d: '</xmp' };
