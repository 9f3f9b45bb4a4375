/**
 * The adversarial part of the parse bench: hostile shapes of feed, each parsed by newsmill and by the
 * peer parsers, reporting the time, whether the feed's items survived, and time ÷ newsmill.
 */
import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed as parseWithFeedsmith } from 'feedsmith';
import RssParser from 'rss-parser';
import { parseFeed } from '../src/parse/parse-feed.js';
import { alternate, conditionsNote } from './protocol.js';

interface Shape {
  name: string;
  /** The markup placed inside the first of two items. */
  make: () => string;
}

interface Peer {
  name: string;
  /** Parses a document and returns how many items it found, or null when it does not count items. */
  parse: (text: string) => Promise<number | null>;
}

function numbered(count: number, make: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(make(i));
  return parts.join('');
}

const nest = (open: string, close: string, count: number): string => open.repeat(count) + close.repeat(count);

// The first is the case (#18): 1.75 MB nested 250,000 levels deep took newsmill 37 s.
const SHAPES: Shape[] = [
  { name: 'unknown elements nested 250,000 deep', make: () => nest('<x>', '</x>', 250_000) },
  {
    name: '250,000 unclosed <p> in a description',
    make: () => `<description>${'<p>a '.repeat(250_000)}</description>`,
  },
  {
    name: '250,000 end tags matching nothing, under 250,000 levels',
    make: () => `<description>${nest('<a>', '</b>', 250_000)}</description>`,
  },
  {
    name: 'a namespace declared at each of 50,000 levels',
    make: () =>
      numbered(50_000, (i) => `<p${i}:x xmlns:p${i}="urn:${i}">`) +
      numbered(50_000, (i) => `</p${49_999 - i}:x>`),
  },
  { name: 'unknown elements nested 2,800,000 deep (20 MB)', make: () => nest('<x>', '</x>', 2_800_000) },
];

function feedAround(inner: string): string {
  // Flattened now, so that no contender pays for flattening V8's concatenated strings.
  const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>${inner}</item><item><title>b</title></item></channel></rss>`;
  return Buffer.from(text).toString();
}

function createPeers(): Peer[] {
  const fastXmlParser = new XMLParser({ ignoreAttributes: false });
  return [
    {
      name: 'newsmill',
      parse: async (text) =>
        parseFeed(text, { url: 'https://example.cn/feed', timezone: 'UTC' }).items.length,
    },
    {
      name: 'feedsmith 3.0',
      parse: async (text) => {
        const { feed } = parseWithFeedsmith(text);
        return ('items' in feed ? feed.items?.length : undefined) ?? 0;
      },
    },
    { name: '@rowanmanning/feed-parser 2.1', parse: async (text) => parseWithFeedParser(text).items.length },
    // A new instance each time: after one error, a reused rss-parser spins forever on the next document.
    {
      name: 'rss-parser 3.13',
      parse: async (text) => (await new RssParser().parseString(text)).items.length,
    },
    {
      name: 'fast-xml-parser 5.12 (no feed model)',
      parse: async (text) => {
        fastXmlParser.parse(text);
        return null;
      },
    },
  ];
}

interface Outcome {
  ms: number;
  /** `2 items`, `parsed` or the error that refused the document. */
  result: string;
  parsed: boolean;
}

async function runOnce(peer: Peer, text: string): Promise<Outcome> {
  const start = process.hrtime.bigint();
  let result: string;
  let parsed = true;
  try {
    const items = await peer.parse(text);
    result = items === null ? 'parsed' : `${items} items`;
  } catch (error) {
    parsed = false;
    result = `refused: ${(error as Error).message.split('\n')[0]}`;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result, parsed };
}

/** Each shape through each parser, the parsers alternating: the median of `rounds` runs. */
export async function benchAdversarialShapes(rounds: number): Promise<void> {
  const peers = createPeers();
  console.log(
    `\nparse, adversarial shapes${conditionsNote()} (two items around each; median time of ${rounds} alternating rounds, items found, time ÷ newsmill)`,
  );
  console.log(`\n| shape | MB | ${peers.map((peer) => peer.name).join(' | ')} |`);
  console.log(`| --- | ---: | ${peers.map(() => '---').join(' | ')} |`);
  for (const shape of SHAPES) {
    const text = feedAround(shape.make());
    const megabytes = Buffer.byteLength(text) / 1024 / 1024;
    const outcomes = await alternate(
      peers.map((peer) => ({ name: peer.name, run: () => runOnce(peer, text) })),
      rounds,
    );
    const cells: string[] = [];
    let newsmillMs = 0;
    outcomes.forEach((runs, index) => {
      const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)] as Outcome;
      if (index === 0) newsmillMs = median.ms;
      const ratio = median.parsed && index > 0 ? `, ${(median.ms / newsmillMs).toFixed(1)}×` : '';
      cells.push(`${median.ms.toFixed(0)} ms (${median.result}${ratio})`);
    });
    console.log(`| ${shape.name} | ${megabytes.toFixed(2)} | ${cells.join(' | ')} |`);
  }
}
