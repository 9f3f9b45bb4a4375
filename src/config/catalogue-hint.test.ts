import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from './catalogue-entry.js';
import { describeUnmatchedSelection } from './catalogue-hint.js';

const entry = (category: string, source: string, channel: string): CatalogueEntry => ({
  category,
  source,
  channel,
  route: null,
  path: `/${source}/${channel}`,
  requiresConfig: false,
  requiresPuppeteer: false,
  antiCrawler: false,
});

const entries = [
  entry('其他', 'ZAKER', '分类'),
  entry('其他', 'ZAKER', '精读'),
  entry('新媒体', '36kr', '资讯, 快讯, 用户文章'),
  entry('新媒体', '36kr', '资讯热榜'),
  entry('新媒体', 'cnBeta.COM', '头条资讯'),
  entry('编程', '掘金', '分类'),
];

describe('describeUnmatchedSelection: why a catalogue.select pattern matched nothing', () => {
  it('names the channels a source has when only the channel is wrong', () => {
    expect(describeUnmatchedSelection('新媒体/36kr/资讯', entries)).toBe(
      'catalogue.select "新媒体/36kr/资讯" matches no route: 新媒体/36kr has the channels 资讯, 快讯, 用户文章; 资讯热榜',
    );
  });

  it('finds a source filed under another top category, with its channels', () => {
    expect(describeUnmatchedSelection('新媒体/ZAKER/source', entries)).toBe(
      'catalogue.select "新媒体/ZAKER/source" matches no route: ZAKER is under 其他 with the channels 分类; 精读',
    );
    expect(describeUnmatchedSelection('新媒体/zaker/分类', entries)).toBe(
      'catalogue.select "新媒体/zaker/分类" matches no route: try "其他/ZAKER/分类"',
    );
  });

  it('suggests a source whose name contains the one written (a renamed site)', () => {
    expect(describeUnmatchedSelection('新媒体/cnBeta/*', entries)).toBe(
      'catalogue.select "新媒体/cnBeta/*" matches no route: no source "cnBeta"; did you mean 新媒体/cnBeta.COM?',
    );
  });

  it('says when a source is nowhere in the catalogue, and lists categories for an unknown one', () => {
    expect(describeUnmatchedSelection('编程/Dockone/周报', entries)).toBe(
      'catalogue.select "编程/Dockone/周报" matches no route: no source "Dockone" in any top category (RSSHub may have removed it)',
    );
    expect(describeUnmatchedSelection('无此分类/*', entries)).toBe(
      'catalogue.select "无此分类/*" matches no route: no top category "无此分类"; the catalogue has 其他, 新媒体, 编程',
    );
  });
});
