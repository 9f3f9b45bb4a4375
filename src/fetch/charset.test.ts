import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from './charset.js';

const CHINESE = '国内新闻：经济动态与社会热点';
const encode = (text: string, charset: string): Uint8Array => new Uint8Array(iconv.encode(text, charset));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bom: number[], body: Uint8Array): Uint8Array => new Uint8Array([...bom, ...body]);
const xml = (charset: string, text: string) =>
  `<?xml version="1.0" encoding="${charset}"?>\n<rss><channel><title>${text}</title></channel></rss>`;

describe('decodeFeedBytes', () => {
  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf], 'utf-8'],
    ['utf-16le', [0xff, 0xfe], 'utf-16le'],
    ['utf-16be', [0xfe, 0xff], 'utf-16be'],
    ['utf-32le', [0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
    ['utf-32be', [0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  ])('honours a %s byte order mark over any label and strips it', (charset, bom, encoding) => {
    const text = xml('gbk', CHINESE);
    const decoded = decodeFeedBytes(withBom(bom, encode(text, encoding)), 'text/xml; charset=gbk');
    expect(decoded).toEqual({ text, charset });
  });

  it('takes the Content-Type charset first', () => {
    const text = xml('big5', CHINESE);
    expect(decodeFeedBytes(encode(text, 'gbk'), 'application/rss+xml; charset="GBK"')).toEqual({
      text,
      charset: 'gb18030',
    });
  });

  it('falls back to the XML declaration, then to <meta> in HTML', () => {
    const text = xml('GB2312', CHINESE);
    expect(decodeFeedBytes(encode(text, 'gbk'), 'application/xml')).toEqual({ text, charset: 'gb18030' });
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>繁體中文</html>`;
    expect(decodeFeedBytes(encode(html, 'big5'), null)).toEqual({ text: html, charset: 'big5' });
    const html5 = `<!doctype html><meta charset='Shift_JIS'><p>日本語のニュース</p>`;
    expect(decodeFeedBytes(encode(html5, 'shift_jis'), null)).toEqual({ text: html5, charset: 'shift_jis' });
  });

  it('decodes GB18030-only characters in a feed labelled GB2312', () => {
    const text = xml('gb2312', '𠀀 € 囍');
    expect(decodeFeedBytes(encode(text, 'gb18030'), null).text).toBe(text);
  });

  it('reads valid multibyte UTF-8 as UTF-8 whatever the labels say', () => {
    const text = xml('gbk', CHINESE);
    expect(decodeFeedBytes(utf8(text), 'text/xml; charset=gbk')).toEqual({ text, charset: 'utf-8' });
    expect(decodeFeedBytes(utf8(xml('iso-8859-1', 'café')), 'text/xml; charset=windows-1252').charset).toBe(
      'utf-8',
    );
  });

  it('keeps a non-UTF-8 label on pure ASCII', () => {
    expect(decodeFeedBytes(utf8(xml('windows-1252', 'plain')), null).charset).toBe('windows-1252');
  });

  it('ignores a UTF-8 header on bytes that are not UTF-8 and uses the declaration', () => {
    const text = xml('gbk', CHINESE);
    expect(decodeFeedBytes(encode(text, 'gbk'), 'text/xml; charset=utf-8')).toEqual({
      text,
      charset: 'gb18030',
    });
  });

  it('skips unknown labels', () => {
    const big5 = xml('big5', '繁體中文新聞');
    expect(decodeFeedBytes(encode(big5, 'big5'), 'text/xml; charset=x-bogus')).toEqual({
      text: big5,
      charset: 'big5',
    });
    const text = xml('x-no-such-charset', CHINESE);
    expect(decodeFeedBytes(encode(text, 'gbk'), 'text/xml; charset=x-bogus')).toEqual({
      text,
      charset: 'gb18030',
    });
  });

  it('detects unlabelled UTF-8, damaged UTF-8 and GBK', () => {
    const text = `<rss><title>${CHINESE}</title></rss>`;
    expect(decodeFeedBytes(utf8(text), null)).toEqual({ text, charset: 'utf-8' });
    expect(decodeFeedBytes(encode(text, 'gbk'), null)).toEqual({ text, charset: 'gb18030' });
    const damaged = utf8(`<rss><title>${CHINESE.repeat(3)}</title><p>${CHINESE}</p></rss>`);
    const cut = new Uint8Array([...damaged.subarray(0, 40), ...damaged.subarray(41)]);
    expect(decodeFeedBytes(cut, null).charset).toBe('utf-8');
  });

  it('reads UTF-8 labelled GBK as UTF-8 even with a character cut short', () => {
    const text = xml('gbk', `${CHINESE.repeat(3)}</title><description>${CHINESE}`);
    const bytes = utf8(text);
    const at = bytes.indexOf(0xe5, 60);
    const cut = new Uint8Array([...bytes.subarray(0, at + 2), ...bytes.subarray(at + 3)]);
    for (const contentType of [null, 'text/xml; charset=GBK']) {
      const decoded = decodeFeedBytes(cut, contentType);
      expect(decoded.charset).toBe('utf-8');
      expect(decoded.text).toContain(CHINESE.repeat(2));
    }
    // Real GBK under the same labels stays GBK.
    expect(decodeFeedBytes(encode(text, 'gbk'), 'text/xml; charset=GBK')).toEqual({
      text,
      charset: 'gb18030',
    });
  });

  it('maps ISO-8859-1 to windows-1252 as browsers do', () => {
    const bytes = new Uint8Array([...utf8('<p>'), 0x93, 0x71, 0x94, 0xe9, ...utf8('</p>')]);
    expect(decodeFeedBytes(bytes, 'text/html; charset=ISO-8859-1')).toEqual({
      text: '<p>\u201cq\u201d\u00e9</p>',
      charset: 'windows-1252',
    });
  });

  it('reads BOM-less UTF-16 with an XML declaration, but not a UTF-16 label on ASCII bytes', () => {
    const text = xml('utf-16', CHINESE);
    expect(decodeFeedBytes(encode(text, 'utf-16le'), null)).toEqual({ text, charset: 'utf-16le' });
    expect(decodeFeedBytes(encode(text, 'utf-16be'), null)).toEqual({ text, charset: 'utf-16be' });
    expect(decodeFeedBytes(utf8('<rss/>'), 'text/xml; charset=utf-16')).toEqual({
      text: '<rss/>',
      charset: 'utf-8',
    });
  });

  it('decodes an empty body', () => {
    expect(decodeFeedBytes(new Uint8Array(0), null)).toEqual({ text: '', charset: 'utf-8' });
  });

  it.each([
    ['gbk', CHINESE, 'gb18030'],
    ['gb2312', '中华人民共和国', 'gb18030'],
    ['gb18030', '国际新闻 𠀀', 'gb18030'],
    ['big5', '繁體中文新聞報導', 'big5'],
    ['shift_jis', '日本語のニュース記事', 'shift_jis'],
    ['euc-jp', '日本語のニュース記事', 'euc-jp'],
    ['euc-kr', '한국어 뉴스 기사입니다', 'euc-kr'],
    ['windows-1250', 'Zażółć gęślą jaźń', 'windows-1250'],
    ['windows-1251', 'Новости России и мира', 'windows-1251'],
    ['windows-1252', 'Café “quoted” — naïve', 'windows-1252'],
    ['koi8-r', 'Новости России и мира', 'koi8-r'],
    ['iso-8859-2', 'Příliš žluťoučký kůň', 'iso-8859-2'],
    ['iso-8859-5', 'Новости России', 'iso-8859-5'],
    ['iso-8859-7', 'Ειδήσεις από την Ελλάδα', 'iso-8859-7'],
  ])('decodes %s labelled in the header or the declaration', (label, sample, charset) => {
    const text = xml(label, sample);
    const bytes = encode(text, label);
    expect(decodeFeedBytes(bytes, `text/xml; charset=${label.toUpperCase()}`)).toEqual({ text, charset });
    expect(decodeFeedBytes(bytes, 'text/xml')).toEqual({ text, charset });
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])(
    'recognizes BOM-less %s by where the NUL bytes sit (XML 1.0 Appendix F, RFC 4627 §3)',
    (charset) => {
      const json = '{"version":"https://jsonfeed.org/version/1.1","title":"无 BOM","items":[]}';
      expect(decodeFeedBytes(encode(json, charset), null)).toEqual({ text: json, charset });
      const text = `<?xml version="1.0"?><rss><channel><title>无 BOM</title></channel></rss>`;
      expect(decodeFeedBytes(encode(text, charset), 'text/xml')).toEqual({ text, charset });
    },
  );

  describe('without any declaration', () => {
    // Unlabelled documents: no BOM, no Content-Type charset, no XML or HTML declaration.
    const feed = (title: string, body: string) =>
      `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><link>https://news.example/1</link><description>${body}</description></item></channel></rss>`;
    const NEWS: Record<string, string> = {
      gbk: '国务院新闻办公室今天上午举行新闻发布会，介绍今年前三季度国民经济运行情况。记者从教育部获悉，政策落地一周年。',
      big5: '國務院新聞辦公室今天上午舉行新聞發布會，介紹今年前三季度國民經濟運行情況。記者從教育部獲悉，政策落地一週年。',
      shift_jis:
        '東京都は本日、新型ウイルスの感染者が新たに確認されたと発表しました。専門家は引き続き注意を呼びかけています。',
      'euc-jp':
        '東京都は本日、新型ウイルスの感染者が新たに確認されたと発表しました。専門家は引き続き注意を呼びかけています。',
      'euc-kr':
        '서울시는 오늘 새로운 정책을 발표했습니다. 전문가들은 계속해서 주의를 당부하고 있습니다. 경제 뉴스입니다.',
      'koi8-r':
        'Правительство Москвы сегодня объявило о новых мерах поддержки малого бизнеса. Эксперты призывают к осторожности.',
      'windows-1251':
        'Правительство Москвы сегодня объявило о новых мерах поддержки малого бизнеса. Эксперты призывают к осторожности.',
      'iso-8859-1':
        "Le gouvernement français a annoncé aujourd'hui de nouvelles mesures économiques. Ça coûte très cher.",
      'windows-1252':
        'Die Bundesregierung hat heute neue Maßnahmen angekündigt. Experten äußern sich „vorsichtig“ über die Lage.',
    };
    const EXPECTED: Record<string, string> = { gbk: 'gb18030', 'iso-8859-1': 'windows-1252' };

    it.each(Object.entries(NEWS))('detects a %s news feed', (label, text) => {
      const document = feed(text.slice(0, 12), text);
      expect(decodeFeedBytes(encode(document, label), 'application/rss+xml')).toEqual({
        text: document,
        charset: EXPECTED[label] ?? label,
      });
    });

    it.each([
      '新闻',
      '经济',
      '中国',
      '北京',
      '天气',
      '科技新闻',
      '今日头条',
      '财经要闻',
      '国务院',
      '人民日报',
    ])('keeps GB18030 for a feed titled only %s, too short for the detector', (title) => {
      const document = feed(title, 'Item');
      expect(decodeFeedBytes(encode(document, 'gbk'), null)).toEqual({ text: document, charset: 'gb18030' });
    });

    it('keeps GB18030 when the detector finds EUC-KR just as likely', () => {
      const document = feed('该公司第三季度营收同比', 'Item');
      expect(decodeFeedBytes(encode(document, 'gbk'), null)).toEqual({ text: document, charset: 'gb18030' });
    });

    it('keeps GB18030 for GBK cut short in the middle of a character', () => {
      const bytes = encode(feed(NEWS.gbk as string, NEWS.gbk as string), 'gbk');
      const cut = new Uint8Array([...bytes.subarray(0, 120), ...bytes.subarray(121)]);
      expect(decodeFeedBytes(cut, null).charset).toBe('gb18030');
    });
  });
});
