import type { AlertChannel, AlertDelivery, AlertPayload } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A delivery claimed by this instance for one attempt. */
export interface ClaimedDelivery {
  deliveryId: string;
  alertId: string;
  alertKind: AlertPayload['kind'];
  ruleId: string;
  ownerId: string;
  channel: AlertChannel;
  alert: AlertPayload;
  /** The attempt this claim is for (1, 2, …). */
  attempt: number;
}

interface DeliveryRow {
  delivery_id: string;
  alert_id: string;
  alert_kind: AlertPayload['kind'];
  rule_id: string;
  owner_id: string;
  channel: AlertChannel;
  alert: AlertPayload;
  attempts: number;
}

/** The durable delivery outbox: claimed with FOR UPDATE SKIP LOCKED and a lease, so replicas never send one attempt twice. */
@Injectable()
export class OutboxRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Claims up to `limit` due deliveries: counts the attempt and moves `next_attempt_at` a lease ahead,
   * so a delivery whose instance died mid-attempt is due again once the lease ran out.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = (await this.db.query(
      `UPDATE ${this.schema}.deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM (SELECT delivery_id FROM ${this.schema}.deliveries WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id, d.alert_id, d.alert_kind, d.rule_id, d.owner_id, d.channel, d.alert, d.attempts`,
      [limit, leaseMs / 1000],
    )) as [DeliveryRow[], number];
    return rows[0].map((row) => ({
      deliveryId: row.delivery_id,
      alertId: row.alert_id,
      alertKind: row.alert_kind,
      ruleId: row.rule_id,
      ownerId: row.owner_id,
      channel: row.channel,
      alert: row.alert,
      attempt: row.attempts,
    }));
  }

  /**
   * Records an attempt and the delivery's new state, if this claim still holds it (a lease that ran
   * out and was claimed again elsewhere wins). `nextAttemptAt` null ends the delivery.
   */
  async record(claim: ClaimedDelivery, attempt: AlertDelivery): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const status = attempt.status === 'retrying' ? 'pending' : attempt.status;
      const [, updated] = (await manager.query(
        `UPDATE ${this.schema}.deliveries SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5,
           finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
         WHERE delivery_id = $1 AND attempts = $2 AND status = 'pending'`,
        [claim.deliveryId, claim.attempt, status, attempt.nextAttemptAt, attempt.error],
      )) as [unknown, number];
      if (updated === 0) return false;
      await manager.query(`INSERT INTO ${this.schema}.delivery_attempts (delivery_id, attempt, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        claim.deliveryId,
        claim.attempt,
        attempt,
      ]);
      return true;
    });
  }

  /**
   * Publishes recorded attempts not yet on alerts.deliveries.v1, oldest first, their rows locked
   * (SKIP LOCKED) until `publish` resolved and they are marked, so two instances never publish one twice.
   */
  async publishAttempts(limit: number, publish: (attempts: AlertDelivery[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT delivery_id, attempt, payload FROM ${this.schema}.delivery_attempts WHERE NOT published ORDER BY (payload->>'attemptedAt') LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as { delivery_id: string; attempt: number; payload: AlertDelivery }[];
      if (rows.length === 0) return 0;
      await publish(rows.map((row) => row.payload));
      await manager.query(
        `UPDATE ${this.schema}.delivery_attempts a SET published = true FROM unnest($1::text[], $2::int[]) AS p(delivery_id, attempt)
         WHERE a.delivery_id = p.delivery_id AND a.attempt = p.attempt`,
        [rows.map((row) => row.delivery_id), rows.map((row) => row.attempt)],
      );
      return rows.length;
    });
  }
}
