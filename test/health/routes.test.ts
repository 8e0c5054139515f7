import Fastify from 'fastify';
import { buildApp } from '../../src/app.ts';
import { databaseOver } from '../../src/db/database.ts';
import { healthRoutes, READINESS_TIMEOUT_MS, type ReadinessCheck } from '../../src/health/routes.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { collectLogs } from '../support/logs.ts';

/** The health routes alone, over the checks a test chooses; what they log goes to `logs`. */
async function healthApp(checks: ReadinessCheck[], logs = collectLogs()) {
  const app = Fastify({ logger: { level: 'info', stream: logs } });
  await app.register(healthRoutes, { checks });
  return app;
}

describe('GET /healthz', () => {
  test('is 200 without touching anything', async ({ client }) => {
    const response = await client.get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  test('is 200 when the database answers', async ({ client }) => {
    const response = await client.get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  test('is 503 naming the database when it does not answer', async ({ config }) => {
    // A database whose every statement fails, as a full disk or a vanished file would make it.
    const db = databaseOver({
      prepare: () => {
        throw new Error('disk I/O error');
      },
      close: () => {},
    } as never);
    const app = await buildApp(config, { db });
    try {
      const response = await app.inject('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', failing: ['database'] });
      expect((await app.inject('/healthz')).statusCode).toBe(200); // liveness is not readiness
    } finally {
      await app.close();
    }
  });

  test('names only the parts that fail, in one warning; no fallback is claimed', async () => {
    const logs = collectLogs();
    const app = await healthApp(
      [
        { name: 'database', check: async () => 1 },
        { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
      ],
      logs,
    );
    const response = await app.inject('/readyz');
    expect(response.json()).toEqual({ status: 'unavailable', failing: ['redis'] });
    const said = logs.lines.filter((line) => line.msg !== 'incoming request' && line.msg !== 'request completed');
    expect(said).toMatchObject([{ level: 40, msg: 'not ready', failing: ['redis'] }]);
    expect(said).toHaveLength(1);
  });

  test('every part answering: ready, and nothing said about fallbacks or failures', async () => {
    const logs = collectLogs();
    const app = await healthApp([{ name: 'redis', check: async () => 'PONG', fallback: 'memory' }], logs);
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    expect(logs.lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  });

  test('a part with a fallback that does not answer leaves the instance ready, and the log says it is on the fallback', async () => {
    const logs = collectLogs();
    const app = Fastify({ logger: { level: 'info', stream: logs } });
    await app.register(healthRoutes, {
      checks: [
        { name: 'database', check: async () => 1 },
        { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED')), fallback: 'memory' },
      ],
    });
    const response = await app.inject('/readyz');
    expect([response.statusCode, response.json()]).toEqual([200, { status: 'ready' }]);
    expect(logs.lines.filter((line) => line.msg === 'ready on a fallback')).toMatchObject([
      { fallback: { redis: 'memory' } },
    ]);
  });

  test(`a part that hangs counts as failing after ${READINESS_TIMEOUT_MS} ms: the probe never hangs`, async () => {
    const app = await healthApp([{ name: 'database', check: () => new Promise(() => {}) }]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled = false;
      const pending = app.inject('/readyz').finally(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(READINESS_TIMEOUT_MS - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const response = await pending;
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', failing: ['database'] });
    } finally {
      vi.useRealTimers();
    }
  });
});
