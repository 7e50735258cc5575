import { PATH_METADATA } from '@nestjs/common/constants';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { AlertsController, historyQuery, rulesQuery } from '../alerts/alerts.controller';
import { RiskAnalyticsController, riskQuery } from '../analytics/risk-analytics.controller';
import { PROTOCOL_EVENT_KINDS, PROTOCOL_EVENT_STANDARDS } from '../events/event-catalogue';
import { DashboardController, activeQuery, highRiskQuery, summaryQuery } from '../dashboard/dashboard.controller';
import { EventsController, listQuery as eventsQuery, networkListQuery } from '../events/events.controller';
import { NetworksController, listQuery as networksQuery } from '../networks/networks.controller';
import { ForecastsController, listQuery as forecastsQuery } from '../forecasts/forecasts.controller';
import { GovernanceController, listQuery as proposalsQuery } from '../governance/governance.controller';
import { LifecycleController, listQuery as lifecycleQuery } from '../lifecycle/lifecycle.controller';
import { ProtocolsController, listQuery as protocolsQuery, summaryQuery as protocolQuery } from '../protocols/protocols.controller';
import { UpgradesController, listQuery as upgradesQuery } from '../upgrades/upgrades.controller';
import { OpenApiController } from './openapi.controller';

interface Parameter {
  name?: string;
  in?: string;
  $ref?: string;
}
interface Document {
  paths: Record<string, { get?: { parameters?: Parameter[]; responses: Record<string, unknown> } }>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, { enum?: string[] }> };
}

const document = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8')) as Document;
const CONTROLLERS = [UpgradesController, EventsController, ProtocolsController, LifecycleController, GovernanceController, ForecastsController, RiskAnalyticsController, DashboardController, NetworksController, AlertsController, OpenApiController];

/** Every GET route of the controllers, in OpenAPI form (`:id` → `{id}`). */
function routes(): string[] {
  return CONTROLLERS.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as unknown as Record<string, object>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name]!))
      .map((name) => {
        const sub = String(Reflect.getMetadata(PATH_METADATA, prototype[name]!));
        return `/${[base, sub].filter((part) => part !== '/' && part !== '').join('/')}`.replace(/:(\w+)/g, '{$1}');
      });
  });
}

function queryParameters(path: string): string[] {
  return (document.paths[path]?.get?.parameters ?? [])
    .map((parameter) => (parameter.$ref ? document.components.parameters[parameter.$ref.split('/').pop() as string] : parameter))
    .filter((parameter): parameter is Parameter => parameter?.in === 'query')
    .map((parameter) => parameter.name as string)
    .sort();
}

describe('openapi.yaml', () => {
  it('documents every route the controllers serve', () => {
    const documented = Object.keys(document.paths);

    expect(routes().filter((route) => !documented.includes(route))).toEqual([]);
    expect(routes().length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['/api/v1/upgrades', upgradesQuery],
    ['/api/v1/events', eventsQuery],
    ['/api/v1/protocols', protocolsQuery],
    ['/api/v1/protocols/{protocolId}', protocolQuery],
    ['/api/v1/lifecycle', lifecycleQuery],
    ['/api/v1/proposals', proposalsQuery],
    ['/api/v1/forecasts', forecastsQuery],
    ['/api/v1/analytics/risk/{protocolId}', riskQuery],
    ['/api/v1/events/{eventId}', networkListQuery],
    ['/api/v1/upgrades/active', activeQuery],
    ['/api/v1/alerts/high-risk', highRiskQuery],
    ['/api/v1/dashboard/summary', summaryQuery],
    ['/api/v1/networks', networksQuery],
    ['/api/v1/alerts', rulesQuery],
    ['/api/v1/alerts/history', historyQuery],
  ] as [string, z.ZodObject][])('lists exactly the query parameters %s accepts', (path, schema) => {
    expect(queryParameters(path)).toEqual(Object.keys(schema.shape).sort());
  });

  it('lists every protocol event kind and standard the contract has', () => {
    expect(document.components.schemas.ProtocolEventKind?.enum).toEqual([...PROTOCOL_EVENT_KINDS]);
    expect(document.components.schemas.ProtocolEventStandard?.enum?.sort()).toEqual([...PROTOCOL_EVENT_STANDARDS].sort());
  });

  it('documents a 400 on every route that validates its input', () => {
    const validating = routes().filter((route) => route !== '/api/v1/openapi.yaml');

    expect(validating.filter((route) => !document.paths[route]?.get?.responses['400'])).toEqual([]);
  });
});
