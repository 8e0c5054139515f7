/**
 * Every route an app registers, read from its own router (Fastify's
 * printRoutes), so a test can compare them with the OpenAPI document without a
 * hand-written list. The tree printRoutes draws with `commonPrefix: false` has
 * one line per path that has routes: indentation (4 characters a level) says
 * whose child it is, and a child's text continues its parent's path.
 */
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** Fastify's form: `/api/cities/:id`. */
  url: string;
}

const LINE = /^((?:[│ ] {3})*)[├└]── (.*?) \(([A-Z, ]+)\)$/;

export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const pathAt: string[] = []; // the full path of the last line seen at each depth
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const match = LINE.exec(line);
    if (!match) throw new Error(`printRoutes line not understood: ${JSON.stringify(line)}`);
    const [, indent, segment, methods] = match as unknown as [string, string, string, string];
    const depth = indent.length / 4;
    const url = `${depth === 0 ? '' : pathAt[depth - 1]}${segment}`;
    pathAt[depth] = url;
    pathAt.length = depth + 1;
    for (const method of methods.split(', ')) routes.push({ method, url });
  }
  return routes;
}
