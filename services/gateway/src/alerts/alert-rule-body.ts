import { alertChannel, alertRule, type AlertChannel, type AlertChannelType, type AlertRule } from '@pum/contracts';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * What a client sends to create or replace a rule: the contract's rule without what the gateway sets (`ruleId`,
 * `ownerId`, `updatedAt`), unknown fields refused. The contract refuses out-of-range thresholds and short secrets.
 */
export const alertRuleBody = alertRule.omit({ ruleId: true, ownerId: true, updatedAt: true, deleted: true }).strict();
export type AlertRuleBody = z.infer<typeof alertRuleBody>;

const [webhook, slack, discord, telegram, email] = alertChannel.options;
/**
 * The request body as the route validates it (its `ZodPipe`, and so the OpenAPI document's `AlertRuleInput`):
 * `alertRuleBody` with the webhook `secret` and the Telegram `botToken` optional — filled in by `parseRuleBody`.
 */
export const alertRuleRequest = alertRuleBody.extend({
  channels: z.array(z.discriminatedUnion('type', [webhook.partial({ secret: true }), slack, discord, telegram.partial({ botToken: true }), email])).max(10),
});

/** What a rule may use and what the gateway knows, for the checks the contract cannot make. */
export interface RuleContext {
  knownProtocol(protocolId: string): boolean;
  knownChain(chainId: number): boolean;
  allowedChannels: readonly AlertChannelType[];
  tier: string;
  /** Market history the gateway keeps: a TVL or price window longer than it can never be evaluated. */
  marketRetainDays: number;
}

export type ParsedRuleBody = { ok: true; body: AlertRuleBody; generatedSecrets: number[] } | { ok: false; problems: string[] };

/** A webhook secret: 32 random bytes, base64url (43 characters). */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Parses a rule body and checks it against what the gateway knows, every problem listed as `path: reason`.
 * A webhook channel without `secret` keeps the secret of the previous version's webhook of the same URL, or gets a
 * new one (its index in `generatedSecrets`); a Telegram channel without `botToken` keeps the previous one of the same
 * chat — so a rule read back (secrets redacted) can be sent again as is.
 *
 * @example parseRuleBody(json, context, null) // { ok: true, body, generatedSecrets: [0] } for one webhook without a secret
 */
export function parseRuleBody(input: unknown, context: RuleContext, previous: AlertRule | null): ParsedRuleBody {
  const filled = fillSecrets(input, previous?.channels ?? []);
  const parsed = alertRuleBody.safeParse(filled.input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
  const problems = checkRule(parsed.data, context);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body: parsed.data, generatedSecrets: filled.generated };
}

function checkRule(body: AlertRuleBody, context: RuleContext): string[] {
  const problems: string[] = [];
  const marketWindow = context.marketRetainDays * 86_400;
  body.conditions.forEach((condition, index) => {
    const at = `conditions.${index}`;
    if (condition.type === 'ingestion_lag') {
      if (!context.knownChain(condition.chainId)) problems.push(`${at}.chainId: unknown network ${condition.chainId} (GET /api/v1/networks lists them)`);
      return;
    }
    const { protocolId, chainId } = condition.scope;
    if (protocolId !== undefined && !context.knownProtocol(protocolId)) problems.push(`${at}.scope.protocolId: unknown protocol "${protocolId}" (GET /api/v1/protocols lists them)`);
    if (chainId !== undefined && !context.knownChain(chainId)) problems.push(`${at}.scope.chainId: unknown network ${chainId} (GET /api/v1/networks lists them)`);
    if ((condition.type === 'tvl_change' || condition.type === 'price_move') && condition.windowSeconds > marketWindow) {
      problems.push(`${at}.windowSeconds: ${condition.windowSeconds} s is longer than the ${context.marketRetainDays} days of market history kept, so it could never be evaluated`);
    }
  });
  body.channels.forEach((channel, index) => {
    if (!context.allowedChannels.includes(channel.type)) {
      problems.push(`channels.${index}.type: the ${context.tier} tier does not allow ${channel.type} channels (allowed: ${context.allowedChannels.join(', ') || 'none'})`);
    }
  });
  return problems;
}

/** Fills in omitted webhook secrets and Telegram tokens (see parseRuleBody); anything not shaped like a body is left to the schema. */
function fillSecrets(input: unknown, previous: readonly AlertChannel[]): { input: unknown; generated: number[] } {
  const channels = (input as { channels?: unknown } | null)?.channels;
  if (typeof input !== 'object' || input === null || !Array.isArray(channels)) return { input, generated: [] };
  const generated: number[] = [];
  const filled = channels.map((channel: unknown, index) => {
    if (typeof channel !== 'object' || channel === null) return channel;
    const given = channel as Record<string, unknown>;
    if (given.type === 'webhook' && given.secret === undefined) {
      const kept = previous.find((p): p is Extract<AlertChannel, { type: 'webhook' }> => p.type === 'webhook' && p.url === given.url);
      if (!kept) generated.push(index);
      return { ...given, secret: kept?.secret ?? newWebhookSecret() };
    }
    if (given.type === 'telegram' && given.botToken === undefined) {
      const kept = previous.find((p): p is Extract<AlertChannel, { type: 'telegram' }> => p.type === 'telegram' && String(p.chatId) === String(given.chatId));
      return kept ? { ...given, botToken: kept.botToken } : given;
    }
    return channel;
  });
  return { input: { ...input, channels: filled }, generated };
}
