import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registry contract: the protocol an address belongs to on a chain (seeded from config/protocols.yaml). */
@Entity({ name: 'protocol_contracts' })
export class ProtocolContractEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @PrimaryColumn({ type: 'text' })
  address!: string;

  @Column({ name: 'protocol_id', type: 'text' })
  protocolId!: string;

  @Column({ type: 'text' })
  role!: string;
}
