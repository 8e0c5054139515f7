/**
 * The OpenAPI document as the suite's oracle: a response to a documented
 * operation must have a documented status, a documented media type and, for
 * JSON, a body the documented schema accepts (Ajv, JSON Schema 2020-12 as
 * OpenAPI 3.1 uses it) with no field the document does not list. TestClient
 * checks every response it receives, so every route test checks the document
 * against the statuses it produces.
 *
 * Not checked: routes the document leaves out (pages, forms, /oauth/*,
 * /static, paths no route serves), HEAD requests, and the friendly HTML error
 * page a browser (Accept: text/html) gets instead of a JSON error — the
 * document's description says so once, for every route.
 */
import type {} from '@fastify/swagger'; // app.swagger()
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { registeredRoutes } from './routes.ts';

export interface DocumentedResponse {
  description: string;
  headers?: Record<string, { description?: string; schema: object }>;
  content?: Record<string, { schema?: object }>;
}

export interface Operation {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: object }>;
  requestBody?: unknown;
  responses: Record<string, DocumentedResponse>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, Record<string, string>> };
}

/** What the check needs of a request and its response (light-my-request's Response has it). */
export interface Exchange {
  method: string;
  url: string;
  accept?: string;
  statusCode: number;
  contentType?: string;
  body: string;
}

export function documentOf(app: FastifyInstance): OpenApiDocument {
  return app.swagger() as unknown as OpenApiDocument;
}

/** `/api/cities/{id}/history` → a RegExp for the paths it stands for. */
function pathPattern(template: string): RegExp {
  const segments = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}

export class ResponseOracle {
  readonly #paths: Array<{ template: string; pattern: RegExp; methods: Record<string, Operation> }>;
  readonly #ajv = new Ajv2020({ allErrors: true, strict: true });
  readonly #validators = new Map<object, ValidateFunction>();

  readonly document: OpenApiDocument;

  constructor(document: OpenApiDocument) {
    this.document = document;
    addFormats.default(this.#ajv);
    // Keywords an OpenAPI 3.1 Schema Object may carry besides JSON Schema's.
    this.#ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
    this.#paths = Object.entries(document.paths)
      .map(([template, methods]) => ({ template, pattern: pathPattern(template), methods }))
      // A literal path wins over a template that would also match it, as in the router.
      .sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  }

  /** The documented operation a request reaches; undefined when the document leaves it out. */
  operation(method: string, url: string): { template: string; operation: Operation } | undefined {
    const path = new URL(url, 'http://skydeck.invalid').pathname;
    const entry = this.#paths.find((candidate) => candidate.pattern.test(path));
    const operation = entry?.methods[method.toLowerCase()];
    return entry && operation ? { template: entry.template, operation } : undefined;
  }

  /** Every way the exchange differs from the document; empty when it matches (or is not documented). */
  problems(exchange: Exchange): string[] {
    if (exchange.method === 'HEAD') return [];
    const found = this.operation(exchange.method, exchange.url);
    if (!found) return [];
    const where = `${exchange.method} ${found.template} → ${exchange.statusCode}`;
    const documented = found.operation.responses[String(exchange.statusCode)];
    if (!documented) {
      return [`${where}: the document has no ${exchange.statusCode} for this operation (body: ${exchange.body})`];
    }
    if (exchange.body === '') {
      return documented.content ? [`${where}: an empty body where the document describes content`] : [];
    }
    const media = exchange.contentType?.split(';')[0]?.trim() ?? '(no content-type)';
    if (media !== 'application/json') {
      // A browser's friendly error page (src/web/negotiation.ts decides who is a browser).
      if (exchange.statusCode >= 400 && media === 'text/html' && exchange.accept?.includes('text/html')) return [];
      if (documented.content?.[media]) return [];
      return [`${where}: answered ${media}, which the document does not list for this status`];
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [`${where}: answered JSON, which the document does not describe (body: ${exchange.body})`];
    const validate = this.validator(schema);
    if (validate(JSON.parse(exchange.body))) return [];
    return (validate.errors ?? []).map(
      (error) => `${where}: ${error.instancePath || 'the body'} ${error.message} (body: ${exchange.body})`,
    );
  }

  /** Compiled once per schema. Strict: a keyword JSON Schema 2020-12 does not know fails here. */
  validator(schema: object): ValidateFunction {
    let validate = this.#validators.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(closed(schema) as object);
      this.#validators.set(schema, validate);
    }
    return validate;
  }
}

/**
 * A copy of the schema in which an object accepts only the properties it
 * lists. The document leaves objects open (clients should tolerate new
 * fields); the oracle holds the server to exactly what it documents.
 */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas: close the schemas, not the map.
    copy[key] = key === 'properties' ? mapValues(value as Record<string, unknown>, closed) : closed(value);
  }
  if (copy.type === 'object' && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function mapValues(record: Record<string, unknown>, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

// One oracle per app: the document and its compiled schemas are built once per worker's app, not per request.
const oracles = new WeakMap<FastifyInstance, ResponseOracle>();

export function oracleFor(app: FastifyInstance): ResponseOracle {
  let oracle = oracles.get(app);
  if (!oracle) {
    oracle = new ResponseOracle(documentOf(app));
    oracles.set(app, oracle);
  }
  return oracle;
}

/** Throws, naming every difference, when a response is not what the document says. */
export function assertDocumented(app: FastifyInstance, exchange: Exchange): void {
  const problems = oracleFor(app).problems(exchange);
  if (problems.length > 0) throw new Error(`response not as documented in /openapi.json:\n${problems.join('\n')}`);
}

/**
 * Routes for browsers, kept out of the document on purpose (`schema: { hide: true }`):
 * pages and their forms, the sign-in dance, files, and the docs themselves.
 * Anything else the app serves must be in the document.
 */
const BROWSER_ROUTES: ReadonlyArray<[RegExp, string]> = [
  [/^GET \/$/, 'the home page'],
  [/^GET \/login$/, 'the sign-in page'],
  [/^(GET|POST) \/logout$/, 'the sign-out form (GET explains it)'],
  [/^GET \/oauth\//, 'the OAuth redirects'],
  [/^POST \/dashboard\/cities(\/:id\/delete)?$/, "the dashboard's forms"],
  [/^POST \/units$/, 'the °C/°F toggle (a form)'],
  [/^GET \/static\//, 'stylesheet and icons'],
  [/^GET \/demo\/github\//, "demo mode's stand-in for GitHub's pages"],
  [/^GET \/docs(\/|$)/, 'Swagger UI and its files'],
  [/^GET \/openapi\.json$/, 'the document itself'],
];

/**
 * How the document falls short of the app: routes the app serves that are
 * neither documented nor browser routes, documented operations no route
 * serves, and operations that declare no responses of their own
 * (@fastify/swagger's "Default Response" stands in for a route without a
 * response schema, which Fastify would not serialise through either).
 */
export function documentationGaps(app: FastifyInstance): string[] {
  const documented = new Map<string, Operation>();
  for (const [template, methods] of Object.entries(documentOf(app).paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      documented.set(`${method.toUpperCase()} ${template}`, operation);
    }
  }
  const gaps: string[] = [];
  const served = new Set<string>();
  // HEAD routes are Fastify's automatic twins of the GET routes.
  for (const { method, url } of registeredRoutes(app).filter((route) => route.method !== 'HEAD')) {
    const route = `${method} ${url}`; // Fastify's form, /api/cities/:id
    const operation = `${method} ${url.replace(/:(\w+)/g, '{$1}')}`; // OpenAPI's, /api/cities/{id}
    served.add(operation);
    if (!documented.has(operation) && !BROWSER_ROUTES.some(([pattern]) => pattern.test(route))) {
      gaps.push(`${route}: served but not documented`);
    }
  }
  for (const [operation, { responses }] of documented) {
    if (!served.has(operation)) gaps.push(`${operation}: documented but no route serves it`);
    for (const [status, response] of Object.entries(responses)) {
      if (response.description === 'Default Response')
        gaps.push(`${operation}: declares no ${status} response of its own`);
    }
  }
  return gaps;
}
