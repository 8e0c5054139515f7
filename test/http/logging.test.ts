/**
 * The logger's own redaction (src/http/logging.ts), for whatever a future log call hands it whole:
 * headers under `req` (as a logger that keeps a request's headers would log them) or on their own.
 */
import Fastify, { type FastifyServerOptions } from 'fastify';
import { loggerOptions } from '../../src/http/logging.ts';
import { describe, expect, test } from '../fixtures.ts';
import { collectLogs } from '../support/logs.ts';

const HEADERS = { cookie: 'skydeck_session=tok_leak', authorization: 'Bearer gho_leak', 'user-agent': 'probe' };

describe('loggerOptions redacts credentials in logged headers', () => {
  test.for<[string, Record<string, unknown>, (line: Record<string, unknown>) => unknown]>([
    ['under req', { req: { headers: HEADERS } }, (line) => (line.req as { headers: unknown }).headers],
    ['on their own', { headers: HEADERS }, (line) => line.headers],
  ])(
    'headers logged %s: the cookie and Authorization read "[Redacted]", the rest as sent',
    async ([, logged, headersOf]) => {
      const logs = collectLogs();
      // Fastify's request serializer drops headers; one that keeps them is what the redaction is there for.
      const options = loggerOptions('info', logs) as Exclude<FastifyServerOptions['logger'], boolean | undefined>;
      const app = Fastify({ logger: { ...options, serializers: { req: (req) => ({ ...req }) } } });
      app.log.info(logged, 'headers');
      await app.close();
      const line = logs.lines.find((entry) => entry.msg === 'headers')!;
      expect(headersOf(line)).toEqual({ cookie: '[Redacted]', authorization: '[Redacted]', 'user-agent': 'probe' });
      expect(logs.text()).not.toContain('tok_leak');
      expect(logs.text()).not.toContain('gho_leak');
    },
  );

  test('silent is no logger at all', () => {
    expect(loggerOptions('silent')).toBe(false);
  });
});
