import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toFeedJson } from '../core/feed-json.js';
import type { Feed } from '../core/model.js';
import { decodeFeedBytes } from '../fetch/charset.js';
import { parseFeed } from './parse-feed.js';

// Each fixture `name.<ext>` sits beside `name.expected.json`, which holds one of: the full
// `newsmill parse --json` output plus `warnings`; `{"match": …}`, a partial Feed (it may name
// `baseUrl`); or `{"error": …}`, a substring of the ParseError message. Optional `name.options.json`
// overrides the URL and zone; `name.content-type` is the HTTP header the bytes came with.
const ROOT = fileURLToPath(new URL('./testdata/conformance/', import.meta.url));
const DEFAULT_OPTIONS = { url: 'https://example.com/feed.xml', timezone: 'Asia/Shanghai' };
const SIDE_FILES = /\.(?:expected\.json|options\.json|content-type)$/;

interface Expected {
  match?: object;
  error?: string;
}

function fixturesIn(topic: string): string[] {
  return readdirSync(path.join(ROOT, topic))
    .filter((file) => !SIDE_FILES.test(file))
    .sort();
}

function readSide(base: string, suffix: string): string | null {
  const file = `${base}${suffix}`;
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function parseFixture(topic: string, file: string): Feed {
  const fixture = path.join(ROOT, topic, file);
  const base = fixture.slice(0, -path.extname(fixture).length);
  const options = { ...DEFAULT_OPTIONS, ...(JSON.parse(readSide(base, '.options.json') ?? '{}') as object) };
  const contentType = readSide(base, '.content-type')?.trim() ?? null;
  const bytes = readFileSync(fixture);
  // Charset fixtures are raw bytes and go through the fetch stage's decoding, as in the pipeline.
  const text =
    topic === 'charsets' || contentType !== null
      ? decodeFeedBytes(bytes, contentType).text
      : bytes.toString('utf8');
  return parseFeed(text, options);
}

function toOutput(feed: Feed): object {
  return { ...toFeedJson(feed), warnings: feed.warnings };
}

const topics = readdirSync(ROOT).sort();

describe('conformance suite', () => {
  it('has at least 200 fixtures', () => {
    expect(topics.flatMap(fixturesIn).length).toBeGreaterThanOrEqual(200);
  });

  describe.each(topics)('%s', (topic) => {
    it.each(fixturesIn(topic))('%s', (file) => {
      const base = path.join(ROOT, topic, file.slice(0, -path.extname(file).length));
      const expected = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as Expected;
      if (expected.error !== undefined) {
        expect(() => parseFixture(topic, file)).toThrow(expected.error);
      } else if (expected.match !== undefined) {
        expect(parseFixture(topic, file)).toMatchObject(expected.match);
      } else {
        expect(toOutput(parseFixture(topic, file))).toEqual(expected);
      }
    });
  });
});
