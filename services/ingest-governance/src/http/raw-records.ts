import { governanceRawMessageId, TOPICS, type GovernanceRaw } from '@pum/contracts';
import type { EventPublisher } from '@pum/platform';

/** One record a source returned, with what identifies its version. */
export interface RawRecord extends Omit<GovernanceRaw, 'fetchedAt'> {
  /** Changes when the source's record changes (state, vote count, edit time). */
  version: string;
  /** When the record happened at the source. */
  occurredAt: Date;
}

/**
 * Publishes what sources said to `governance.raw.v1`, keyed by scope so one space's or forum's records
 * stay ordered; ids are deterministic per record version.
 */
export async function publishRawRecords(publisher: EventPublisher, records: RawRecord[]): Promise<void> {
  const fetchedAt = new Date().toISOString();
  await publisher.publish(
    TOPICS.governanceRaw,
    records.map(({ version, occurredAt, ...record }) => ({
      key: `${record.source}:${record.scope}`,
      id: governanceRawMessageId({ ...record, version }),
      occurredAt: occurredAt.toISOString(),
      producedAt: fetchedAt,
      payload: { ...record, fetchedAt },
    })),
  );
}
