import { readProtocolRegistryFile } from '@pum/platform';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Address } from 'viem';
import { ProtocolRegistryRepository } from './protocol-registry.repository';

export const REGISTRY_FILE = Symbol('REGISTRY_FILE');

/**
 * The protocol registry: seeded from the file into Postgres at start-up, then answering
 * "which protocol is this address?" from memory.
 */
@Injectable()
export class ProtocolRegistryService implements OnModuleInit {
  private readonly logger = new Logger(ProtocolRegistryService.name);
  private byAddress = new Map<string, string>();
  private byChain = new Map<number, Address[]>();

  constructor(
    @Inject(REGISTRY_FILE) private readonly file: string,
    private readonly repository: ProtocolRegistryRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const registry = await readProtocolRegistryFile(this.file);
    await this.repository.replace(registry);
    const rows = await this.repository.all();
    this.byAddress = new Map(rows.map((row) => [`${row.chainId}:${row.address}`, row.protocolId]));
    this.byChain = new Map();
    for (const row of rows) this.byChain.set(row.chainId, [...(this.byChain.get(row.chainId) ?? []), row.address as Address]);
    this.logger.log({ msg: 'protocol registry seeded', file: this.file, protocols: registry.protocols.length, contracts: this.byAddress.size });
  }

  /** The registry's contracts on a chain: the poller asks for every catalogue event of these. */
  contractsOn(chainId: number): readonly Address[] {
    return this.byChain.get(chainId) ?? [];
  }

  /** The protocol id of a contract, or null when the registry does not know the address. */
  protocolOf(chainId: number, address: string): string | null {
    return this.byAddress.get(`${chainId}:${address.toLowerCase()}`) ?? null;
  }
}
