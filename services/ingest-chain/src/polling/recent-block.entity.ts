import type { ChainLog } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A block of the unfinalized window (the last `CHAIN_FINALITY_DEPTH` blocks) with the logs published
 * from it: what a reorg check compares against the chain, and what gets retracted if it leaves it.
 */
@Entity({ name: 'recent_blocks' })
export class RecentBlockEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @PrimaryColumn({ name: 'block_number', type: 'bigint' })
  blockNumber!: string;

  @Column({ name: 'block_hash', type: 'text' })
  blockHash!: string;

  @Column({ name: 'parent_hash', type: 'text' })
  parentHash!: string;

  /** The `confirmed` messages of this block's logs were published. */
  @Column({ type: 'boolean' })
  confirmed!: boolean;

  /** Raw log payloads published from this block (status as first published). */
  @Column({ type: 'jsonb' })
  logs!: ChainLog[];
}
