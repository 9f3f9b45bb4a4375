import type { HopFetcher } from './image-fetch.js';

/** A hop fetcher on WHATWG platforms (Workers, Deno, Bun): the platform's `fetch`, redirects not followed. */
export function createFetchHopFetcher(fetchImpl: typeof fetch = fetch): HopFetcher {
  return async (url, headers, signal) => {
    // credentials: 'omit' keeps any platform cookie jar out; redirect: 'manual' lets us re-check each hop.
    const response = await fetchImpl(url.href, { headers, signal, redirect: 'manual', credentials: 'omit' });
    const body = response.body;
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: body ? readStream(body) : emptyBody(),
      cancel() {
        body?.cancel().catch(() => undefined);
      },
    };
  };
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  // getReader() rather than `for await`: not every runtime makes ReadableStream async-iterable.
  const reader = stream.getReader();
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
