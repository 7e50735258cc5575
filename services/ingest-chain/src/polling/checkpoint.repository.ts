import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CheckpointEntity } from './checkpoint.entity';

@Injectable()
export class CheckpointRepository {
  constructor(@InjectRepository(CheckpointEntity) private readonly checkpoints: Repository<CheckpointEntity>) {}

  async get(chainId: number): Promise<bigint | undefined> {
    const row = await this.checkpoints.findOneBy({ chainId });
    return row ? BigInt(row.blockNumber) : undefined;
  }

  async save(chainId: number, blockNumber: bigint): Promise<void> {
    await this.checkpoints.upsert({ chainId, blockNumber: blockNumber.toString(), updatedAt: new Date() }, { conflictPaths: ['chainId'] });
  }
}
