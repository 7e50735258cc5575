import type { MessageOf, UpgradeReference } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { RefitScheduler } from '../refit-scheduler';
import { SeriesRepository } from '../series/series.repository';
import { ProtocolDirectory } from './protocol-directory';
import { UpgradeWindowsRepository } from './upgrade-windows.repository';

/**
 * Keeps the upgrades whose window around the ETA is forecast — queued ones (at their ETA) and
 * executed ones (at execution) — and refits the protocol's series when one arrives or leaves, so
 * the event-window forecasts are published with the next fit.
 */
@Injectable()
export class UpgradeWindowsService {
  constructor(
    private readonly windows: UpgradeWindowsRepository,
    private readonly series: SeriesRepository,
    private readonly directory: ProtocolDirectory,
    private readonly scheduler: RefitScheduler,
    private readonly logger: JsonLogger,
  ) {}

  async onLifecycle(message: MessageOf<'upgrades.lifecycle.v1'>): Promise<void> {
    const change = message.payload;
    if (change.protocolId === null) return this.skip(message.id, 'no protocol');
    const reference = (stage: UpgradeReference['stage'], eta: string): UpgradeReference => ({
      upgradeId: change.upgradeId,
      stage,
      eta,
      protocolId: change.protocolId as string,
      messageId: message.id,
    });
    switch (change.stage) {
      case 'queued':
        if (change.eta === null) return this.skip(message.id, 'queued without an ETA');
        await this.windows.upsert(reference('queued', change.eta));
        break;
      case 'executed':
        // The execution replaces the queued window, and the window of its protocol event (same upgrade);
        // the row remembers that event, so a later copy of it (the `confirmed` one) does not add it back.
        await this.windows.remove(change.upgradeId, 'queued');
        if (change.executionEventId !== null) await this.windows.remove(change.executionEventId);
        await this.windows.upsert(reference('executed', change.stageAt), change.executionEventId);
        break;
      case 'cancelled':
      case 'expired':
      case 'defeated':
        await this.windows.remove(change.upgradeId);
        break;
      case 'retracted':
        // A reorg took back the last stage: the upgrade is where `revertedTo` says, with the facts it had
        // then — still queued (window at its ETA again) or not yet queued (no window).
        await this.windows.remove(change.upgradeId);
        if (change.executionEventId !== null) await this.windows.remove(change.executionEventId);
        if (change.revertedTo === 'queued' && change.eta !== null) await this.windows.upsert(reference('queued', change.eta));
        break;
      case 'proposed':
      case 'voting':
      case 'succeeded':
        return;
    }
    await this.refitProtocol(change.protocolId);
  }

  /**
   * Executed upgrades seen on chain, unless a lifecycle window already covers that execution (the
   * lifecycle's retraction, not this event's, takes such a window back). Other event kinds (and kinds
   * added later) are not upgrades to forecast around.
   */
  async onProtocolEvent(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    if (event.kind !== 'upgraded') return;
    if (event.protocolId === null) return this.skip(message.id, 'no protocol');
    if (event.status === 'retracted') await this.windows.remove(event.eventId);
    else if (await this.windows.coversExecution(event.eventId)) return this.skip(message.id, 'execution covered by its lifecycle window');
    else await this.windows.upsert({ upgradeId: event.eventId, stage: 'executed', eta: message.occurredAt, protocolId: event.protocolId, messageId: message.id });
    await this.refitProtocol(event.protocolId);
  }

  private async refitProtocol(protocolId: string): Promise<void> {
    const { protocolSubjects, assetSubjects } = this.directory.marketIdsOf(protocolId);
    const series = await this.series.ofProtocol(protocolId, protocolSubjects, assetSubjects);
    series.forEach((one) => this.scheduler.request(one.key));
    this.logger.log({ msg: 'upgrade window changed; refitting the protocol series', protocol_id: protocolId, series: series.length });
  }

  private skip(messageId: string, why: string): void {
    this.logger.debug({ msg: 'upgrade not forecast', message_id: messageId, reason: why });
  }
}
