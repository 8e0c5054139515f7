/** What gated-server.ts prints once its modules are loaded and it waits for SIGUSR2 (no imports: it loads fast). */
export const GATE_LOADED = 'gated server: modules loaded, waiting for SIGUSR2';
export const GATED_SERVER_ENTRY = 'e2e/support/gated-server.ts';
