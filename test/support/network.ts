/**
 * The test process's only way out: an msw server that answers from handlers and
 * records every request the app sends. A request with no handler is refused and
 * remembered, and `assertAllHandled` fails the test that made it — even when the
 * app caught the refusal and answered 503 as designed.
 */
import type { RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

export class UnhandledRequestError extends Error {
  override name = 'UnhandledRequestError';
}

export interface Network {
  server: SetupServer;
  /** Requests sent during the current test, in order (clones: read their bodies freely). */
  sent: Request[];
  /** "METHOD URL" of each request that no handler answered during the current test. */
  unhandled: string[];
}

export function startNetwork(defaultHandlers: RequestHandler[]): Network {
  const server = setupServer(...defaultHandlers);
  const network: Network = { server, sent: [], unhandled: [] };
  server.events.on('request:start', ({ request }) => {
    network.sent.push(request.clone());
  });
  server.listen({
    onUnhandledRequest(request, print) {
      network.unhandled.push(`${request.method} ${request.url}`);
      // print.error() throws msw's own error, which makes the fetch reject: the request never leaves.
      print.error();
    },
  });
  return network;
}

/** Forget the previous test: its handlers, its requests, its unhandled list. */
export function resetNetwork(network: Network): void {
  network.server.resetHandlers();
  network.sent.length = 0;
  network.unhandled.length = 0;
}

export function assertAllHandled(network: Network): void {
  if (network.unhandled.length === 0) return;
  throw new UnhandledRequestError(
    `the test sent ${network.unhandled.length} request(s) with no msw handler (tests never reach the network):\n  ${network.unhandled.join('\n  ')}`,
  );
}
