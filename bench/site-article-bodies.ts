/**
 * Article bodies for the site bench in the style newsmill meets in practice (SITE_BENCH_BODIES=
 * articles): the demo feeds' real article HTML (ZAKER, 36kr, 掘金, 开源中国, cnBeta, Dockone), run
 * together with image boxes as the ancestor's ZAKER posts carry them (a lazy `data-original` image
 * with its size, a caption, empty paragraphs), 2–6 KB each. The synthetic bodies (plain paragraphs
 * of news sentences) stay the default.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { decodeFeedBytes } from '../src/fetch/charset.js';
import { parseFeed } from '../src/parse/parse-feed.js';

/** The bodies of every item of the demo feeds, in a fixed order. */
export function demoArticleBodies(repo: string): string[] {
  const dir = path.join(repo, 'examples/demo/feeds');
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const type = name.endsWith('.json') ? 'application/feed+json' : 'application/xml';
      const { text } = decodeFeedBytes(readFileSync(path.join(dir, name)), type);
      const feed = parseFeed(text, { url: `https://demo.example.cn/${name}`, timezone: 'Asia/Shanghai' });
      return feed.items.flatMap((item) => {
        const body = item.content ?? item.summary;
        return body ? [body] : [];
      });
    });
}

/** An image box as ZAKER's article pages have it, the way the ancestor's posts kept it. */
function imageBox(n: number, index: number, caption: string): string {
  const url = `http://zkres${n % 3}.myzaker.com/2021${String((n % 12) + 1).padStart(2, '0')}/${n.toString(16)}${index}_1024.jpg`;
  return (
    `<p></p><div class="img_box" id="id_imagebox_${index}" onclick><div class="content_img_div perview_img_div">` +
    `<img class="lazy opacity_0 " id="img_${index}" data-original="${url}" data-height="${2000 + (n % 900)}" data-width="${3000 + (n % 2000)}"></div></div>` +
    `△ ${caption}<p></p>`
  );
}

/**
 * The body of article `n`: demo articles one after another from a place that depends on `n`, an
 * image box after every second one, until 2–6 KB (`next` picks the size), with the article's
 * number in its first paragraph so that no two bodies are the same.
 */
export function articleBody(n: number, next: () => number, bodies: readonly string[]): string {
  const target = 2048 + Math.floor(next() * 4096);
  const parts = [`<p>第 ${n} 期：${n % 7 === 0 ? '<strong>独家</strong>' : '本台消息'}。</p>`];
  let size = Buffer.byteLength(parts[0] as string);
  for (let index = 0; size < target; index++) {
    const body = bodies[(n * 7 + index) % bodies.length] as string;
    const piece = index % 2 === 1 ? `${body}${imageBox(n, index, `图为第 ${n} 期配图 ${index}。`)}` : body;
    if (size >= 2048 && size + Buffer.byteLength(piece) > 6144) break;
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  return parts.join('');
}
