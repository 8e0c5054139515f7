/**
 * Reads the session cookie on every request and sets `request.session` and
 * `request.user` (null when signed out). A missing, tampered, unknown or
 * expired cookie is simply anonymous: never an error.
 */
import type {} from '@fastify/cookie'; // its request.cookies / reply.setCookie types
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Session, SessionData, SessionStore } from './sessions.js';
import { SESSION_TTL_MS } from './sessions.js';
import type { User, UserRepository } from './users.js';

export const SESSION_COOKIE = 'skydeck_session';
/** randomToken()'s shape: anything else cannot be a session and costs no query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    user: User | null;
  }
}

export interface SessionPluginOptions {
  sessions: SessionStore;
  users: UserRepository;
  /** Secure cookies: on when PUBLIC_URL is https. */
  secure: boolean;
}

export const sessionPlugin = fp<SessionPluginOptions>(
  async (app, { sessions, users, secure }) => {
    app.decorateRequest('session', null);
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token === undefined) return;
      const session = TOKEN_SHAPE.test(token) ? await sessions.read(token) : undefined;
      if (!session) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return;
      }
      const { renewed, ...live } = session;
      request.session = live;
      request.user = live.userId === null ? null : ((await users.findById(live.userId)) ?? null);
      // Only when the server slid the expiry does the cookie's lifetime follow: a Set-Cookie on every
      // response would also land on cacheable ones (the stylesheet), where no session token belongs.
      if (renewed) setSessionCookie(reply, live, secure);
    });
  },
  { name: 'skydeck-sessions', dependencies: ['@fastify/cookie'] },
);

function setSessionCookie(reply: FastifyReply, session: Session, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/**
 * Starts a fresh session for `userId`. Whatever session the browser had is
 * revoked first: nothing from before a sign-in survives it (no session fixation).
 */
export async function beginSession(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { sessions: SessionStore; secure: boolean; userId: number; data?: SessionData },
): Promise<Session> {
  if (request.session) await options.sessions.revoke(request.session.token);
  const session = await options.sessions.create(options.userId, options.data);
  setSessionCookie(reply, session, options.secure);
  request.session = session;
  return session;
}

/** Revokes the session on the server and clears the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: SessionStore): Promise<void> {
  if (request.session) await sessions.revoke(request.session.token);
  request.session = null;
  request.user = null;
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
