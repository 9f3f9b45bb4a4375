import { readFileSync } from 'node:fs';
import type { Feed } from '../../core/model.js';
import { parseFeed } from '../parse-feed.js';

/** Reads a fixture from this folder as text. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** Parses a fixture the way the pipeline would, with a fixed feed URL and zone. */
export function parseFixture(name: string, url: string | null = 'https://feeds.example.com/feed.xml'): Feed {
  return parseFeed(readFixture(name), { url, timezone: 'Asia/Shanghai' });
}
