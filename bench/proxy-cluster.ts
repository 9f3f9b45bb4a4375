/**
 * The proxy bench's cluster scenario (PROXY_BENCH_WORKERS=n): newsmill's own CLI, `newsmill proxy
 * --workers n`, against nginx with `worker_processes n`, the alternative issue #24 asks for when one
 * Node process cannot come near one nginx worker.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Worker processes for both servers: PROXY_BENCH_WORKERS, default 1 (one process each). */
export function benchWorkers(): number {
  const workers = Number(process.env.PROXY_BENCH_WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('PROXY_BENCH_WORKERS: a whole number ≥ 1');
  return workers;
}

/**
 * Builds the CLI and starts `newsmill proxy --workers n` on a free port in front of the upstream;
 * resolves with its base URL once every worker listens.
 */
export async function startProxyCluster(
  repo: string,
  options: { workers: number; secret: string; upstream: string; cacheDir: string },
): Promise<{ child: ChildProcess; base: string }> {
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
  const child = spawn(
    process.execPath,
    [
      path.join(repo, 'bin/newsmill.js'),
      'proxy',
      '--port',
      '0',
      '--workers',
      String(options.workers),
      '--cache-dir',
      options.cacheDir,
      '--cache-max-mb',
      String(2048 * options.workers),
      '--allow-upstream',
      options.upstream,
      '--log-level',
      'info',
    ],
    { env: { ...process.env, NEWSMILL_PROXY_SECRET: options.secret }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((entry) => entry.includes('"image proxy listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`newsmill proxy exited with ${code}:\n${text}`)));
  });
  // Only errors from here on; the pipe must not fill up and stall the workers' logging.
  child.stderr?.resume();
  return { child, base };
}
