/** Where the longest run of `text` from `start` (before `stop`) that fits in `maxBytes` of UTF-8 ends. */
export interface Utf8Prefix {
  /** The UTF-16 index the run ends at; never between the two halves of a surrogate pair. */
  end: number;
  /** The run's length in UTF-8 bytes. */
  bytes: number;
}

/**
 * Measures the longest prefix of `text.slice(start, stop)` within `maxBytes` of UTF-8, counting as it
 * goes instead of encoding: HTML cut to a limit can be megabytes long, and only its start is kept.
 * A lone surrogate counts 3 bytes, as the encoder writes it (U+FFFD).
 */
export function utf8Prefix(text: string, start: number, stop: number, maxBytes: number): Utf8Prefix {
  let bytes = 0;
  let end = start;
  while (end < stop) {
    const code = text.charCodeAt(end);
    const low = end + 1 < stop ? text.charCodeAt(end + 1) : 0;
    const pair = code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return { end, bytes };
}
