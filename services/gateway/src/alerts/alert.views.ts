import type { AlertChannel, AlertCondition, AlertDelivery, AlertPayload } from '@pum/contracts';
import type { AlertRuleRow } from './alert-rules.repository';

/** A channel as the API shows it: never a webhook secret or a bot token; `secret` only where a creation generated it. */
export type AlertChannelView =
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'telegram'; chatId: string | number }
  | Exclude<AlertChannel, { type: 'webhook' } | { type: 'telegram' }>;

export interface AlertRuleView {
  id: string;
  ownerId: string;
  name: string;
  enabled: boolean;
  match: 'all' | 'any';
  conditions: AlertCondition[];
  channels: AlertChannelView[];
  throttle: { maxAlerts: number; windowSeconds: number } | null;
  quietPeriodSeconds: number;
  createdAt: string;
  /** The version's time: `updatedAt` of the rule on alerts.rules.v1. */
  updatedAt: string;
  /** Whether this version is on alerts.rules.v1 yet (the alerts service evaluates it from there). */
  published: boolean;
}

export interface DeletedAlertRuleView {
  id: string;
  deleted: true;
  deletedAt: string;
}

export interface AlertHistoryItem {
  /** The alerts.v1 envelope id: `<alertId>:<kind>`. */
  id: string;
  alert: AlertPayload;
  /** `GET /api/v1/alerts/{alertId}/deliveries`. */
  deliveriesUrl: string;
}

export interface AlertDeliveriesView {
  alertId: string;
  items: AlertDelivery[];
}

function redacted(channel: AlertChannel, revealSecret: boolean): AlertChannelView {
  switch (channel.type) {
    case 'webhook':
      return revealSecret ? { type: channel.type, url: channel.url, secret: channel.secret } : { type: channel.type, url: channel.url };
    case 'telegram':
      return { type: channel.type, chatId: channel.chatId };
    case 'slack':
    case 'discord':
    case 'email':
      return channel;
  }
}

/**
 * A stored rule without its secrets; `reveal` lists the channels whose generated secret the answer shows (once, at
 * creation or when a replacement generated a new one).
 *
 * @example alertRuleView(row, [0]).channels[0] // { type: 'webhook', url, secret }
 */
export function alertRuleView(row: AlertRuleRow, reveal: readonly number[] = []): AlertRuleView {
  const { rule } = row;
  return {
    id: row.ruleId,
    ownerId: row.ownerId,
    name: rule.name,
    enabled: rule.enabled,
    match: rule.match,
    conditions: rule.conditions,
    channels: rule.channels.map((channel, index) => redacted(channel, reveal.includes(index))),
    throttle: rule.throttle,
    quietPeriodSeconds: rule.quietPeriodSeconds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    published: row.publishedAt?.getTime() === row.updatedAt.getTime(),
  };
}
