import { z } from 'zod';
import { upgradeStage } from './lifecycle';
import { address, chainId, isoTimestamp } from './primitives';
import { riskComponentName, riskLevel } from './risk-assessment';

// Alerts (issue #12): users' rules on alerts.rules.v1 (published by the gateway, compacted, keyed by
// rule id), what the alerts service fires on alerts.v1 and every delivery attempt on
// alerts.deliveries.v1. Which conditions the service evaluates is in docs/alerts.md.

/** What a condition looks at: a protocol, a chain, a contract; every field given must match, none = any. */
export const alertScope = z
  .object({
    protocolId: z.string().min(1).optional(),
    chainId: chainId.optional(),
    contract: address.optional(),
  })
  .strict();
export type AlertScope = z.infer<typeof alertScope>;

/** Control-plane changes a rule can name (`safe_threshold_lowered` and `timelock_delay_lowered` compare with the value before). */
export const alertControlKind = z.enum([
  'admin_changed',
  'ownership_transferred',
  'role_granted',
  'paused',
  'safe_threshold_lowered',
  'timelock_delay_lowered',
]);
export type AlertControlKind = z.infer<typeof alertControlKind>;

const percent = z.number().positive().max(10_000);
const windowSeconds = z.number().int().min(60).max(90 * 86_400);

/** One typed condition; `type` discriminates. */
export const alertCondition = z.discriminatedUnion('type', [
  /** A risk assessment at or above a score or level; with `component`, that component's score at or above `minScore`. */
  z
    .object({
      type: z.literal('risk'),
      scope: alertScope.default({}),
      minScore: z.number().int().min(0).max(100).optional(),
      minLevel: riskLevel.optional(),
      component: riskComponentName.optional(),
    })
    .refine((c) => c.minScore !== undefined || c.minLevel !== undefined, { message: 'a risk condition needs minScore or minLevel' })
    .refine((c) => c.component === undefined || c.minScore !== undefined, { message: 'a component condition needs minScore' }),
  /** An upgrade reaching one of `stages`; with `etaWithinHours`, only once its ETA is at most that far away (at the stage, or later as the ETA approaches). */
  z.object({
    type: z.literal('lifecycle_stage'),
    scope: alertScope.default({}),
    stages: z.array(upgradeStage.extract(['proposed', 'queued', 'executed', 'cancelled'])).min(1),
    etaWithinHours: z.number().positive().max(24 * 365).optional(),
  }),
  /** A control-plane event of one of `kinds`. */
  z.object({ type: z.literal('control_event'), scope: alertScope.default({}), kinds: z.array(alertControlKind).min(1) }),
  /** A governance proposal created, queued, or whose pass probability crosses `probability` upwards. */
  z
    .object({
      type: z.literal('proposal'),
      scope: alertScope.default({}),
      on: z.enum(['created', 'queued', 'pass_probability_above']),
      probability: z.number().min(0).max(1).optional(),
    })
    .refine((c) => c.on !== 'pass_probability_above' || c.probability !== undefined, { message: 'pass_probability_above needs probability' }),
  /** Forecast volatility (per-period sigma of the next step of a series forecast) at or above `minVolatility`; once per crossing. */
  z.object({ type: z.literal('forecast_volatility'), scope: alertScope.default({}), minVolatility: z.number().positive() }),
  /** TVL of a series moved at least `minChangePercent` (up from the window's low or down from its high) within `windowSeconds`; once per crossing. */
  z.object({ type: z.literal('tvl_change'), scope: alertScope.default({}), windowSeconds, minChangePercent: percent }),
  /** A price moved at least `minChangePercent` (up from the window's low or down from its high) within `windowSeconds`; once per crossing. */
  z.object({ type: z.literal('price_move'), scope: alertScope.default({}), windowSeconds, minChangePercent: percent }),
  /** A network's ingestion more than `minBlocks` behind its head (`system.networks.v1` `lagBlocks`); once per crossing. */
  z.object({ type: z.literal('ingestion_lag'), chainId, minBlocks: z.number().int().positive() }),
]);
export type AlertCondition = z.infer<typeof alertCondition>;
export type AlertConditionType = AlertCondition['type'];

/** Where an alert goes. Secrets (webhook secret, bot token) travel on the topic: keep it inside the cluster. */
export const alertChannel = z.discriminatedUnion('type', [
  /** JSON POST signed `X-Signature: hex(HMAC-SHA256(secret, "<X-Timestamp>.<body>"))`. */
  z.object({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }), secret: z.string().min(16).max(256) }),
  z.object({ type: z.literal('slack'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ type: z.literal('discord'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ type: z.literal('telegram'), botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'expected a Bot API token'), chatId: z.union([z.string().min(1), z.number().int()]) }),
  z.object({ type: z.literal('email'), to: z.email() }),
]);
export type AlertChannel = z.infer<typeof alertChannel>;
export type AlertChannelType = AlertChannel['type'];

/** A live rule. `updatedAt` orders versions of one rule: an older one never replaces a newer one. */
export const alertRule = z.object({
  ruleId: z.string().min(1).max(128),
  /** The gateway account's user id. */
  ownerId: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  enabled: z.boolean(),
  /** `all`: every condition holds for the same subject; `any`: each condition fires on its own. */
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(alertCondition).min(1).max(10),
  channels: z.array(alertChannel).max(10),
  /** At most `maxAlerts` alerts per rolling `windowSeconds`; the rest are summarised in one digest at the window's end. */
  throttle: z.object({ maxAlerts: z.number().int().min(1).max(10_000), windowSeconds: z.number().int().min(1).max(7 * 86_400) }).nullable().default(null),
  /** After the rule fired for a subject, further alerts of the rule for that subject within this long are not sent. */
  quietPeriodSeconds: z.number().int().min(0).max(30 * 86_400).default(0),
  deleted: z.literal(false).optional(),
  updatedAt: isoTimestamp,
});
export type AlertRule = z.infer<typeof alertRule>;
/** A rule as a producer may write it (defaults left out). */
export type AlertRuleInput = z.input<typeof alertRule>;

/** A deleted rule (the gateway publishes this rather than a null tombstone, which every consumer dead-letters). */
export const deletedAlertRule = z.object({ ruleId: z.string().min(1).max(128), ownerId: z.string().min(1).max(128), deleted: z.literal(true), updatedAt: isoTimestamp });
export type DeletedAlertRule = z.infer<typeof deletedAlertRule>;

export const alertRulePayload = z.union([deletedAlertRule, alertRule]);
export type AlertRulePayload = z.infer<typeof alertRulePayload>;

/** What an alert is about: an upgrade's lifecycle, one protocol event, a proposal, a market series, a network. */
export const alertSubject = z.object({
  type: z.enum(['upgrade', 'event', 'proposal', 'series', 'network']),
  /** upgradeId, eventId, proposalKey, market series id (`marketSeriesId`: its ticks and its forecasts) or chain id. */
  id: z.string().min(1),
  chainId: chainId.nullable(),
  contract: address.nullable(),
  protocolId: z.string().min(1).nullable(),
});
export type AlertSubject = z.infer<typeof alertSubject>;

/** One condition that held, with what it saw. */
export const alertMatch = z.object({
  condition: z.enum(['risk', 'lifecycle_stage', 'control_event', 'proposal', 'forecast_volatility', 'tvl_change', 'price_move', 'ingestion_lag']),
  /** Index of the condition in the rule. */
  index: z.number().int().nonnegative(),
  /** The condition state the alert is for, e.g. `stage=queued`, `risk>=70`, `kind=paused`. */
  state: z.string().min(1),
  /** One readable sentence. */
  detail: z.string().min(1),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AlertMatch = z.infer<typeof alertMatch>;

const alertBase = z.object({
  /** Deterministic: a hash of rule id, subject and condition state (`alertId`), so replicas and replays fire once. */
  alertId: z.string().regex(/^[0-9a-f]{32}$/),
  ruleId: z.string().min(1),
  ownerId: z.string().min(1),
  ruleName: z.string().min(1),
  /** One line: what happened. */
  title: z.string().min(1),
  /** When the triggering message's fact happened (its `occurredAt`). */
  firedAt: isoTimestamp,
});

export const alertPayload = z.discriminatedUnion('kind', [
  alertBase.extend({
    kind: z.literal('fired'),
    subject: alertSubject,
    matched: z.array(alertMatch).min(1),
    risk: z.object({ score: z.number().int().min(0).max(100), level: riskLevel }).nullable(),
    eta: isoTimestamp.nullable(),
    /** Path on the gateway API, e.g. `/upgrades/{eventId}` or `/lifecycle/{upgradeId}`; deliveries prefix the configured base URL. */
    link: z.string().startsWith('/'),
    /** The input message that triggered it. */
    messageId: z.string().min(1),
  }),
  /** The subject's fact was taken back (a reorg): the alert `alertId` no longer holds. */
  alertBase.extend({
    kind: z.literal('withdrawn'),
    subject: alertSubject,
    reason: z.string().min(1),
    link: z.string().startsWith('/'),
    messageId: z.string().min(1),
  }),
  /** Alerts of one rule held back by its throttle, summarised; `alertId` is the digest's own. */
  alertBase.extend({
    kind: z.literal('digest'),
    count: z.number().int().positive(),
    windowStart: isoTimestamp,
    windowEnd: isoTimestamp,
    alerts: z.array(z.object({ alertId: z.string(), title: z.string(), link: z.string(), firedAt: isoTimestamp })).min(1).max(100),
  }),
]);
export type AlertPayload = z.infer<typeof alertPayload>;
export type AlertKind = AlertPayload['kind'];

/**
 * Message id on alerts.v1: the alert id and its kind (a withdrawal shares the alert's id).
 *
 * @example alertMessageId({ alertId: 'ab…', kind: 'withdrawn' }) // 'ab…:withdrawn'
 */
export function alertMessageId(alert: Pick<AlertPayload, 'alertId' | 'kind'>): string {
  return `${alert.alertId}:${alert.kind}`;
}

export const deliveryStatus = z.enum(['delivered', 'retrying', 'failed', 'refused']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/** One delivery attempt of one alert to one channel. */
export const alertDeliveryPayload = z.object({
  /** `<alertId>:<kind>:<channel index>`: one delivery per alert message and channel of the rule. */
  deliveryId: z.string().min(1),
  alertId: z.string().min(1),
  alertKind: z.enum(['fired', 'withdrawn', 'digest']),
  ruleId: z.string().min(1),
  ownerId: z.string().min(1),
  channel: z.enum(['webhook', 'slack', 'discord', 'telegram', 'email']),
  /** 1, 2, … */
  attempt: z.number().int().positive(),
  /** `retrying`: failed, tried again at `nextAttemptAt`; `failed`: given up; `refused`: never sent (the outbound guard). */
  status: deliveryStatus,
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().nullable(),
  nextAttemptAt: isoTimestamp.nullable(),
  attemptedAt: isoTimestamp,
});
export type AlertDelivery = z.infer<typeof alertDeliveryPayload>;
