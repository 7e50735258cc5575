import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/gateway-api';

/** How to reach the gateway, and who is asking (an API key or a JWT; neither: anonymous, the free tier). */
export interface GatewayConnection {
  /** e.g. `http://127.0.0.1:3000` — no trailing `/api/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** A JWT bearer token (HS256 or from the configured OIDC provider). */
  token?: string;
  /** Defaults to the global fetch (browsers, Node ≥ 18). */
  fetch?: typeof fetch;
}

export type GatewayRestClient = Client<paths>;
/** The OpenAPI document's schemas, by name: `GatewaySchema<'Upgrade'>`. */
export type GatewaySchema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The credential headers of a connection. */
export function credentialHeaders(connection: Pick<GatewayConnection, 'apiKey' | 'token'>): Record<string, string> {
  if (connection.token) return { authorization: `Bearer ${connection.token}` };
  if (connection.apiKey) return { 'x-api-key': connection.apiKey };
  return {};
}

/**
 * A REST client whose paths, parameters and answers are typed from the gateway's OpenAPI document.
 *
 * @example
 * const api = createGatewayClient({ baseUrl: 'http://127.0.0.1:3000', apiKey });
 * const { data, error, response } = await api.GET('/api/v1/upgrades', { params: { query: { protocolId: 'demo-dao' } } });
 */
export function createGatewayClient(connection: GatewayConnection): GatewayRestClient {
  return createClient<paths>({ baseUrl: connection.baseUrl, headers: credentialHeaders(connection), fetch: connection.fetch });
}
