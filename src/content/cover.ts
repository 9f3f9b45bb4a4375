import { Parser } from 'htmlparser2';

/** Finds the first image the cleaned article shows (its final, possibly proxied `src`), or null. */
export function firstImageUrl(html: string): string | null {
  let found: string | null = null;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (found !== null || name !== 'img') return;
      const src = attribs.src;
      // Inline data: images make a useless cover and bloat the front matter.
      if (src && /^https?:\/\//i.test(src)) {
        found = src;
        parser.pause();
      }
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

/**
 * Fills the fallback cover template; `{n}` becomes a number in 0–10000 derived from the item's
 * digest so that the same item keeps the same picture on every run.
 */
export function fallbackCoverUrl(template: string, digest: string): string {
  const n = Number.parseInt(digest.slice(0, 8), 16) % 10001;
  return template.replaceAll('{n}', String(n));
}
