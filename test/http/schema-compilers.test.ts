/**
 * The schema compilers apps share (src/http/schema-compilers.ts): a schema is compiled once, whichever app asks and
 * however fresh its copy, and each part keeps its own compiled function (a body is validated without coercion).
 */
import { createSchemaCompilers } from '../../src/http/schema-compilers.ts';
import { describe, expect, test } from '../fixtures.ts';

/** A fresh copy each call, as Fastify hands every app its own copy of a route's schema. */
const countSchema = () => ({ type: 'object', properties: { n: { type: 'integer' } } });

describe('createSchemaCompilers', () => {
  test('a validator is compiled once per schema and part, for every app that asks', () => {
    const compilers = createSchemaCompilers();
    const forApp = () => compilers.buildValidator?.({}, { customOptions: {}, plugins: [] } as never);
    const validator = (part: string) =>
      forApp()?.({ schema: countSchema(), httpPart: part, method: 'GET', url: '/' }) as (data: unknown) => boolean;

    const query = validator('querystring');
    expect(validator('querystring')).toBe(query); // another app, another copy: the same function
    const body = validator('body');
    expect(body).not.toBe(query);
    expect(query({ n: '7' })).toBe(true); // text on the wire becomes a number
    expect(body({ n: '7' })).toBe(false); // JSON has types: "7" is not an integer
  });

  test('a serializer is compiled once per schema, status and content type', () => {
    const compilers = createSchemaCompilers();
    const serializer = (status: string, contentType = 'application/json') =>
      compilers.buildSerializer?.(
        {},
        {},
      )({
        schema: countSchema(),
        httpStatus: status,
        contentType,
        method: 'GET',
        url: '/',
      } as never) as (data: unknown) => string;

    const ok = serializer('200');
    expect(serializer('200')).toBe(ok);
    expect(serializer('201')).not.toBe(ok);
    expect(serializer('200', 'application/problem+json')).not.toBe(ok);
    expect(ok({ n: 7, secret: 'x' })).toBe('{"n":7}'); // only what the schema names
  });
});
