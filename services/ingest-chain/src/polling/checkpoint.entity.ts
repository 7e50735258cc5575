import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last block fully ingested (its logs published) per chain. */
@Entity({ name: 'checkpoints' })
export class CheckpointEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ name: 'block_number', type: 'bigint' })
  blockNumber!: string;

  /** Hash of that block, to notice when the chain no longer has it (reorg below it, devnet restart). */
  @Column({ name: 'block_hash', type: 'text' })
  blockHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
