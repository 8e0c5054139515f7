/**
 * Real server processes run as instances behind a load balancer: each on a
 * port from the OS, ready when GET /readyz answers 200 (a bounded wait), and
 * none left running after the test whatever happens — `killAll()` (for
 * onTestFinished/afterAll) SIGKILLs the ones still up, and so does the test
 * worker's own exit if the test never got that far.
 *
 * Each runs through e2e/support/gated-server.ts: it loads its modules, then
 * waits to be released, so instances started together really start together.
 */
import type { ChildProcess } from 'node:child_process';
import { GATE_LOADED, GATED_SERVER_ENTRY } from './gate.ts';
import { freePort, type ServerProcess, spawnServer, waitUntilAnswers } from './server.ts';

/** Several processes starting at once on 2 busy cores take a while; this bounds the wait all the same. */
export const READY_WITHIN_MS = 60_000;

export interface Instance extends Omit<ServerProcess, 'stop'> {
  port: number;
  /** Resolves once GET /readyz answers 200; rejects with the server's output if it exits first or never does. */
  ready(): Promise<void>;
  /** SIGTERM (a graceful stop), then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies wherever it is, as in a crash or an out-of-memory kill. */
  kill(): Promise<void>;
}

export interface InstancePool {
  /**
   * `count` instances at the same moment: spawned, each waited for until its modules are loaded,
   * released together (so they open and migrate the database at once), then each waited for until ready.
   */
  start(count: number): Promise<Instance[]>;
  /** One instance on `port` (a killed one's: a restart), started as above. */
  restart(port: number): Promise<Instance>;
  /** SIGKILLs every instance still running and waits until each has exited. */
  killAll(): Promise<void>;
}

/** Instances sharing `env` (DATABASE_URL, PUBLIC_URL: the load balancer's address, …) on top of demo mode. */
export function instancePool(env: Record<string, string>): InstancePool {
  const running = new Map<ChildProcess, Promise<unknown>>();
  const killRunning = () => {
    for (const child of running.keys()) child.kill('SIGKILL');
  };
  process.on('exit', killRunning);

  async function spawn(port?: number): Promise<Instance> {
    const listenOn = port ?? (await freePort());
    const url = `http://127.0.0.1:${listenOn}`;
    const server = spawnServer({ ...env, PORT: String(listenOn) }, ['scripts/run-ts.mjs', GATED_SERVER_ENTRY]);
    running.set(server.child, server.exited);
    void server.exited.then(() => running.delete(server.child));
    return {
      ...server,
      port: listenOn,
      url,
      ready: () => waitUntilAnswers(`${url}/readyz`, server, READY_WITHIN_MS),
      async stop() {
        server.child.kill('SIGTERM');
        return server.exited;
      },
      async kill() {
        server.child.kill('SIGKILL');
        await server.exited;
      },
    };
  }

  async function startTogether(instances: Instance[]): Promise<Instance[]> {
    await Promise.all(instances.map(loaded));
    for (const instance of instances) instance.child.kill('SIGUSR2');
    await Promise.all(instances.map((instance) => instance.ready()));
    return instances;
  }

  return {
    async start(count) {
      return startTogether(await Promise.all(Array.from({ length: count }, () => spawn())));
    },
    async restart(port) {
      const [instance] = await startTogether([await spawn(port)]);
      return instance!;
    },
    async killAll() {
      const exits = [...running.values()];
      killRunning();
      await Promise.all(exits);
      process.off('exit', killRunning);
    },
  };
}

/** Resolves once the gated server says its modules are loaded; rejects if it exits first or takes too long. */
async function loaded(instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (!instance.output().includes(GATE_LOADED)) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) {
      throw new Error(`the server exited before loading its modules:\n${instance.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`the server did not load within ${READY_WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
