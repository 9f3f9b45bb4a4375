import { describe, expect, it } from 'vitest';
import { isTrackingImage, stripTrackingParams } from './tracking.js';

describe('stripTrackingParams', () => {
  it.each([
    ['https://a.cn/p?utm_source=rss&utm_medium=feed&id=1', 'https://a.cn/p?id=1'],
    ['https://a.cn/p?id=1&UTM_Campaign=x#top', 'https://a.cn/p?id=1#top'],
    ['https://item.taobao.com/item.htm?spm=a1z10.1&id=42&scm=1007', 'https://item.taobao.com/item.htm?id=42'],
    [
      'https://www.bilibili.com/video/BV1?spm_id_from=333&vd_source=abc',
      'https://www.bilibili.com/video/BV1',
    ],
    ['https://a.cn/?fbclid=1&gclid=2&msclkid=3', 'https://a.cn/'],
    ['https://a.cn/?q=a%20b&utm_%73ource=x', 'https://a.cn/?q=a%20b'],
  ])('%s → %s', (input, expected) => {
    expect(stripTrackingParams(input)).toBe(expected);
  });

  it('leaves other parameters byte for byte, including odd encodings', () => {
    const url = 'https://a.cn/s?q=a+b&x&y=%E4%B8%AD&from=rss';
    expect(stripTrackingParams(url)).toBe(url);
  });
});

describe('isTrackingImage', () => {
  it('spots 1×1 and 0×0 images whatever their host', () => {
    expect(isTrackingImage('https://a.cn/p.gif', { width: '1', height: '1' })).toBe(true);
    expect(isTrackingImage('https://a.cn/p.gif', { width: '0', height: '0px' })).toBe(true);
    expect(isTrackingImage('https://a.cn/p.gif', { width: '1', height: '100' })).toBe(false);
  });

  it('spots known tracker hosts and their subdomains, but not look-alikes', () => {
    expect(isTrackingImage('http://feeds.feedburner.com/~r/x/~4/abc', {})).toBe(true);
    expect(isTrackingImage('https://pixel.wp.com/b.gif?v=1', {})).toBe(true);
    expect(isTrackingImage('https://stats.g.doubleclick.net/x', {})).toBe(true);
    expect(isTrackingImage('https://hm.baidu.com/hm.gif?si=1', {})).toBe(true);
    expect(isTrackingImage('https://www.facebook.com/tr?id=1&ev=PageView', {})).toBe(true);
    expect(isTrackingImage('https://notdoubleclick.net/a.jpg', {})).toBe(false);
    expect(isTrackingImage('https://www.facebook.com/trees.jpg', {})).toBe(false);
    expect(isTrackingImage('https://img.ithome.com/a.jpg', {})).toBe(false);
  });
});
