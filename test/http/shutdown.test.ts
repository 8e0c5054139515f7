/**
 * closeGracefully (issue 7, defect 3): in-flight requests finish, and after
 * the grace period whatever is still open is cut — a client holding a
 * half-sent request can no longer hold shutdown open. A real listening server
 * and real sockets; only the grace timer is faked.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import type { SchemaCompilers } from '../../src/http/schema-compilers.ts';
import { closeGracefully, SHUTDOWN_GRACE_MS } from '../../src/http/shutdown.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';
import { eventually } from '../support/eventually.ts';
import { collectLogs } from '../support/logs.ts';
import { type RawConnection, sendRaw } from '../support/raw-connection.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('closeGracefully', () => {
  /** A listening app with GET /held, which answers when the test says so. */
  async function listening(db: Database, schemaCompilers: SchemaCompilers) {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, schemaCompilers, logStream: logs });
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    app.get('/held', async () => {
      entered();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app, port, logs, inside, release: () => release() };
  }

  /** A raw connection that has sent `text`, once the server has accepted it. */
  async function sent(app: FastifyInstance, port: number, text: string): Promise<RawConnection> {
    const accepted = new Promise((resolve) => app.server.once('connection', resolve));
    const connection = await sendRaw('127.0.0.1', port, text);
    await accepted;
    return connection;
  }

  test('a half-sent request is cut after the grace period, and the close completes', async ({
    db,
    schemaCompilers,
  }) => {
    const { app, port, logs } = await listening(db, schemaCompilers);
    const halfSent = await sent(app, port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'); // no blank line: never complete

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let closed = false;
    const closing = closeGracefully(app).then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(SHUTDOWN_GRACE_MS - 1);
    expect(closed).toBe(false); // still waiting for it, within the grace period
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    await halfSent.gone;
    expect(halfSent.received()).toBe(''); // cut, not answered
    expect(logs.text()).toContain(`shutdown: requests still open after ${SHUTDOWN_GRACE_MS} ms`);
  });

  test('a request in flight finishes and is answered; nothing is cut', async ({ db, schemaCompilers }) => {
    const { app, port, logs, inside, release } = await listening(db, schemaCompilers);
    const inFlight = await sent(app, port, 'GET /held HTTP/1.1\r\nHost: x\r\n\r\n');
    await inside;

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const closing = closeGracefully(app);
    release();
    await closing;
    await inFlight.gone;
    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"done":true\}$/);
    await vi.advanceTimersByTimeAsync(SHUTDOWN_GRACE_MS); // the grace timer went with the close
    expect(logs.text()).not.toContain('shutdown: requests still open');
  });

  test('a request that finishes once the server has stopped listening: its keep-alive connection is closed, not kept to its timeout', async ({
    db,
    schemaCompilers,
  }) => {
    const { app, port, inside, release } = await listening(db, schemaCompilers);
    const inFlight = await sent(app, port, 'GET /held HTTP/1.1\r\nHost: x\r\n\r\n');
    await inside;

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the grace period never ends here
    let closed = false;
    const closing = closeGracefully(app).then(() => {
      closed = true;
    });
    // Node closes the connections idle when closing starts; this one becomes idle only after that.
    await eventually(() => expect(app.server.listening).toBe(false));
    release();
    await eventually(() => expect(closed).toBe(true), 1000); // well within its 65 s keep-alive
    await closing;
    await inFlight.gone;
    expect(inFlight.received()).toMatch(/\r\nConnection: keep-alive\r\n[\s\S]*\{"done":true\}$/);
  });

  test('an idle keep-alive connection does not hold the close', async ({ db, schemaCompilers }) => {
    const { app, port } = await listening(db, schemaCompilers);
    const keepAlive = await sent(app, port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await vi.waitFor(() => expect(keepAlive.received()).toContain('{"status":"ok"}')); // answered, left open

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await closeGracefully(app);
    await keepAlive.gone;
  });
});
