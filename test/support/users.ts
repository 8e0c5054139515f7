/**
 * The user tests sign in as unless they need another (`authenticatedClient`, `savedCities`):
 * name it through this constant, never as a bare 42 or 'testuser'. No imports, so unit tests load it for free.
 */
export const TEST_USER = { id: 42, login: 'testuser' } as const;
