import fc from 'fast-check';
import { documentedOperations, resolveRef, type JsonSchema, type Parameter } from '../../services/gateway/test/openapi-document';

/** One HTTP request of the REST fuzz: raw path (already encoded, possibly badly), method, headers and body bytes. */
export interface RestCase {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Strings a hostile caller sends where an id, a filter or a cursor belongs. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  "1' UNION SELECT null, version() --",
  '"; SELECT pg_sleep(5); --',
  '$where: 1',
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${7*7}{{7*7}}',
  '\u0000',
  '\uFFFF\uFFFE',
  '\uD800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👾',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '99999999999999999999999999999999999999',
  '-9223372036854775809',
  '0x',
  'true',
  'null',
  '[]',
  '__proto__',
  'constructor',
  ' ',
  '',
];

/** Raw (not re-encoded) fragments: bad percent-encoding, overlong UTF-8, encoded separators. */
export const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ff%fe', '%00', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%252e', '%u0041', '%%', 'a%20b%'];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant('x'.repeat(10_000)));
const hugeNumber = fc.oneof(fc.constantFrom('1e309', '-1e309', '340282366920938463463374607431768211456', '9007199254740993', '-1', '0', '1.5', '0x10', '1_000'), fc.double().map(String), fc.bigInt().map(String));

/** `encodeURIComponent` that never throws (a lone surrogate is sent as the replacement character's bytes). */
const encode = (value: string): string => encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));

/** A value that conforms to `schema` (formats and patterns included), as far as this small generator knows JSON Schema. */
export function conforming(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return conforming(resolveRef<JsonSchema>(schema.$ref), depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[key])) return fc.oneof(...(schema[key] as JsonSchema[]).map((part) => conforming(part, depth)));
  }
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as JsonSchema[]).map((part) => (typeof part.$ref === 'string' ? resolveRef<JsonSchema>(part.$ref) : part));
    return conforming({ type: 'object', properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})), required: parts.flatMap((part) => (part.required as string[] | undefined) ?? []) }, depth);
  }
  const types = ([] as unknown[]).concat(schema.type ?? 'object').filter((type): type is string => typeof type === 'string');
  if (types.length > 1) return fc.oneof(...types.map((type) => conforming({ ...schema, type }, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1_000_000, max: (schema.maximum as number | undefined) ?? 1_000_000 });
    case 'number':
      return fc.double({ min: (schema.minimum as number | undefined) ?? -1e6, max: (schema.maximum as number | undefined) ?? 1e6, noNaN: true });
    case 'string':
      return conformingString(schema);
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      if (depth > 4) return fc.constant([]);
      return fc.array(conforming((schema.items as JsonSchema | undefined) ?? {}, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? 3, 3)) });
    }
    default: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required as string[] | undefined) ?? [];
      if (depth > 4) return fc.constant({});
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, conforming(property, depth + 1)])),
        { requiredKeys: required.filter((name) => name in properties) },
      );
    }
  }
}

function conformingString(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  const maxLength = schema.maxLength as number | undefined;
  if (typeof schema.pattern === 'string') {
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    return maxLength === undefined ? matching : matching.map((value) => value.slice(0, maxLength)).filter((value) => new RegExp(schema.pattern as string).test(value));
  }
  return fc.string({ minLength: (schema.minLength as number | undefined) ?? 0, maxLength: Math.min(maxLength ?? 64, 64) });
}

/** What goes into one parameter: nothing, a conforming value, a hostile one (possibly raw), or several. */
function parameterValue(parameter: Parameter): fc.Arbitrary<string[] | undefined> {
  const one = fc.oneof(
    { weight: 4, arbitrary: conforming(parameter.schema).map((value) => [encode(Array.isArray(value) ? value.join(',') : String(value))]) },
    { weight: 3, arbitrary: hostileString.map((value) => [encode(value)]) },
    { weight: 1, arbitrary: hugeNumber.map((value) => [encode(value)]) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => [value]) },
    { weight: 1, arbitrary: fc.array(hostileString.map(encode), { minLength: 2, maxLength: 60 }) },
  );
  return parameter.in === 'path' ? one : fc.option(one, { nil: undefined, freq: 2 });
}

/** Query pairs no operation documents: prototype-pollution shapes, array syntax, junk. */
const strayQuery = fc.constantFrom('__proto__[admin]=1', 'constructor[prototype][admin]=1', 'limit[]=1&limit[]=2', 'cursor[$gt]=', '&&&', '=', 'a=%', 'limit=1&limit=2&limit=x', `junk=${'y'.repeat(5000)}`);

/** A request body: none, conforming, any JSON, wrong JSON types, broken JSON, deep nesting, or larger than the limit. */
function bodyOf(schema: JsonSchema | undefined, limitBytes: number): fc.Arbitrary<{ body?: string; contentType?: string }> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((body) => ({ body: JSON.stringify(body), contentType: 'application/json' }));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: schema ? 4 : 0, arbitrary: json(schema ? conforming(schema) : fc.constant(null)) },
    { weight: 2, arbitrary: json(fc.jsonValue({ maxDepth: 3 })) },
    { weight: 1, arbitrary: json(fc.constantFrom(null, 0, -1, 1e308, 'string', [], [[[]]], true, { __proto__: { admin: true } }, JSON.parse('{"__proto__":{"admin":true}}') as unknown)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '{"a":"\uD800"}').map((body) => ({ body, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => ({ body: `${'['.repeat(n)}${']'.repeat(n)}`, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant({ body: JSON.stringify({ pad: 'x'.repeat(limitBytes + 1) }), contentType: 'application/json' }) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/xml', 'multipart/form-data; boundary=x').map((contentType) => ({ body: 'a[b][c][d][e][f][g]=1&x=%&__proto__[y]=1', contentType })) },
  );
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'FOO'];

/** Credentials of the REST fuzz: the caller's own key, an admin's, none, or forged ones. */
export interface FuzzCredentials {
  userKey: string;
  adminKey: string;
}

function credentialHeaders(credentials: FuzzCredentials): fc.Arbitrary<Record<string, string>> {
  const unsignedJwt = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin","role":"admin"}').toString('base64url')}.`;
  return fc.constantFrom<Record<string, string>>(
    {},
    { 'x-api-key': credentials.userKey },
    { 'x-api-key': credentials.userKey },
    { 'x-api-key': credentials.adminKey },
    { authorization: `Bearer ${credentials.adminKey}` },
    { 'x-api-key': 'pum_000000000000_forged' },
    { 'x-api-key': "' OR 1=1 --" },
    { authorization: `Bearer ${unsignedJwt}` },
    { authorization: 'Bearer a.b.c' },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { authorization: `Bearer ${'x'.repeat(8000)}` },
  );
}

/** Every documented path and method as fuzz requests, plus undocumented methods on the same paths. */
export function restCases(credentials: FuzzCredentials, bodyLimitBytes: number): fc.Arbitrary<RestCase> {
  const operations = documentedOperations().map(({ path, method, parameters, body }) => {
    const schema = body?.content['application/json']?.schema;
    const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
    const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
    return fc
      .record({
        method: fc.oneof({ weight: 5, arbitrary: fc.constant(method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
        path: fc.tuple(...pathParameters.map(parameterValue)).map((values) =>
          pathParameters.reduce((result, parameter, i) => result.replace(`{${parameter.name}}`, (values[i] ?? ['x'])[0]!), path),
        ),
        query: fc.tuple(fc.tuple(...queryParameters.map(parameterValue)), fc.option(strayQuery, { nil: undefined, freq: 4 })).map(([values, stray]) =>
          [...queryParameters.flatMap((parameter, i) => (values[i] ?? []).map((value) => `${parameter.name}=${value}`)), ...(stray ? [stray] : [])].join('&'),
        ),
        body: bodyOf(schema, bodyLimitBytes),
        headers: credentialHeaders(credentials),
      })
      .map(({ method: verb, path: filled, query, body, headers }) => ({
        operation: `${method.toUpperCase()} ${path}`,
        method: verb,
        path: query ? `${filled}?${query}` : filled,
        headers: { ...headers, ...(body.contentType ? { 'content-type': body.contentType } : {}) },
        body: verb === 'GET' || verb === 'HEAD' ? undefined : body.body,
      }));
  });
  return fc.oneof(...operations);
}
