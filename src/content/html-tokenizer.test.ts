import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { HtmlTokenizer } from './html-tokenizer.js';
import type { ImageProxyPolicy } from './image-proxy.js';
import { sanitizeArticleHtml } from './sanitize.js';

/** The events a tokenizer reports for `html`, in the form `name:arg,arg`. */
function events(html: string, run: (cbs: TokenizerCallbacks) => void): string[] {
  const seen: string[] = [];
  const record =
    (name: string) =>
    (...args: number[]): void => {
      seen.push(`${name}:${args.join(',')}`);
    };
  const ignore = (): void => {};
  run({
    ...{ ontext: record('text'), onopentagname: record('open'), onattribname: record('attrib') },
    ...{ onattribdata: record('data'), onattribend: record('attribend'), onopentagend: record('openend') },
    ...{ onselfclosingtag: record('selfclose'), onclosetag: record('close'), onend: record('end') },
    ...{ ontextentity: ignore, onattribentity: ignore, oncomment: ignore, oncdata: ignore },
    ...{ ondeclaration: ignore, onprocessinginstruction: ignore },
  });
  return seen;
}

function htmlparser2Events(html: string): string[] {
  const seen = events(html, (cbs) => {
    const tokenizer = new Tokenizer({ decodeEntities: false }, cbs);
    tokenizer.write(html);
    tokenizer.end();
  });
  // At the end of input htmlparser2 flushes the value of an attribute it then drops with its tag.
  if (seen.at(-2)?.startsWith('data:') && !seen.at(-3)?.startsWith('attribend')) seen.splice(-2, 1);
  return seen;
}

const EDGE_CASES = [
  'a</>b',
  '<!>x>y<!doctype html>z',
  '<xitle>a&amp;</xitle>b<tmp>x</tmp>y',
  '<script>a</script/>b</script>c<style>d</style >e',
  '<script>x = "</scr" + "ipt>"; </script</script>ok',
  '<p/',
  'x<p a',
  'a</b x',
  "<a b='x' c=d e/>t<br/ >",
  '<!---->a<!-->b<!--->c<!-- x -- y --->d',
  'a]]]>b<![CDATA[x]]]>y<![cdata[z]]>w',
  '<title>&lt;</title>c<textarea><b></textarea>d',
  '</ p>x</3>y</br></p>',
  '<p\0a=b\u0001>c\0d</p\0>',
  '<img src="\ud800" alt=\'\udc00\'>\ud83d\ude00',
  '<img src=a&amp;b&c alt="&amp" title=&lt;>',
  '<p>unterminated <!-- comment',
  '<p>unterminated <![CDATA[ cdata',
  '<script>unterminated raw text</scr',
];

describe('HtmlTokenizer', () => {
  it.each(EDGE_CASES)('reports what htmlparser2 10.1 reports for %j', (html) => {
    expect(events(html, (cbs) => new HtmlTokenizer(html, cbs).run())).toEqual(htmlparser2Events(html));
  });

  it('agrees with htmlparser2 on random soup of markup fragments', () => {
    const pieces = ['<', '>', '/', '!', '?', '-', '[', ']', "'", '"', '=', ' ', '\n', 'a', 'p', 's'];
    pieces.push('t', 'x', 'CDATA[', 'script', 'style', 'title', 'textarea', 'xmp', 'img', '--', '&', '\0');
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < 3000; i++) {
      let html = '';
      for (let k = next(30); k >= 0; k--) html += pieces[next(pieces.length)];
      expect(
        events(html, (cbs) => new HtmlTokenizer(html, cbs).run()),
        html,
      ).toEqual(htmlparser2Events(html));
    }
  });
});

const noProxy: ImageProxyPolicy = { mode: 'none', target: null };
const clean = (html: string): string =>
  sanitizeArticleHtml(html, { base: 'https://a.cn/p/1', images: noProxy });

describe('sanitizeArticleHtml at the tokenizer level', () => {
  it('decodes entities in attributes before checking them, and re-escapes them', () => {
    expect(clean('<img src="https://i.cn/a.jpg?x=1&amp;y=2" alt="&lt;b&gt; &quot;q&quot; &#x27;s">')).toBe(
      '<img src="https://i.cn/a.jpg?x=1&amp;y=2" alt="&lt;b&gt; &quot;q&quot; &#39;s" referrerpolicy="no-referrer" loading="lazy" />',
    );
    expect(
      clean(
        '<a href="java&#115;cript:alert(1)">x</a><a href="&#106;avascript:1">y</a><a href="javascript&colon;1">z</a>',
      ),
    ).toBe('<a>x</a><a>y</a><a>z</a>');
  });

  it('decodes `&` without `;` the way browsers do: legacy names in text, but not before `=` in attributes', () => {
    expect(clean('AT&T &copy 2024 &notin; &notit; &amp &#38 &#x26 &unknown;')).toBe(
      'AT&amp;T © 2024 ∉ ¬it; &amp; &amp; &amp; &amp;unknown;',
    );
    expect(clean('<a href="https://a.cn/?a=1&copy=2&amp;b=3">x</a>')).toBe(
      '<a href="https://a.cn/?a=1&amp;copy=2&amp;b=3" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it('drops a tag, comment or raw-text element left unterminated at the end of input', () => {
    expect(clean('<p>a<img src="https://i.cn/a.jpg"')).toBe('<p>a</p>');
    expect(clean('<p>a<!-- <img src=x onerror=alert(1)>')).toBe('<p>a</p>');
    expect(clean('a<script>alert(1)')).toBe('a');
    expect(clean('<p title="x')).toBe('');
  });

  it('ends raw text only at a real end tag, and ignores a stray `</script` in text', () => {
    expect(clean('<p>a</script>b</p>')).toBe('<p>ab</p>');
    expect(clean('<script>x = "</scr" + "ipt>"; alert(1)</script>ok')).toBe('ok');
    expect(clean('<script>a</script x>b<script>a</scripty>b</script>c')).toBe('bc');
  });

  it('keeps NUL and control characters as text, and never lets them form a tag', () => {
    expect(clean('<p>a\0b\u0001c</p>')).toBe('<p>a\0b\u0001c</p>');
    expect(clean('<img\0src=x onerror=alert(1)><scr\0ipt>alert(1)</scr\0ipt>')).toBe('alert(1)');
  });

  it('passes surrogate pairs through, and turns invalid code point references into U+FFFD', () => {
    expect(clean('<p>\ud83d\ude00 \ud800 &#xD800; &#x1F600; &#0; &#x110000;</p>')).toBe(
      '<p>\ud83d\ude00 \ud800 \ufffd \ud83d\ude00 \ufffd \ufffd</p>',
    );
  });

  it('handles megabyte attributes: kept ones are escaped, skipped ones cost nothing', () => {
    const long = 'x'.repeat(1 << 20);
    const out = clean(`<img src="https://i.cn/a.jpg" data-junk="${long}" alt="${long}&amp;<">`);
    expect(out).toBe(
      `<img src="https://i.cn/a.jpg" alt="${long}&amp;&lt;" referrerpolicy="no-referrer" loading="lazy" />`,
    );
  });

  it('matches attribute names in any case, including the Kelvin sign that lowercases to k', () => {
    expect(
      clean('<IMG SRC="https://i.cn/a.jpg" ALT=a><track src="https://i.cn/t.vtt" \u212Aind="captions">'),
    ).toBe(
      '<img src="https://i.cn/a.jpg" alt="a" referrerpolicy="no-referrer" loading="lazy" /><track src="https://i.cn/t.vtt" kind="captions" />',
    );
  });
});
