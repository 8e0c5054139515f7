import type { FastifyRequest } from 'fastify';
import { describe, expect, test } from 'vitest';
import { signedInUser } from '../../src/auth/require-user.ts';
import type { User } from '../../src/auth/users.ts';
import { TEST_USER } from '../support/users.ts';

describe('signedInUser', () => {
  test('is the user requireUser let through', () => {
    const user = { ...TEST_USER } as User;
    expect(signedInUser({ user } as FastifyRequest)).toBe(user);
  });

  test('throws on a route that forgot requireUser, rather than act for nobody', () => {
    expect(() => signedInUser({ user: null } as FastifyRequest)).toThrow(/requireUser must run/);
  });
});
