import type { FastifyRequest } from 'fastify';
import { describe, expect, test, vi } from 'vitest';
import type { Session, SessionStore } from '../../src/auth/sessions.ts';
import { setFlash, takeFlash } from '../../src/dashboard/flash.ts';
import { TEST_USER } from '../support/users.ts';

function requestWith(session: Session | null): FastifyRequest {
  return { session } as FastifyRequest;
}

function store() {
  return { saveData: vi.fn(async () => {}) } as unknown as SessionStore & { saveData: ReturnType<typeof vi.fn> };
}

const session = (data: Record<string, unknown>): Session => ({
  token: 't',
  userId: TEST_USER.id,
  data,
  expiresAt: new Date(),
});

describe('flash messages', () => {
  test('set keeps the rest of the session data; take returns it once and removes it', async () => {
    const sessions = store();
    const request = requestWith(session({ username: 'x' }));
    await setFlash(request, sessions, { kind: 'success', text: 'Added Oslo.' });
    expect(sessions.saveData).toHaveBeenLastCalledWith('t', {
      username: 'x',
      flash: { kind: 'success', text: 'Added Oslo.' },
    });
    expect(await takeFlash(request, sessions)).toEqual({ kind: 'success', text: 'Added Oslo.' });
    expect(sessions.saveData).toHaveBeenLastCalledWith('t', { username: 'x' });
    expect(await takeFlash(request, sessions)).toBeNull();
    expect(sessions.saveData).toHaveBeenCalledTimes(2); // nothing to take: no write
  });

  test.for<[string, unknown]>([
    ['a string', 'hello'],
    ['null', null],
    ['undefined', undefined],
    ['an unknown kind', { kind: 'warning', text: 'x' }],
    ['text that is not a string', { kind: 'error', text: 1 }],
    ['a name that is not a string', { kind: 'error', text: 'x', name: 1 }],
  ])('a stored flash of the wrong shape (%s) is dropped, not shown', async ([, stored]) => {
    const sessions = store();
    expect(await takeFlash(requestWith(session({ flash: stored })), sessions)).toBeNull();
    expect(sessions.saveData).toHaveBeenCalledWith('t', {});
  });

  test('without a session there is nowhere to keep a message', async () => {
    const sessions = store();
    await setFlash(requestWith(null), sessions, { kind: 'error', text: 'x' });
    expect(await takeFlash(requestWith(null), sessions)).toBeNull();
    expect(sessions.saveData).not.toHaveBeenCalled();
  });
});
