/**
 * The real server, as a child process: `node scripts/run-ts.mjs src/server.ts` in demo mode (no
 * keys) on a free port, with its own temporary database. Its output is kept
 * so a failing test can show it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The key every e2e server signs cookies with: a test that injects a session signs its cookie with it too. */
export const E2E_SECRET_KEY = 'e2e-secret-key-not-for-production-0123456789';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** What it printed on stderr alone. */
  errors(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code; removes the temporary database. */
  stop(): Promise<number | null>;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Spawns the server with `env` on top of a demo-mode environment. Blank keys
 * are set on purpose: a developer's .env must not take the suite out of demo mode
 * (real variables, blank or not, win over .env).
 *
 * `node scripts/run-ts.mjs` (what `npm start` runs), not the `tsx` command: that runs the server in a
 * child process of its own, which a SIGKILL sent to it would leave running (and listening). This way
 * `child` is the server, whatever signal it gets, on Node 20 (tsx's loader) and 22.18+ (no loader).
 */
/** What `npm start` runs, after `node`. */
const NPM_START = ['scripts/run-ts.mjs', 'src/server.ts'];

export function spawnServer(env: Record<string, string>, args = NPM_START): Omit<ServerProcess, 'url' | 'stop'> {
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      WEATHER_API_KEY: '',
      GITHUB_CLIENT_ID: '',
      GITHUB_CLIENT_SECRET: '',
      SECRET_KEY: E2E_SECRET_KEY,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, errors: () => errors, exited };
}

/**
 * Starts the server on a free port with a fresh database and waits until /healthz answers.
 * `url` is where it listens (127.0.0.1); PUBLIC_URL is the same unless `publicHost` names
 * another host for that port (e.g. `localhost`, as `npm start`'s default).
 */
export async function startServer(
  env: Record<string, string> = {},
  { publicHost = '127.0.0.1', args }: { publicHost?: string; args?: string[] } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'skydeck-e2e-'));
  const server = spawnServer(
    {
      PORT: String(port),
      PUBLIC_URL: `http://${publicHost}:${port}`,
      DATABASE_URL: `file:${join(dataDir, 'skydeck.db')}`,
      ...env,
    },
    args,
  );
  const stop = async () => {
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
    const code = await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitUntilAnswers(`${url}/healthz`, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...server, url, stop };
}

/**
 * Polls `probeUrl` (/healthz, or /readyz for "ready for traffic") until it answers 200, for at
 * most `timeoutMs`; fails at once, with what the server printed, if the server exits first.
 */
export async function waitUntilAnswers(
  probeUrl: string,
  server: Pick<ServerProcess, 'child' | 'output'>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      const how = server.child.signalCode ?? server.child.exitCode;
      throw new Error(`the server exited (${how}) before ${probeUrl} answered:\n${server.output()}`);
    }
    try {
      const response = await fetch(probeUrl, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${probeUrl} did not answer 200 within ${timeoutMs} ms:\n${server.output()}`);
}
