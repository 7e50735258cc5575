/**
 * Public API of the typed gateway client (`@pum/client`): REST typed from services/gateway/openapi.yaml
 * (`npm run -s client:generate` regenerates `src/generated/gateway-api.ts`; a spec fails when it is stale) and
 * Socket.IO typed from the contracts. Used by the scripts, the e2e tests and the dashboard.
 */
export { createGatewayClient, credentialHeaders, type GatewayConnection, type GatewayRestClient, type GatewaySchema } from './rest';
export { connectGateway, subscribe, type GatewaySocket, type HandshakeRefusal } from './socket';
export type { components, operations, paths } from './generated/gateway-api';
