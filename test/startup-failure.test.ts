/** What the server prints when it cannot start: one line for a reason someone can fix (e2e/server.test.ts runs it). */
import { createServer, type Server } from 'node:net';
import { ConfigError } from '../src/config.ts';
import { startupFailureLine, startupFailureOutput } from '../src/startup-failure.ts';
import { describe, expect, test } from './fixtures.ts';

/** The error Node gives when listening fails, as the server would get it from app.listen(). */
function listenError(server: Server, port: number, host: string): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    server.once('error', resolve);
    server.listen(port, host, () => reject(new Error(`listening on ${host}:${port} worked`)));
  });
}

describe('startupFailureLine', () => {
  test('a taken port: "port N is in use (set PORT)"', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await listenError(createServer(), port, '127.0.0.1');
      expect(startupFailureLine(error)).toBe(`skydeck: port ${port} is in use (set PORT)`);
    } finally {
      holder.close();
    }
  });

  test('a HOST this machine does not have: "set HOST"', async () => {
    const error = await listenError(createServer(), 0, '192.0.2.1'); // TEST-NET-1: never a local address
    expect(startupFailureLine(error)).toBe('skydeck: 192.0.2.1 is not an address of this machine (set HOST)');
  });

  test('a port the user may not use: "set PORT"', () => {
    // Root may listen on port 80, and these tests may run as root: Node's error, as it would come.
    const error = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), {
      code: 'EACCES',
      syscall: 'listen',
      address: '0.0.0.0',
      port: 80,
    });
    expect(startupFailureLine(error)).toBe('skydeck: not allowed to listen on port 80 (set PORT to 1024 or above)');
  });

  test('a bad setting: the configuration error, on one line', () => {
    expect(startupFailureLine(new ConfigError('PORT must be a whole number, got "abc"'))).toBe(
      'skydeck: configuration error: PORT must be a whole number, got "abc"',
    );
  });

  test.for([
    new Error('migration 003 failed'),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    'a string',
    undefined,
  ])('anything else (%s) has no one-line form: it is printed whole', (error) => {
    expect(startupFailureLine(error)).toBeUndefined();
  });
});

describe('startupFailureOutput (what server.ts hands console.error)', () => {
  test('a failure someone can fix: its one line alone', () => {
    expect(startupFailureOutput(new ConfigError('PORT must be a whole number, got "abc"'))).toEqual([
      'skydeck: configuration error: PORT must be a whole number, got "abc"',
    ]);
  });

  test('anything else: a line saying it failed, then the error itself, printed whole with its stack', () => {
    const error = new Error('migration 003 failed');
    const output = startupFailureOutput(error);
    expect(output).toEqual(['skydeck: failed to start:', error]);
    expect(output[1]).toBe(error); // the error, not its message: console.error prints the stack
  });
});
