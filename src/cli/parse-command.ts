import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config, SourceConfig } from '../config/resolve-config.js';
import { escapeJsonControls, stripControlCharacters, toTerminalLine } from '../core/control-characters.js';
import { ParseError, describeError } from '../core/errors.js';
import { toFeedJson } from '../core/feed-json.js';
import type { Feed } from '../core/model.js';
import { loadCliConfig } from './cli-config.js';

interface ParseFlags {
  json?: boolean;
  timezone?: string;
  url?: string;
  clean?: boolean;
  config?: string;
}

function parseDocumentUrl(value: string): string {
  if (!/^https?:\/\/[^\s/?#]+/i.test(value) || !URL.canParse(value))
    throw new InvalidArgumentError('expected an absolute http(s) URL');
  return value;
}

/**
 * `newsmill parse`: show a feed as newsmill normalizes it; with `--clean`, its articles as posts
 * will publish them, so a feed can be judged before it is added.
 */
export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('parse a feed file or URL and print the normalized feed')
    .argument('<file|url>', 'a local feed file or an http(s) URL')
    .option('--json', 'print the normalized feed as JSON')
    .option(
      '--timezone <zone>',
      'IANA zone for dates without an offset (default: the config’s, or Asia/Shanghai)',
    )
    .option(
      '--url <url>',
      'the document’s own URL, so that a saved file resolves relative links as the live feed does',
      parseDocumentUrl,
    )
    .option(
      '--clean',
      'show content and summary as posts publish them: links resolved, images proxied (per --config), sanitized',
    )
    .option(
      '-c, --config <file>',
      'use that config’s proxy, content limits and zone (and the source’s own, if listed)',
    )
    .action(async (location: string, flags: ParseFlags) => {
      const isUrl = /^https?:\/\//i.test(location);
      const resolved = isUrl ? location : path.resolve(location);
      const [{ fetchSource }, { parseFeed }, config] = await Promise.all([
        import('../fetch/fetch-source.js'),
        import('../parse/parse-feed.js'),
        flags.config ? loadCliConfig(flags.config) : null,
      ]);
      const source = config?.sources.find((entry) => entry.location === resolved) ?? null;
      const response = await fetchSource(resolved, {
        timeoutMs: 20_000,
        maxBytes: 50 * 1024 * 1024,
        userAgent: 'newsmill/0.1',
      });
      let feed: Feed;
      try {
        feed = parseFeed(response.text, {
          url: flags.url ?? (isUrl ? response.effectiveUrl : null),
          timezone: flags.timezone ?? source?.timezone ?? config?.timezone ?? 'Asia/Shanghai',
          now: Date.now(),
        });
      } catch (error) {
        throw new ParseError(`${location}: ${describeError(error)}`, { cause: error });
      }
      const warnings = [...feed.warnings];
      if (flags.clean) {
        // The sanitizer drops what it cannot resolve: say why relative images and links went missing.
        if (!isUrl && !flags.url)
          warnings.push(
            'a local file without --url: relative links and images cannot be resolved and are dropped',
          );
        const preview = await cleanFeed(feed, config, source, location);
        feed = { ...feed, items: preview.items };
        warnings.push(...preview.warnings);
      }
      // Titles, articles and warnings quote the feed: it must not drive the terminal (issue #18).
      for (const warning of warnings)
        process.stderr.write(`warning ${toTerminalLine(location)}: ${toTerminalLine(warning)}\n`);
      process.stdout.write(
        flags.json
          ? `${escapeJsonControls(JSON.stringify(toFeedJson(feed), null, 2))}\n`
          : describeFeed(feed, flags.clean === true),
      );
    });
}

/** The content steps of `run`, with the config given, else the defaults of a config that sets nothing. */
async function cleanFeed(
  feed: Feed,
  given: Config | null,
  source: SourceConfig | null,
  location: string,
): Promise<{ items: Feed['items']; warnings: string[] }> {
  const [{ previewPublishedContent }, { parseConfigText }] = await Promise.all([
    import('../pipeline/preview-content.js'),
    import('../config/load-config.js'),
  ]);
  const config = given ?? parseConfigText('{}\n', path.resolve('newsmill.yaml'), {});
  return previewPublishedContent(
    feed.items,
    config,
    source ?? { key: location, proxyMode: config.proxy.mode },
  );
}

function describeFeed(feed: Feed, withArticles: boolean): string {
  const title = (text: string | null): string => (text ? toTerminalLine(text) : '(untitled)');
  const lines = [`${feed.format}: ${title(feed.title)} — ${feed.items.length} items`];
  for (const item of feed.items) {
    lines.push(`  ${item.published ?? '(no date)'}  ${title(item.title)}`);
    if (!withArticles) continue;
    if (item.link) lines.push(`    ${toTerminalLine(item.link)}`);
    if (item.content)
      lines.push(
        ...stripControlCharacters(item.content)
          .split('\n')
          .map((line) => `    ${line}`),
      );
  }
  return `${lines.join('\n')}\n`;
}
