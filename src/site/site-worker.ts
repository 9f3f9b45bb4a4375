import { Worker } from 'node:worker_threads';
import { InternalError } from '../core/errors.js';

/**
 * One worker thread of the site build, spoken to one request at a time in order: the worker
 * answers each message with one message, so answers are matched to requests first in, first out.
 * The content pool's workers (articles, index blocks) run on it.
 */
export class SiteWorker<Request, Answer> {
  private readonly worker: Worker;
  private readonly waiting: Array<{ resolve(answer: Answer): void; reject(error: unknown): void }> = [];
  /** Why the thread died, once it has: every request in flight and every later one fails with it. */
  failure: unknown = null;

  /** Starts the thread from `entry`; `keepsAlive: false` lets the process exit while it idles. */
  constructor(entry: URL, options: { workerData?: unknown; keepsAlive: boolean }) {
    this.worker = new Worker(entry, { workerData: options.workerData });
    if (!options.keepsAlive) this.worker.unref();
    this.worker.on('message', (answer: Answer) => this.waiting.shift()?.resolve(answer));
    this.worker.on('error', (error) => this.fail(error));
    // A thread that ends without an error (terminated, or exited) answers nothing more either:
    // what it held, and every later request, fail instead of waiting for ever.
    this.worker.on('exit', (code) =>
      this.fail(new InternalError(`a site worker thread ended (exit code ${code}) before answering`)),
    );
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }

  /** Sends `request`; resolves with the thread's answer, or rejects with the error that killed it. */
  request(request: Request): Promise<Answer> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Stops the thread. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
