/** Drives Skydeck with autocannon from a worker thread (load-worker.mjs), within a deadline. */
import { Worker } from 'node:worker_threads';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds to run; or `amount` requests, whichever the run is given. */
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
  /** Each request asks /weather for a new city: `<prefix>0`, `<prefix>1`, … */
  distinctCityPrefix?: string;
  /** The run is abandoned (and the benchmark fails) past this. */
  deadlineMs: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  latencyP50: number;
  latencyP99: number;
  /** Responses by status code, e.g. { "200": 1000 }. */
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

export function runLoad({ deadlineMs, distinctCityPrefix, ...options }: LoadOptions): Promise<LoadResult> {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
    workerData: { options: { ...options, timeout: 30 }, distinctCityPrefix },
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load on ${options.url} did not finish within ${deadlineMs} ms`));
    }, deadlineMs);
    worker.once('message', (result: LoadResult) => {
      clearTimeout(deadline);
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
  });
}

export const perSecond = (result: LoadResult) => result.requests / result.seconds;

/** Responses that were not 200, e.g. "429×12, 503×3", or "" when there were none. */
export function otherStatuses(result: LoadResult): string {
  return Object.entries(result.statusCodes)
    .filter(([status]) => status !== '200')
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
}
