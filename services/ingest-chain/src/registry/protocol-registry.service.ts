import { protocolRegistry, type ProtocolRegistry } from '@pum/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ProtocolRegistryRepository } from './protocol-registry.repository';

export const REGISTRY_FILE = Symbol('REGISTRY_FILE');

/** Thrown at start-up when the registry file is missing or invalid. Not retryable: fix the file. */
export class RegistryFileError extends Error {
  constructor(file: string, reason: string) {
    super(`protocol registry ${file}: ${reason}`);
    this.name = 'RegistryFileError';
  }
}

/**
 * The protocol registry: seeded from the file into Postgres at start-up, then answering
 * "which protocol is this address?" from memory.
 */
@Injectable()
export class ProtocolRegistryService implements OnModuleInit {
  private readonly logger = new Logger(ProtocolRegistryService.name);
  private byAddress = new Map<string, string>();

  constructor(
    @Inject(REGISTRY_FILE) private readonly file: string,
    private readonly repository: ProtocolRegistryRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const registry = await this.read();
    await this.repository.replace(registry);
    this.byAddress = new Map((await this.repository.all()).map((row) => [`${row.chainId}:${row.address}`, row.protocolId]));
    this.logger.log({ msg: 'protocol registry seeded', file: this.file, protocols: registry.protocols.length, contracts: this.byAddress.size });
  }

  /** The protocol id of a contract, or null when the registry does not know the address. */
  protocolOf(chainId: number, address: string): string | null {
    return this.byAddress.get(`${chainId}:${address.toLowerCase()}`) ?? null;
  }

  private async read(): Promise<ProtocolRegistry> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      throw new RegistryFileError(this.file, `cannot read: ${error instanceof Error ? error.message : String(error)}`);
    }
    let document: unknown;
    try {
      document = parse(text);
    } catch (error) {
      throw new RegistryFileError(this.file, `not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = protocolRegistry.safeParse(document);
    if (!result.success) {
      throw new RegistryFileError(this.file, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    }
    return result.data;
  }
}
