/**
 * Closing the server on SIGTERM: stop accepting, let in-flight requests
 * finish, and after a grace period cut whatever is still open — a client
 * holding a half-sent request would otherwise hold shutdown open for good
 * (Node stops enforcing its request timeouts once the server is closing).
 */
import type { FastifyInstance } from 'fastify';

/** How long in-flight requests get to finish; well within the 10 s an orchestrator allows before SIGKILL. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** How often connections that became idle meanwhile are closed. */
const IDLE_SWEEP_MS = 100;

/** Resolves once the app is closed (its onClose hooks run) and every connection is gone. */
export async function closeGracefully(app: FastifyInstance, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  // Node closes idle keep-alive connections once, when closing starts; a connection whose request
  // finishes later would hold the server open until its keep-alive timeout, so sweep them.
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    app.log.warn(`shutdown: requests still open after ${graceMs} ms; closing their connections`);
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
