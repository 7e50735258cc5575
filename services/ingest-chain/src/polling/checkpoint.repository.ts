import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CheckpointEntity } from './checkpoint.entity';

@Injectable()
export class CheckpointRepository {
  constructor(@InjectRepository(CheckpointEntity) private readonly checkpoints: Repository<CheckpointEntity>) {}

  async get(chainId: number): Promise<{ blockNumber: bigint; blockHash: string } | undefined> {
    const row = await this.checkpoints.findOneBy({ chainId });
    return row ? { blockNumber: BigInt(row.blockNumber), blockHash: row.blockHash } : undefined;
  }

  async save(chainId: number, blockNumber: bigint, blockHash: string): Promise<void> {
    await this.checkpoints.upsert(
      { chainId, blockNumber: blockNumber.toString(), blockHash, updatedAt: new Date() },
      { conflictPaths: ['chainId'] },
    );
  }

  async clear(chainId: number): Promise<void> {
    await this.checkpoints.delete({ chainId });
  }
}
