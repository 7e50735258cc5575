import { upgradeLifecycleMessageId } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { LifecycleOutboxEntity } from './lifecycle-outbox.entity';
import type { ChainRef, LifecycleRecord, Transition } from './stage-machine';
import { UpgradeLifecycleEntity } from './upgrade-lifecycle.entity';

/** What a change does to a locked record: a transition, or nothing. */
export type RecordChange = (record: LifecycleRecord) => Transition;

/** Lifecycles and their outbox. Each change locks its row, so concurrent handlers (or instances) serialise per upgrade. */
@Injectable()
export class LifecycleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async idsByProposal(chainId: number, space: string, proposalId: string): Promise<string[]> {
    return this.ids({ chainId, proposalSpace: space, proposalId });
  }

  async idsByOperation(chainId: number, timelock: string, operationId: string): Promise<string[]> {
    return this.ids({ chainId, timelockAddress: timelock, timelockOperationId: operationId });
  }

  /** Every lifecycle of the same upgrade (attempts by several proposals, or none). */
  async bySubject(chainId: number, target: string, subject: string): Promise<LifecycleRecord[]> {
    const rows = await this.db.getRepository(UpgradeLifecycleEntity).find({ where: { chainId, target, subject }, order: { upgradeId: 'ASC' } });
    return rows.map((row) => row.record);
  }

  /** Lifecycles with a standing stage brought by this transaction in this block. */
  async idsByChainRef(ref: ChainRef): Promise<string[]> {
    const rows: { upgrade_id: string }[] = await this.db
      .getRepository(UpgradeLifecycleEntity)
      .createQueryBuilder('l')
      .select('l.upgrade_id', 'upgrade_id')
      .where(`l.record -> 'stages' @> :probe::jsonb`, { probe: JSON.stringify([{ chainRef: ref }]) })
      .getRawMany();
    return rows.map((row) => row.upgrade_id);
  }

  /**
   * Applies a change to one lifecycle (created from `initial` if new) under a row lock, and writes
   * its stage messages to the outbox in the same transaction.
   */
  async apply(upgradeId: string, change: RecordChange, initial?: LifecycleRecord): Promise<number> {
    return this.db.transaction(async (tx) => {
      const lifecycles = tx.getRepository(UpgradeLifecycleEntity);
      if (initial) await lifecycles.createQueryBuilder().insert().values(toRow(initial)).orIgnore().execute();
      const row = await lifecycles.findOne({ where: { upgradeId }, lock: { mode: 'pessimistic_write' } });
      if (!row) return 0;
      const { record, messages } = change(row.record);
      if (messages.length === 0) return 0;
      await lifecycles.save(toRow(record));
      await this.enqueue(tx, messages.map((payload) => ({ messageId: upgradeLifecycleMessageId(payload), partitionKey: `${payload.chainId}:${payload.target}`, payload })));
      return messages.length;
    });
  }

  /** The oldest unpublished stage messages, in the order they were written. */
  async unpublished(limit: number): Promise<LifecycleOutboxEntity[]> {
    return this.db.getRepository(LifecycleOutboxEntity).find({ where: { publishedAt: IsNull() }, order: { seq: 'ASC' }, take: limit });
  }

  async markPublished(seqs: string[]): Promise<void> {
    if (seqs.length > 0) await this.db.getRepository(LifecycleOutboxEntity).update(seqs, { publishedAt: new Date() });
  }

  /** Deletes stage messages published before `before`; returns how many. */
  async prunePublished(before: Date): Promise<number> {
    const result = await this.db.getRepository(LifecycleOutboxEntity).delete({ publishedAt: LessThan(before) });
    return result.affected ?? 0;
  }

  private async ids(where: FindOptionsWhere<UpgradeLifecycleEntity>): Promise<string[]> {
    const rows = await this.db.getRepository(UpgradeLifecycleEntity).find({ select: { upgradeId: true }, where, order: { upgradeId: 'ASC' } });
    return rows.map((row) => row.upgradeId);
  }

  private async enqueue(tx: EntityManager, rows: Pick<LifecycleOutboxEntity, 'messageId' | 'partitionKey' | 'payload'>[]): Promise<void> {
    await tx.getRepository(LifecycleOutboxEntity).createQueryBuilder().insert().values(rows).orIgnore().execute();
  }
}

function toRow(record: LifecycleRecord): UpgradeLifecycleEntity {
  return {
    upgradeId: record.upgradeId,
    chainId: record.chainId,
    target: record.target,
    subject: record.subject,
    stage: record.stages.at(-1)?.stage ?? null,
    proposalSpace: record.proposal?.space ?? null,
    proposalId: record.proposal?.id ?? null,
    timelockAddress: record.timelock?.address ?? null,
    timelockOperationId: record.timelock?.operationId ?? null,
    record,
    updatedAt: new Date(),
  };
}
