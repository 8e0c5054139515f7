/**
 * Redis for a test (under `npm run test:pg`, with the machine's Redis up):
 * a key prefix of the test's own, so tests never see each other's keys and
 * never touch anyone else's, deleted when the test ends; and a TCP proxy in
 * front of Redis that a test can cut, to play an outage without stopping the
 * machine's Redis.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';
import { type SharedRedis, sharedRedis } from '../../src/redis/connection.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Reconnection attempts in tests come at most this far apart, so a test sees the reconnection quickly. */
const TEST_RECONNECT_MS = 50;

export interface TestRedis {
  prefix: string;
  /** A connection (not started: buildApp starts it) with the test's prefix; closed when the test ends. */
  connect(url?: string): SharedRedis;
  /** A plain client on TEST_REDIS_URL, for looking at or planting keys; closed when the test ends. */
  admin: Redis;
}

/** Keys under a prefix of this test's own, deleted (and every connection closed) when it finishes. */
export function testRedis(): TestRedis {
  const prefix = `skydeck-test:${randomBytes(6).toString('hex')}:`;
  const admin = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const connections: SharedRedis[] = [];
  onTestFinished(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    const keys = await admin.keys(`${prefix}*`); // only this test's, a handful
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });
  return {
    prefix,
    admin,
    connect(url = TEST_REDIS_URL) {
      const connection = sharedRedis({ url, prefix, maxReconnectDelayMs: TEST_RECONNECT_MS });
      connections.push(connection);
      return connection;
    },
  };
}

export interface RedisProxy {
  /** redis:// URL through the proxy. */
  url: string;
  /** Cuts every connection and refuses new ones, as a Redis that went away. */
  cut(): void;
  /** Lets connections through again. */
  allow(): void;
}

/** A TCP proxy on a free local port in front of TEST_REDIS_URL's Redis; closed when the test ends. */
export async function redisProxy(): Promise<RedisProxy> {
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    allow() {
      open = true;
    },
  };
}
