import type { ProtocolRegistry } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProtocolContractEntity } from './protocol-contract.entity';

@Injectable()
export class ProtocolRegistryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Replaces the stored registry with the file's, in one transaction. */
  async replace(registry: ProtocolRegistry): Promise<void> {
    const rows = registry.protocols.flatMap((protocol) =>
      protocol.contracts.map((contract) => ({ chainId: contract.chainId, address: contract.address, protocolId: protocol.id, role: contract.role })),
    );
    await this.db.transaction(async (tx) => {
      const repository = tx.getRepository(ProtocolContractEntity);
      await repository.clear();
      if (rows.length > 0) await repository.insert(rows);
    });
  }

  async all(): Promise<ProtocolContractEntity[]> {
    return this.db.getRepository(ProtocolContractEntity).find();
  }
}
