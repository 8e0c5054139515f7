/**
 * How long and how much a client may take. Fastify's defaults wait forever for
 * a request that never finishes arriving (requestTimeout 0), which also held
 * shutdown open for good; these bound every connection by constants.
 */
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/** A request must arrive whole (headers and body) within this, else 408 and the connection is closed. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Its headers, within this (a connection that sends nothing at all is closed then too). */
export const HEADERS_TIMEOUT_MS = 10_000;
/**
 * An idle keep-alive connection is closed after this. Longer than the 60 s idle timeout of common load
 * balancers and proxies, so they close first: a proxy reusing a connection Skydeck is closing answers 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Skydeck's bodies are a city name or a form of one: 64 kB is generous. Beyond it: 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** How often Node checks the two timeouts above; its default (30 s) would let a request take up to a minute. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export function serverLimits() {
  return {
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    bodyLimit: BODY_LIMIT_BYTES,
    // Node's own options, for what Fastify does not pass on.
    http: {
      headersTimeout: HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
  } satisfies FastifyHttpOptions<Server>;
}
