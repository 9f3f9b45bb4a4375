import type { HopFetcher } from './image-fetch.js';

/** A hop fetcher on WHATWG platforms (Workers, Deno, Bun): the platform's `fetch`, redirects not followed. */
export function createFetchHopFetcher(fetchImpl: typeof fetch = fetch): HopFetcher {
  return async (url, headers, signal) => {
    // credentials: 'omit' keeps any platform cookie jar out; redirect: 'manual' lets us re-check each hop.
    const response = await fetchImpl(url.href, { headers, signal, redirect: 'manual', credentials: 'omit' });
    // getReader() rather than `for await`: not every runtime makes ReadableStream async-iterable. The
    // reader is taken here so cancel() goes through it: a locked stream refuses stream.cancel(), which
    // left a dripping upstream connected after the proxy had given up on it.
    const reader = response.body?.getReader();
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: reader ? readStream(reader) : emptyBody(),
      cancel() {
        reader?.cancel().catch(() => undefined);
      },
    };
  };
}

async function* readStream(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
