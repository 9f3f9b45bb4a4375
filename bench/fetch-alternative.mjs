// The obvious alternative to `newsmill run` for the fetch bench: rss-parser with p-limit at the same
// concurrency, parsing every feed and keeping nothing. Prints one JSON line with its counts.
import pLimit from 'p-limit';
import RssParser from 'rss-parser';

const [listFile, concurrency] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const urls = JSON.parse(readFileSync(listFile, 'utf8'));
const parser = new RssParser({ timeout: 20_000 });
const limit = pLimit(Number(concurrency));
let items = 0;
let failed = 0;
await Promise.all(
  urls.map((url) =>
    limit(async () => {
      try {
        const feed = await parser.parseURL(url);
        items += feed.items.length;
      } catch {
        failed++;
      }
    }),
  ),
);
console.log(JSON.stringify({ items, failed, maxRssKb: process.resourceUsage().maxRSS }));
