/**
 * What the server prints when it cannot start for a reason the person running
 * it can fix: one line saying what to change, not a stack trace.
 */
import { ConfigError } from './config.ts';

/** The one line for a failure someone can fix, or undefined for anything else (print it whole). */
export function startupFailureLine(error: unknown): string | undefined {
  if (error instanceof ConfigError) return `skydeck: configuration error: ${error.message}`;
  if (!(error instanceof Error)) return undefined;
  const { code, port, address } = error as NodeJS.ErrnoException & { port?: number; address?: string };
  switch (code) {
    case 'EADDRINUSE':
      return `skydeck: port ${port} is in use (set PORT)`;
    case 'EACCES':
      return `skydeck: not allowed to listen on port ${port} (set PORT to 1024 or above)`;
    case 'EADDRNOTAVAIL':
      return `skydeck: ${address} is not an address of this machine (set HOST)`;
    default:
      return undefined;
  }
}

/** What server.ts prints (console.error's arguments): the one line when there is one, else the error whole, stack and all. */
export function startupFailureOutput(error: unknown): unknown[] {
  const line = startupFailureLine(error);
  return line ? [line] : ['skydeck: failed to start:', error];
}
