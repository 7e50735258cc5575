import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

export interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } | { $ref: string };
  responses: Record<string, { $ref: string } | { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation> & { parameters?: (Parameter | { $ref: string })[] }>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, Parameter>; responses: Record<string, unknown> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The gateway's OpenAPI document, services/gateway/openapi.yaml, parsed. */
export const openApiDocument = parse(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as OpenApiDocument;

/** What a local `$ref` (`#/components/…`) of the document points at. */
export function resolveRef<T>(ref: string, document: OpenApiDocument = openApiDocument): T {
  if (!ref.startsWith('#/')) throw new Error(`not a local $ref: ${ref}`);
  const target = ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], document);
  if (target === undefined) throw new Error(`$ref to nothing: ${ref}`);
  return target as T;
}

const deref = <T>(value: T | { $ref: string }): T => (typeof value === 'object' && value !== null && '$ref' in value ? resolveRef<T>(value.$ref) : (value as T));

/** Every operation of the document, its path-level parameters merged in and every `$ref` of a parameter resolved. */
export function documentedOperations(document: OpenApiDocument = openApiDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method]!;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => deref<Parameter>(parameter));
      const body = operation.requestBody && deref(operation.requestBody);
      return { path, method, operation, parameters, body };
    }),
  );
}

/** A schema with every `#/components/schemas/…` $ref pointed at `$defs`, the only local refs zod resolves. */
function toDefsRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toDefsRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key !== '$ref' || typeof value !== 'string') return [key, toDefsRefs(value)];
      if (!/^#\/components\/schemas\/[^/]+$/.test(value)) throw new Error(`$ref into a schema (hoist it into components.schemas): ${value}`);
      return [key, value.replace('#/components/schemas/', '#/$defs/')];
    }),
  );
}

/**
 * The JSON answer schema the document gives an operation for a status (the `default` answer when the status has
 * none), as a zod schema built by `z.fromJSONSchema` (JSON Schema 2020-12, as OpenAPI 3.1 uses); null when the
 * answer has no JSON body.
 *
 * @example responseSchema('get', '/api/v1/upgrades/{id}', 404)?.safeParse(body)
 */
export function responseSchema(method: string, path: string, status: number, document: OpenApiDocument = openApiDocument): z.ZodType | null {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no operation ${method} ${path} in the document`);
  const declared = operation.responses[String(status)] ?? operation.responses.default;
  if (!declared) throw new Error(`${method} ${path} documents no ${status} answer`);
  const schema = deref(declared).content?.['application/json']?.schema;
  if (!schema) return null;
  return z.fromJSONSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...(toDefsRefs(schema) as JsonSchema), $defs: toDefsRefs(document.components.schemas) as Record<string, JsonSchema> });
}
