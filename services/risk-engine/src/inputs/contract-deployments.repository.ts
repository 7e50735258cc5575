import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A contract's deployment: its first block with code, that block's hash and time. */
export interface ContractDeployment {
  blockNumber: bigint;
  blockHash: string;
  /** ISO time of the block. */
  deployedAt: string;
}

/** The deployments found so far, per (chainId, contract): a chain fact that does not move, so it is read once. */
@Injectable()
export class ContractDeploymentsRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  async find(chainId: number, contract: string): Promise<ContractDeployment | null> {
    const rows = (await this.db.query(`SELECT block_number, block_hash, deployed_at FROM ${this.schema}.contract_deployments WHERE chain_id = $1 AND contract = $2`, [
      chainId,
      contract.toLowerCase(),
    ])) as { block_number: string; block_hash: string; deployed_at: Date }[];
    const [row] = rows;
    return row ? { blockNumber: BigInt(row.block_number), blockHash: row.block_hash, deployedAt: row.deployed_at.toISOString() } : null;
  }

  /** Stores a deployment unless one is stored (two consumers finding it at once find the same); returns the stored one. */
  async record(chainId: number, contract: string, deployment: ContractDeployment): Promise<ContractDeployment> {
    await this.db.query(
      `INSERT INTO ${this.schema}.contract_deployments (chain_id, contract, block_number, block_hash, deployed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [chainId, contract.toLowerCase(), deployment.blockNumber.toString(), deployment.blockHash, deployment.deployedAt],
    );
    return (await this.find(chainId, contract)) ?? deployment;
  }
}
