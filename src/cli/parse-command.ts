import path from 'node:path';
import type { Command } from 'commander';
import { ParseError, describeError } from '../core/errors.js';
import { toFeedJson } from '../core/feed-json.js';
import type { Feed } from '../core/model.js';

/** `newsmill parse`: show a feed as newsmill normalizes it, before any content rewriting. */
export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('parse a feed file or URL and print the normalized feed')
    .argument('<file|url>', 'a local feed file or an http(s) URL')
    .option('--json', 'print the normalized feed as JSON')
    .option('--timezone <zone>', 'IANA zone for dates without an offset', 'Asia/Shanghai')
    .action(async (location: string, options: { json?: boolean; timezone: string }) => {
      const isUrl = /^https?:\/\//i.test(location);
      const [{ fetchSource }, { parseFeed }] = await Promise.all([
        import('../fetch/fetch-source.js'),
        import('../parse/parse-feed.js'),
      ]);
      const response = await fetchSource(isUrl ? location : path.resolve(location), {
        timeoutMs: 20_000,
        maxBytes: 50 * 1024 * 1024,
        userAgent: 'newsmill/0.1',
      });
      let feed: Feed;
      try {
        feed = parseFeed(response.text, {
          url: isUrl ? response.effectiveUrl : null,
          timezone: options.timezone,
        });
      } catch (error) {
        throw new ParseError(`${location}: ${describeError(error)}`, { cause: error });
      }
      for (const warning of feed.warnings) process.stderr.write(`warning ${location}: ${warning}\n`);
      process.stdout.write(
        options.json ? `${JSON.stringify(toFeedJson(feed), null, 2)}\n` : describeFeed(feed),
      );
    });
}

function describeFeed(feed: Feed): string {
  const lines = [`${feed.format}: ${feed.title ?? '(untitled)'} — ${feed.items.length} items`];
  for (const item of feed.items)
    lines.push(`  ${item.published ?? '(no date)'}  ${item.title ?? '(untitled)'}`);
  return `${lines.join('\n')}\n`;
}
