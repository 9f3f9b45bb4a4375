import { describe, expect, it } from 'vitest';
import { childElement, innerHtml, textContent } from './xml-node.js';
import type { XmlElement } from './xml-node.js';
import { buildXmlTree } from './xml-tree.js';

function root(xml: string, url: string | null = null): XmlElement {
  const doc = buildXmlTree(xml, url);
  if (doc.root === null) throw new Error('no root');
  return doc.root;
}

describe('buildXmlTree', () => {
  it('gives known namespaces their conventional prefix whatever the document calls them', () => {
    const feed = root(`<rss xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:x="urn:unknown">
      <c:encoded>body</c:encoded><x:thing/><dc:creator>undeclared</dc:creator></rss>`);
    expect(
      feed.children.filter((child) => typeof child !== 'string').map((child) => (child as XmlElement).name),
    ).toEqual(['content:encoded', 'x:thing', 'dc:creator']);
  });

  it('uses plain names for the root Atom namespace even when prefixed', () => {
    const feed = root('<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title></a:feed>');
    expect(feed.name).toBe('feed');
    expect(textContent(childElement(feed, 'title') as XmlElement)).toBe('T');
  });

  it('keeps CDATA verbatim and decodes entities, including undeclared HTML ones, elsewhere', () => {
    const feed = root('<rss><a><![CDATA[&amp; <b>]]></a><b>&amp;amp; &nbsp;&#x4e2d;&lt;</b></rss>');
    expect(textContent(childElement(feed, 'a') as XmlElement)).toBe('&amp; <b>');
    expect(textContent(childElement(feed, 'b') as XmlElement)).toBe('&amp; \u00a0中<');
  });

  it('resolves the xml:base chain against the document URL', () => {
    const feed = root(
      '<feed xml:base="/blog/"><entry xml:base="2021/"><x/></entry></feed>',
      'https://a.example/feed',
    );
    const entry = childElement(feed, 'entry') as XmlElement;
    expect(feed.base).toBe('https://a.example/blog/');
    expect(childElement(entry, 'x')?.base).toBe('https://a.example/blog/2021/');
  });

  it('undoes a namespace declaration at the end of the element that made it', () => {
    const feed = root(`<rss xmlns:c="urn:other"><channel>
      <item xmlns:c="http://purl.org/rss/1.0/modules/content/"><c:encoded>1</c:encoded></item>
      <item><c:encoded>2</c:encoded></item></channel></rss>`);
    const items = (childElement(feed, 'channel') as XmlElement).children.filter(
      (child): child is XmlElement => typeof child !== 'string',
    );
    expect(items.map((item) => (item.children[0] as XmlElement).name)).toEqual([
      'content:encoded',
      'c:encoded',
    ]);
  });

  it('keeps the content of items opened inside one another, however many', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `<item><title>${i}</title>`).join('');
    const channel = childElement(root(`<rss><channel>${items}</channel></rss>`), 'channel') as XmlElement;
    const last = channel.children.at(-1) as XmlElement;
    expect(channel.children).toHaveLength(1000);
    expect(textContent(childElement(last, 'title') as XmlElement)).toBe('999');
  });

  it('does not count self-closing elements as ill-formed', () => {
    expect(buildXmlTree('<rss><channel><link/><x a="1" /></channel></rss>', null).warnings).toEqual([]);
  });

  it('serializes XHTML with text escaped and namespace declarations dropped', () => {
    const feed = root(
      '<feed><c><div xmlns="http://www.w3.org/1999/xhtml"><p class="a&amp;b">1 &lt; 2</p></div></c></feed>',
    );
    const content = childElement(feed, 'c') as XmlElement;
    expect(innerHtml(content, true)).toBe('<div><p class="a&amp;b">1 &lt; 2</p></div>');
  });
});

describe('buildXmlTree with raw HTML left in a feed', () => {
  it('gives unclosed void elements no children, so text after them stays flat', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}<br>`).join('');
    const feed = root(`<rss><description><p>${lines}</p></description></rss>`);
    const paragraph = childElement(childElement(feed, 'description') as XmlElement, 'p') as XmlElement;
    expect(paragraph.children).toHaveLength(40_000);
    expect(innerHtml(paragraph, false).startsWith('line 0<br>line 1<br>')).toBe(true);
  });
});
