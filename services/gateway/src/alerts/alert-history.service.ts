import { TOPICS, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../accounts/principal';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { AlertHistoryRepository, type HistoryFilter } from './alert-history.repository';
import { ownerOf } from './alert-rules.service';
import type { AlertDeliveriesView, AlertHistoryItem } from './alert.views';

/**
 * Keeps what the alerts service sent — alerts, withdrawals and digests (alerts.v1), delivery attempts
 * (alerts.deliveries.v1) — pushes each new alert message to its owner's sockets only, and serves both to their owner.
 */
@Injectable()
export class AlertHistoryService {
  constructor(
    private readonly repository: AlertHistoryRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  /** Stores an alert message and pushes it to the owner's `alerts` channel; a replay changes nothing and is not pushed again. */
  async applyAlert(message: MessageOf<'alerts.v1'>): Promise<void> {
    if (await this.repository.insertAlert(message)) this.realtime.push(TOPICS.alerts, message);
  }

  async applyDelivery(message: MessageOf<'alerts.deliveries.v1'>): Promise<void> {
    await this.repository.insertDelivery(message);
  }

  /** The caller's alert messages, newest first. */
  async history(principal: Principal, filter: HistoryFilter, limit: number, cursor: string | undefined): Promise<Page<AlertHistoryItem>> {
    const rows = await this.repository.history(ownerOf(principal), filter, limit, cursor ? decodeCursor(cursor) : null);
    return toPage(
      rows,
      limit,
      (row) => ({ at: row.firedAt, key: row.messageId }),
      (row) => ({ id: row.messageId, alert: row.alert, deliveriesUrl: `/api/v1/alerts/${row.alert.alertId}/deliveries` }),
    );
  }

  /** Every delivery attempt of one of the caller's alerts; 404 for an alert that is not theirs (or not known yet). */
  async deliveries(principal: Principal, alertId: string): Promise<AlertDeliveriesView> {
    const ownerId = ownerOf(principal);
    if (!(await this.repository.ownsAlert(ownerId, alertId))) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no alert ${alertId} of yours` });
    }
    return { alertId, items: await this.repository.deliveriesOf(ownerId, alertId) };
  }
}
