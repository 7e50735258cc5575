import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isOpenPath } from './access';
import { AdminController } from './admin.controller';
import { MeController } from './me.controller';

type Operation = { operationId?: string; security?: Record<string, string[]>[]; responses: Record<string, unknown> };
interface Document {
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

const document = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8')) as Document;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every route of the account controllers as `method path` (OpenAPI form). */
function accountRoutes(): string[] {
  return [MeController, AdminController].flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as unknown as Record<string, object>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name]!))
      .map((name) => {
        const sub = String(Reflect.getMetadata(PATH_METADATA, prototype[name]!));
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, prototype[name]!) as number]!.toLowerCase();
        return `${method} ${`/${[base, sub].filter((part) => part !== '/' && part !== '').join('/')}`.replace(/:(\w+)/g, '{$1}')}`;
      });
  });
}

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method]! })));

describe('openapi.yaml security', () => {
  it('documents every account route with an operationId and no anonymous access', () => {
    const routes = accountRoutes();

    expect(routes.length).toBe(11);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]?.[method];
      expect([route, operation?.operationId]).toEqual([route, expect.any(String)]);
      expect([route, operation?.security]).toEqual([route, [{ ApiKey: [] }, { BearerJwt: [] }]]);
    }
  });

  it('declares the X-API-Key and bearer JWT schemes and lets anonymous callers in by default', () => {
    expect(document.components.securitySchemes.ApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(document.components.securitySchemes.BearerJwt).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{}, { ApiKey: [] }, { BearerJwt: [] }]);
  });

  it('documents 401 and 429 on every guarded operation, 403 on the admin ones, and no credentials on the open paths', () => {
    const problems = operations().flatMap(({ path, method, operation }) => {
      if (isOpenPath(path)) return operation.security?.length === 0 ? [] : [`${method} ${path}: open path without security: []`];
      const expected = ['401', '429', ...(path.startsWith('/api/v1/admin') ? ['403'] : [])];
      return expected.filter((status) => !operation.responses[status]).map((status) => `${method} ${path}: no ${status}`);
    });

    expect(problems).toEqual([]);
  });
});
