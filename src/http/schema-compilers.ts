/**
 * Compiling route schemas (a fresh Ajv with its formats, fast-json-stringify's
 * code generation) is most of the cost of building an app: ~20 ms of ~25 here.
 * One SchemaCompilers shared by several apps compiles each schema once. The
 * server builds one app and gains nothing; the test suite builds an app per
 * test and shares one per worker (test/fixtures.ts).
 *
 * Compiled functions are keyed by the schema object itself, so this relies on
 * route schemas being module-level constants — which TypeBox schemas are — and
 * on every app using Fastify's default Ajv options, which Skydeck's do.
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
  const validators = new WeakMap<object, Map<string, Compiled>>();
  const serializers = new WeakMap<object, Map<string, Compiled>>();
  return {
    buildValidator: (external: Parameters<typeof buildValidator>[0], options: Parameters<typeof buildValidator>[1]) => {
      const compile = buildValidator(external, options);
      return (route: RouteSchema) =>
        memo(validators, route.schema, route.httpPart ?? '', () => compile(route as never));
    },
    buildSerializer: (
      external: Parameters<typeof buildSerializer>[0],
      options: Parameters<typeof buildSerializer>[1],
    ) => {
      const compile = buildSerializer(external, options);
      return (route: RouteSchema) =>
        memo(serializers, route.schema, `${route.httpStatus}:${route.contentType}`, () => compile(route as never));
    },
  } as unknown as SchemaCompilers;
}

function memo(
  cache: WeakMap<object, Map<string, Compiled>>,
  schema: object,
  key: string,
  build: () => unknown,
): Compiled {
  let bySchema = cache.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    cache.set(schema, bySchema);
  }
  let compiled = bySchema.get(key);
  if (!compiled) {
    compiled = build() as Compiled;
    bySchema.set(key, compiled);
  }
  return compiled;
}
