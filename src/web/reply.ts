/** Sending a rendered page: Fastify would serialise an Html object as JSON, so send its text. */
import type { FastifyReply } from 'fastify';
import type { Html } from './html.ts';

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}
