/**
 * One-time messages across a redirect (post → redirect → get): a form route
 * leaves a message in the session, the next page shows it once. Kept on the
 * server, so no link can make Skydeck show a message it did not write.
 */
import type { FastifyRequest } from 'fastify';
import type { SessionStore } from '../auth/sessions.ts';

export interface Flash {
  kind: 'success' | 'error';
  text: string;
  /** What the user typed, put back in the form after a refusal. */
  name?: string;
}

const KEY = 'flash';

export async function setFlash(request: FastifyRequest, sessions: SessionStore, flash: Flash): Promise<void> {
  if (!request.session) return;
  request.session.data = { ...request.session.data, [KEY]: flash };
  await sessions.saveData(request.session.token, request.session.data);
}

/** The waiting message, if any, removed from the session so it shows once. */
export async function takeFlash(request: FastifyRequest, sessions: SessionStore): Promise<Flash | null> {
  const session = request.session;
  if (!session || !(KEY in session.data)) return null;
  const { [KEY]: stored, ...rest } = session.data;
  session.data = rest;
  await sessions.saveData(session.token, rest);
  return isFlash(stored) ? stored : null;
}

// The session's data bag is JSON from the database: check the shape instead of trusting it.
function isFlash(value: unknown): value is Flash {
  if (typeof value !== 'object' || value === null) return false;
  const flash = value as Record<string, unknown>;
  return (
    (flash.kind === 'success' || flash.kind === 'error') &&
    typeof flash.text === 'string' &&
    (flash.name === undefined || typeof flash.name === 'string')
  );
}
