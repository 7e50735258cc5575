import type { AlertDelivery, AlertKind, AlertPayload, MessageOf } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PagePosition } from '../http/page-cursor';

export interface HistoryFilter {
  kinds?: AlertKind[];
  ruleId?: string;
  alertId?: string;
  protocolId?: string;
  since?: Date;
  until?: Date;
}

/** One alerts.v1 message of the history. */
export interface HistoryRow {
  messageId: string;
  firedAt: Date;
  alert: AlertPayload;
}

/** SQL of the alert history (alerts.v1) and delivery attempts (alerts.deliveries.v1) read models. */
@Injectable()
export class AlertHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get schema(): string {
    return quotedSchema(this.dataSource);
  }

  /** Stores an alert message by its envelope id (a withdrawal is a row of its own); false for one already stored. */
  async insertAlert(message: MessageOf<'alerts.v1'>): Promise<boolean> {
    const alert = message.payload;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.schema}.alert_history (message_id, alert_id, kind, owner_id, rule_id, protocol_id, fired_at, payload, produced_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id`,
      [message.id, alert.alertId, alert.kind, alert.ownerId, alert.ruleId, alert.kind === 'digest' ? null : alert.subject.protocolId, new Date(alert.firedAt), alert, new Date(message.producedAt)],
    );
    return rows.length > 0;
  }

  /** Stores a delivery attempt by its envelope id; false for one already stored. */
  async insertDelivery(message: MessageOf<'alerts.deliveries.v1'>): Promise<boolean> {
    const delivery = message.payload;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.schema}.alert_deliveries (message_id, delivery_id, alert_id, owner_id, attempt, attempted_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id`,
      [message.id, delivery.deliveryId, delivery.alertId, delivery.ownerId, delivery.attempt, new Date(delivery.attemptedAt), delivery],
    );
    return rows.length > 0;
  }

  /** `limit + 1` of the owner's alert messages matching the filter, newest first (firedAt, then message id), after `after`. */
  async history(ownerId: string, filter: HistoryFilter, limit: number, after: PagePosition | null): Promise<HistoryRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT message_id, fired_at, payload FROM ${this.schema}.alert_history
        WHERE owner_id = $1
          AND ($2::text[] IS NULL OR kind = ANY($2))
          AND ($3::text IS NULL OR rule_id = $3)
          AND ($4::text IS NULL OR alert_id = $4)
          AND ($5::text IS NULL OR protocol_id = $5)
          AND ($6::timestamptz IS NULL OR fired_at >= $6)
          AND ($7::timestamptz IS NULL OR fired_at < $7)
          AND ($8::timestamptz IS NULL OR (fired_at, message_id) < ($8, $9))
        ORDER BY fired_at DESC, message_id DESC
        LIMIT $10`,
      [
        ownerId,
        filter.kinds ?? null,
        filter.ruleId ?? null,
        filter.alertId ?? null,
        filter.protocolId ?? null,
        filter.since ?? null,
        filter.until ?? null,
        after?.at ?? null,
        after?.key ?? null,
        limit + 1,
      ],
    )) as { message_id: string; fired_at: Date; payload: AlertPayload }[];
    return rows.map((row) => ({ messageId: row.message_id, firedAt: row.fired_at, alert: row.payload }));
  }

  /** Whether the owner has the alert: a message of it in the history, or a delivery attempt of it. */
  async ownsAlert(ownerId: string, alertId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.schema}.alert_history WHERE alert_id = $1 AND owner_id = $2
       UNION ALL
       SELECT 1 FROM ${this.schema}.alert_deliveries WHERE alert_id = $1 AND owner_id = $2
       LIMIT 1`,
      [alertId, ownerId],
    );
    return rows.length > 0;
  }

  /** Every delivery attempt of the owner's alert, in the order they were made. */
  async deliveriesOf(ownerId: string, alertId: string): Promise<AlertDelivery[]> {
    const rows = (await this.dataSource.query(
      `SELECT payload FROM ${this.schema}.alert_deliveries
        WHERE alert_id = $1 AND owner_id = $2
        ORDER BY attempted_at, delivery_id, attempt`,
      [alertId, ownerId],
    )) as { payload: AlertDelivery }[];
    return rows.map((row) => row.payload);
  }
}
