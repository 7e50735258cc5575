import { TOPICS, catalogue, type AlertPayload, type MessageOf } from '@pum/contracts';
import { randomBytes } from 'node:crypto';

const hex32 = () => randomBytes(16).toString('hex');

/** An `alerts.v1` message as services/alerts publishes it, validated against the catalogue. */
export function alertMessage(payload: AlertPayload, occurredAt = payload.firedAt): MessageOf<'alerts.v1'> {
  return catalogue[TOPICS.alerts].parse({ version: 1, type: 'alert', id: `${payload.alertId}:${payload.kind}`, occurredAt, producedAt: new Date().toISOString(), source: 'alerts', payload });
}

/** One delivery attempt of an alert on `alerts.deliveries.v1`. */
export function alertDeliveryMessage(alert: AlertPayload, attempt: number, status: 'retrying' | 'delivered', attemptedAt: string): MessageOf<'alerts.deliveries.v1'> {
  const deliveryId = `${alert.alertId}:${alert.kind}:0`;
  return catalogue[TOPICS.alertDeliveries].parse({
    version: 1,
    type: 'alert.delivery',
    id: `${deliveryId}#${attempt}`,
    occurredAt: attemptedAt,
    producedAt: new Date().toISOString(),
    source: 'alerts',
    payload: {
      deliveryId,
      alertId: alert.alertId,
      alertKind: alert.kind,
      ruleId: alert.ruleId,
      ownerId: alert.ownerId,
      channel: 'webhook',
      attempt,
      status,
      httpStatus: status === 'delivered' ? 200 : 503,
      latencyMs: 12,
      error: status === 'delivered' ? null : 'HTTP 503',
      nextAttemptAt: status === 'delivered' ? null : new Date(Date.parse(attemptedAt) + 1000).toISOString(),
      attemptedAt,
    },
  });
}

/** A fired alert of an owner's rule about a risk assessment, and its one delivered attempt. */
export function alertFixture(ownerId: string, ruleId: string, protocolId: string): { fired: MessageOf<'alerts.v1'>; delivery: MessageOf<'alerts.deliveries.v1'> } {
  const firedAt = new Date().toISOString();
  const fired = alertMessage({
    alertId: hex32(),
    ruleId,
    ownerId,
    ruleName: 'conformance',
    title: `${protocolId}: risk 72 (high)`,
    kind: 'fired',
    firedAt,
    subject: { type: 'upgrade', id: `31337:0x${'a'.repeat(40)}:impl#governor:${hex32()}`, chainId: 31337, contract: null, protocolId },
    matched: [{ condition: 'risk', index: 0, state: 'score>=50', detail: 'risk 72', evidence: { score: 72 } }],
    risk: { score: 72, level: 'high' },
    eta: null,
    link: '/lifecycle/x',
    messageId: `risk:${hex32()}`,
  });
  return { fired, delivery: alertDeliveryMessage(fired.payload, 1, 'delivered', firedAt) };
}
