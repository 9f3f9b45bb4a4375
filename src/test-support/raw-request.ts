import { request as httpRequest } from 'node:http';

/** What a raw request got back; `complete` is false when the connection closed before the body ended. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  complete: boolean;
}

/**
 * Sends a GET (or HEAD) with the request target exactly as written: unlike `fetch`, nothing normalizes
 * `%2e%2e`, dot segments or backslashes first, so traversal tests reach the server as an attacker sends
 * them. Rejects when no answer arrives within `timeoutMs`, so a server that hangs fails the test.
 */
export function rawRequest(
  baseUrl: string,
  target: string,
  options: { method?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: hostname, port, path: target, method: options.method ?? 'GET', agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        const done = (): void =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            complete: response.complete,
          });
        response.on('end', done);
        response.on('error', done);
        response.on('aborted', done);
      },
    );
    request.setTimeout(options.timeoutMs ?? 3000, () =>
      request.destroy(new Error(`no answer to ${target} within ${options.timeoutMs ?? 3000} ms`)),
    );
    request.on('error', reject);
    request.end();
  });
}
