import type { AlertChannelType } from '@pum/contracts';
import { z } from 'zod';
import type { GatewayConfig } from '../config';

export const TIERS = ['free', 'basic', 'pro', 'enterprise'] as const;
export const tier = z.enum(TIERS);
export type Tier = z.infer<typeof tier>;

export const ROLES = ['user', 'admin'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

/** What a tier may use; `alertRules` and `alertChannels` are enforced by the alerts API, the rest by the gateway. */
export interface TierLimits {
  /** REST requests a minute, per user (per client IP when anonymous), across replicas. */
  requestsPerMinute: number;
  /** Concurrent Socket.IO connections, per user (per client IP when anonymous), across replicas. */
  socketConnections: number;
  alertRules: number;
  /** The channel types its alert rules may deliver to. */
  alertChannels: AlertChannelType[];
}

export type TierTable = Record<Tier, TierLimits>;

/**
 * Every tier's limits from the gateway's config (`GATEWAY_TIER_<TIER>_*`).
 *
 * @example tierTable(config).pro.requestsPerMinute // 1200 by default
 */
export function tierTable(config: GatewayConfig): TierTable {
  return {
    free: {
      requestsPerMinute: config.GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE,
      socketConnections: config.GATEWAY_TIER_FREE_SOCKET_CONNECTIONS,
      alertRules: config.GATEWAY_TIER_FREE_ALERT_RULES,
      alertChannels: config.GATEWAY_TIER_FREE_ALERT_CHANNELS,
    },
    basic: {
      requestsPerMinute: config.GATEWAY_TIER_BASIC_REQUESTS_PER_MINUTE,
      socketConnections: config.GATEWAY_TIER_BASIC_SOCKET_CONNECTIONS,
      alertRules: config.GATEWAY_TIER_BASIC_ALERT_RULES,
      alertChannels: config.GATEWAY_TIER_BASIC_ALERT_CHANNELS,
    },
    pro: {
      requestsPerMinute: config.GATEWAY_TIER_PRO_REQUESTS_PER_MINUTE,
      socketConnections: config.GATEWAY_TIER_PRO_SOCKET_CONNECTIONS,
      alertRules: config.GATEWAY_TIER_PRO_ALERT_RULES,
      alertChannels: config.GATEWAY_TIER_PRO_ALERT_CHANNELS,
    },
    enterprise: {
      requestsPerMinute: config.GATEWAY_TIER_ENTERPRISE_REQUESTS_PER_MINUTE,
      socketConnections: config.GATEWAY_TIER_ENTERPRISE_SOCKET_CONNECTIONS,
      alertRules: config.GATEWAY_TIER_ENTERPRISE_ALERT_RULES,
      alertChannels: config.GATEWAY_TIER_ENTERPRISE_ALERT_CHANNELS,
    },
  };
}
