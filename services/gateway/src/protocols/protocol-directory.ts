import type { ProtocolRegistry } from '@pum/contracts';

export type RegistryProtocol = ProtocolRegistry['protocols'][number];

/**
 * The protocols of the registry file, read once at start-up (readProtocolRegistryFile fails fast on
 * a bad file): the list `/api/v1/protocols` serves and the ids it knows.
 */
export class ProtocolDirectory {
  private readonly byId: Map<string, RegistryProtocol>;

  constructor(registry: ProtocolRegistry) {
    this.byId = new Map(registry.protocols.map((protocol) => [protocol.id, protocol]));
  }

  /** Every protocol, in the file's order. */
  all(): RegistryProtocol[] {
    return [...this.byId.values()];
  }

  find(protocolId: string): RegistryProtocol | undefined {
    return this.byId.get(protocolId);
  }
}
