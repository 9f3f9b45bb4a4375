import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * The deepest nesting of a page that full text reads. Real article pages nest a few dozen levels;
 * linkedom (htmlparser2's Parser) costs time quadratic in the depth and Readability recurses per
 * level, so a 276 KB page 25,000 <div>s deep took 21 s and then overflowed the stack.
 */
export const MAX_PAGE_DEPTH = 256;

// Void elements never nest, and these close themselves when a sibling opens (HTML §13.2.6.4), so
// a page of unclosed <p> or <li> is flat in the DOM too: counting them would only overstate depth.
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd option optgroup tr td th rb rt rp'.split(
    ' ',
  ),
);

const ignore = (): void => {};

/**
 * Whether `html` nests elements deeper than `limit`, read in one linear pass of htmlparser2's
 * Tokenizer (which knows script, style, title and textarea content is text) without building a tree.
 */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  let deeper = false;
  const nameAt = (start: number, end: number): string => html.slice(start, end).toLowerCase();
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      if (NOT_NESTING.has(nameAt(start, end))) return;
      if (++depth > limit) {
        deeper = true;
        tokenizer.end();
      }
    },
    onclosetag(start, end) {
      if (depth > 0 && !NOT_NESTING.has(nameAt(start, end))) depth--;
    },
    onattribdata: ignore,
    onattribentity: ignore,
    onattribend: ignore,
    onattribname: ignore,
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onend: ignore,
    onopentagend: ignore,
    onprocessinginstruction: ignore,
    onselfclosingtag: ignore,
    ontext: ignore,
    ontextentity: ignore,
  };
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: false }, callbacks);
  tokenizer.write(html);
  if (!deeper) tokenizer.end();
  return deeper;
}
