// @fastify/rate-limit's two stores, which its package ships without types (it takes them by option).
declare module '@fastify/rate-limit/store/*.js' {
  import type { Redis } from 'ioredis';

  export type Counted = { current: number; ttl: number };
  export type Done = (error: Error | null, counted: Counted | null) => void;
  export interface CounterStore {
    incr(key: string, done: Done, timeWindow: number, max: number): void;
    read(key: string, done: Done, timeWindow: number, max: number): void;
    child(routeOptions: unknown): CounterStore;
  }
  const Store: {
    new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key?: string): CounterStore;
    new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number): CounterStore;
  };
  export default Store;
}
