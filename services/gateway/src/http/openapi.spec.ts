import { JsonLogger } from '@pum/platform';
import { z } from 'zod';
import { AppModule } from '../app.module';
import { loadGatewayConfig } from '../config';
import { PROTOCOL_EVENT_KINDS, PROTOCOL_EVENT_STANDARDS } from '../events/event-catalogue';
import { documentedOperations, openApiDocument, resolveRef, responseSchema, type JsonSchema, type Parameter } from '../../test/openapi-document';
import { nestRoutes, type NestRoute } from '../../test/nest-routes';

/** The routes of the app as Nest registers them (controllers of every module it imports), with their ZodPipes. */
const routes = nestRoutes(AppModule.register(loadGatewayConfig({}), new JsonLogger('gateway', 'silent')));
const operations = documentedOperations();
const operationOf = (route: NestRoute) => operations.find((candidate) => candidate.method === route.method && candidate.path === route.path);
const key = (entry: { method: string; path: string }) => `${entry.method.toUpperCase()} ${entry.path}`;

/** The JSON Schema of what a client sends: zod's input side (defaults and optional fields not required). */
const inputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

const FACETS = ['type', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default', 'additionalProperties'] as const;

/**
 * The facets of a schema the two sides must agree on, written one way: `$ref`s resolved (with their siblings), `exclusiveMinimum: 0` of an
 * integer as `minimum: 1` (zod's `.positive()`), zod's implied safe-integer bounds and the regex zod adds beside a
 * `format` dropped, enums sorted. Descriptions, examples and styles are the document's own.
 */
function facets(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const { $ref, ...siblings } = schema as JsonSchema;
  // OpenAPI 3.1 lets keywords stand beside a $ref (`{ $ref: Tier, default: free }`): they apply too.
  const source: JsonSchema = $ref === undefined ? siblings : { ...resolveRef<JsonSchema>(String($ref)), ...siblings };
  const out: Record<string, unknown> = {};
  for (const facet of FACETS) if (source[facet] !== undefined) out[facet] = source[facet];
  if (source.const !== undefined) out.enum = [source.const];
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[])].sort();
  if (out.type === 'integer' && typeof source.exclusiveMinimum === 'number') out.minimum = source.exclusiveMinimum + 1;
  else if (source.exclusiveMinimum !== undefined) out.exclusiveMinimum = source.exclusiveMinimum;
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (out.format !== undefined) delete out.pattern;
  if (typeof out.additionalProperties === 'object') out.additionalProperties = facets(out.additionalProperties);
  if (source.items !== undefined) out.items = facets(source.items);
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(source[combinator])) out[combinator] = (source[combinator] as unknown[]).map(facets);
  if (source.properties !== undefined) {
    out.properties = Object.fromEntries(Object.entries(source.properties as Record<string, unknown>).map(([name, property]) => [name, facets(property)]));
    out.required = [...((source.required as string[] | undefined) ?? [])].sort();
  }
  return out;
}

/** Each parameter of one location as `name → { required, schema facets }`. */
const documented = (parameters: Parameter[], location: Parameter['in']) =>
  Object.fromEntries(parameters.filter((parameter) => parameter.in === location).map((parameter) => [parameter.name, { required: parameter.required === true, schema: facets(parameter.schema) }]));

function acceptedQuery(route: NestRoute) {
  if (!route.query) return {};
  const schema = inputSchema(route.query);
  const required = (schema.required as string[] | undefined) ?? [];
  return Object.fromEntries(Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(([name, property]) => [name, { required: required.includes(name), schema: facets(property) }]));
}

const acceptedPath = (route: NestRoute) =>
  Object.fromEntries(Object.entries(route.params).map(([name, schema]) => [name, { required: true, schema: schema && facets(inputSchema(schema)) }]));

describe('openapi.yaml against the routes and their zod schemas', () => {
  it('documents every route the app registers, under its method, and no route it does not serve', () => {
    const served = routes.map(key);
    const documentedRoutes = operations.map(key);

    expect(served.filter((route) => !documentedRoutes.includes(route))).toEqual([]);
    expect(documentedRoutes.filter((operation) => !served.includes(operation))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it('finds a ZodPipe on every query, path parameter and body a route takes', () => {
    const unvalidated = routes.flatMap((route) => [...route.unvalidated, ...Object.entries(route.params).filter(([, schema]) => schema === null).map(([name]) => `param ${name}`)].map((what) => `${key(route)}: ${what}`));

    expect(unvalidated).toEqual([]);
  });

  describe.each(routes.map((route) => [key(route), route] as const))('%s', (_name, route) => {
    const operation = operationOf(route);

    it('documents exactly the query parameters the handler accepts, with their types, enums, bounds and defaults', () => {
      expect(documented(operation?.parameters ?? [], 'query')).toEqual(acceptedQuery(route));
    });

    it('documents exactly the path parameters the handler validates, as its schemas say', () => {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

      expect(Object.keys(route.params).sort()).toEqual(names.sort());
      expect(documented(operation?.parameters ?? [], 'path')).toEqual(acceptedPath(route));
    });

    it('documents no header or cookie parameter (credentials are security schemes)', () => {
      expect((operation?.parameters ?? []).filter((parameter) => parameter.in !== 'query' && parameter.in !== 'path')).toEqual([]);
    });

    it('documents the JSON body the handler validates, and none where it takes none', () => {
      const body = operation?.body;
      if (!route.body) {
        expect(body).toBeUndefined();
        return;
      }
      expect({ required: body?.required === true, schema: facets(body?.content['application/json']?.schema) }).toEqual({
        required: !route.body.safeParse(undefined).success,
        schema: facets(inputSchema(route.body)),
      });
    });

    if (route.query || route.body || Object.keys(route.params).length > 0) {
      it('documents the 400 of its validation', () => {
        expect(Object.keys(operation?.operation.responses ?? {})).toContain('400');
      });
    }
  });

  it('names every operation with a unique operationId', () => {
    const ids = operations.map(({ operation }) => operation.operationId);

    expect(operations.filter(({ operation }) => !operation.operationId).map(key)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents a 413 on every operation that takes a body', () => {
    expect(operations.filter(({ body, operation }) => body && !operation.responses['413']).map(key)).toEqual([]);
  });

  it('gives answer schemas that refuse what the document does not allow (the int-spec checks real answers with them)', () => {
    const error = responseSchema('get', '/api/v1/upgrades/{id}', 404);

    expect(error?.safeParse({ statusCode: 404, error: 'Not Found', message: 'no such upgrade' }).success).toBe(true);
    expect(error?.safeParse({ statusCode: '404', message: 'no such upgrade' }).success).toBe(false);
    expect(responseSchema('get', '/api/v1/upgrades/{id}', 200)?.safeParse({ id: '1:0x:0' }).success).toBe(false);
    expect(responseSchema('get', '/metrics', 200)).toBeNull();
  });

  it('lists every protocol event kind and standard the contract has', () => {
    expect(openApiDocument.components.schemas.ProtocolEventKind?.enum).toEqual([...PROTOCOL_EVENT_KINDS]);
    expect((openApiDocument.components.schemas.ProtocolEventStandard?.enum as string[]).sort()).toEqual([...PROTOCOL_EVENT_STANDARDS].sort());
  });

  it('tells a mismatch apart: a bound the document and the schema disagree on fails the comparison', () => {
    const schema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
    const route: NestRoute = { method: 'get', path: '/x', handler: 'X.x', query: schema, params: {}, unvalidated: [] };
    const parameter: Parameter = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } };

    expect(documented([parameter], 'query')).not.toEqual(acceptedQuery(route));
    expect(documented([{ ...parameter, schema: { ...parameter.schema, maximum: 500 } }], 'query')).toEqual(acceptedQuery(route));
  });
});
