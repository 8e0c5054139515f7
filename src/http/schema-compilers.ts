/**
 * Compiling route schemas (a fresh Ajv with its formats, fast-json-stringify's
 * code generation) is most of the cost of building an app. One SchemaCompilers
 * shared by several apps compiles each distinct schema once. The server builds
 * one app and gains nothing; the test suite builds an app per test and shares
 * one per worker (test/fixtures.ts).
 *
 * Compiled functions are keyed by the schema's JSON (Fastify hands the compiler
 * a fresh copy of a route's schema for every app, so identity would never hit),
 * by the part of the request or the response status, and rely on every app
 * using Fastify's default Ajv and serializer options, which Skydeck's do.
 *
 * One change to those defaults: request bodies are validated without type
 * coercion. A query string or a path is text on the wire, so "7" must become 7
 * there; JSON has types, and `{"name": 5}` or `{"name": ["Dublin"]}` is a
 * client's mistake to answer with 400, not a city called "5" or "Dublin".
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

export type SchemaCompilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

type Compiled = (...args: never[]) => unknown;
type RouteSchema = { schema: object; httpPart?: string; httpStatus?: string; contentType?: string };

export function createSchemaCompilers(): SchemaCompilers {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  const validators = new Map<string, Compiled>();
  const serializers = new Map<string, Compiled>();
  return {
    buildValidator: (external: Parameters<typeof buildValidator>[0], options: Parameters<typeof buildValidator>[1]) => {
      const compile = buildValidator(external, options);
      const compileStrict = buildValidator(external, {
        ...options,
        customOptions: { ...options?.customOptions, coerceTypes: false },
      } as typeof options);
      return (route: RouteSchema) =>
        memo(validators, `${route.httpPart}:${JSON.stringify(route.schema)}`, () =>
          (route.httpPart === 'body' ? compileStrict : compile)(route as never),
        );
    },
    buildSerializer: (
      external: Parameters<typeof buildSerializer>[0],
      options: Parameters<typeof buildSerializer>[1],
    ) => {
      const compile = buildSerializer(external, options);
      return (route: RouteSchema) =>
        memo(serializers, `${route.httpStatus}:${route.contentType}:${JSON.stringify(route.schema)}`, () =>
          compile(route as never),
        );
    },
  } as unknown as SchemaCompilers;
}

function memo(cache: Map<string, Compiled>, key: string, build: () => unknown): Compiled {
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = build() as Compiled;
    cache.set(key, compiled);
  }
  return compiled;
}
