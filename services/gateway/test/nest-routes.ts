import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { z } from 'zod';
import { ZodPipe } from '../src/http/zod-query.pipe';

/** A route as Nest registers it, with the zod schemas its pipes validate the request with. */
export interface NestRoute {
  /** Lower case, as in OpenAPI: `get`. */
  method: string;
  /** OpenAPI form: `/api/v1/upgrades/{id}`. */
  path: string;
  handler: string;
  /** The query's ZodPipe schema, when the route validates it. */
  query?: z.ZodType;
  /** Each `@Param(name)`: its ZodPipe schema, or null when it is taken unvalidated. */
  params: Record<string, z.ZodType | null>;
  body?: z.ZodType | null;
  /** A query or body taken without a ZodPipe: a route the document cannot be checked against. */
  unvalidated: string[];
}

type ModuleRef = Type | DynamicModule;
interface RouteArgument {
  index: number;
  data?: string;
  pipes: unknown[];
}

const isDynamic = (module: ModuleRef): module is DynamicModule => typeof module === 'object' && 'module' in module;

/** Every controller of a module and of what it imports, as Nest would register them, depth first and once each. */
function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<ModuleRef>();
  const controllers: Type[] = [];
  const visit = (module: ModuleRef) => {
    if (seen.has(module)) return;
    seen.add(module);
    const type = isDynamic(module) ? module.module : module;
    const meta = (key: string) => (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
    const imports = [...meta(MODULE_METADATA.IMPORTS), ...(isDynamic(module) ? (module.imports ?? []) : [])];
    for (const imported of imports) if (imported && (typeof imported === 'function' || isDynamic(imported as ModuleRef))) visit(imported as ModuleRef);
    controllers.push(...(meta(MODULE_METADATA.CONTROLLERS) as Type[]), ...(isDynamic(module) ? ((module.controllers ?? []) as Type[]) : []));
  };
  visit(root);
  return [...new Set(controllers)];
}

const zodOf = (argument: RouteArgument): z.ZodType | null => {
  const pipe = argument.pipes.find((candidate): candidate is ZodPipe<z.ZodType> => candidate instanceof ZodPipe);
  return pipe?.schema ?? null;
};

const joinPath = (...parts: string[]) => `/${parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '').join('/')}`.replace(/:(\w+)/g, '{$1}');

/**
 * The routes of every controller a module registers (its imports' too), read from the decorators Nest routes by:
 * method, path and the ZodPipes of `@Query`, `@Param` and `@Body`.
 *
 * @example nestRoutes(AppModule.register(config, logger)).find((route) => route.path === '/api/v1/upgrades')?.query
 */
export function nestRoutes(root: ModuleRef): NestRoute[] {
  return controllersOf(root).flatMap((controller) => {
    const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    const prototype = controller.prototype as Record<string, object>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(PATH_METADATA, prototype[name]!))
      .flatMap((handler) => {
        const subs = [Reflect.getMetadata(PATH_METADATA, prototype[handler]!) as string | string[]].flat();
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, prototype[handler]!) as RequestMethod]!.toLowerCase();
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) as Record<string, RouteArgument> | undefined) ?? {};
        const route: Omit<NestRoute, 'path'> = { method, handler: `${controller.name}.${handler}`, params: {}, unvalidated: [] };
        for (const [key, argument] of Object.entries(args)) {
          const type = Number(key.split(':')[0]);
          if (type === RouteParamtypes.QUERY) {
            const schema = zodOf(argument);
            if (schema && argument.data === undefined) route.query = schema;
            else route.unvalidated.push(`query ${argument.data ?? '(all)'}`);
          } else if (type === RouteParamtypes.PARAM) {
            if (argument.data === undefined) route.unvalidated.push('params (all)');
            else route.params[argument.data] = zodOf(argument);
          } else if (type === RouteParamtypes.BODY) {
            route.body = zodOf(argument);
            if (!route.body || argument.data !== undefined) route.unvalidated.push(`body ${argument.data ?? '(all)'}`);
          }
        }
        return bases.flatMap((base) => subs.map((sub) => ({ ...route, path: joinPath(base, sub) })));
      });
  });
}
