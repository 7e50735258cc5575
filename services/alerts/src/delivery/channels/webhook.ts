import type { AlertChannel, AlertPayload } from '@pum/contracts';
import { createHmac } from 'node:crypto';
import type { ChannelRequest } from './outcome';

type Webhook = Extract<AlertChannel, { type: 'webhook' }>;

/**
 * The signature of a webhook body: hex HMAC-SHA256 with the rule's secret over `<timestamp>.<body>`,
 * the timestamp being the `X-Timestamp` header (Unix seconds) — a receiver recomputes it and refuses
 * stale timestamps (replays).
 *
 * @example signWebhook('secret…', 1767225600, '{"alert":…}') // '3f1a…' (64 hex)
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `POST <url>` with `{ deliveryId, alert, url }`, signed. */
export function webhookRequest(channel: Webhook, deliveryId: string, alert: AlertPayload, link: string | null, now = Date.now()): ChannelRequest {
  const body = JSON.stringify({ deliveryId, alert, url: link });
  const timestamp = Math.floor(now / 1000);
  return {
    url: new URL(channel.url),
    redacted: channel.url,
    headers: {
      'x-timestamp': String(timestamp),
      'x-signature': signWebhook(channel.secret, timestamp, body),
      'x-alert-id': alert.alertId,
      'x-delivery-id': deliveryId,
    },
    body,
  };
}
