import type { MessageOf, NetworkStatus } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** SQL of the network status read model: the latest status per chain. */
@Injectable()
export class NetworkStatusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes the status its chain's latest unless a status of a later round is stored (a late older one, or a replay,
   * changes nothing). Returns null when nothing was stored, else whether anything but the round's time changed.
   */
  async upsert(message: MessageOf<'system.networks.v1'>): Promise<{ changed: boolean } | null> {
    const status = message.payload;
    const schema = quotedSchema(this.dataSource);
    const rows: { changed: boolean }[] = await this.dataSource.query(
      `WITH previous AS (SELECT payload FROM ${schema}.network_status WHERE chain_id = $1)
       INSERT INTO ${schema}.network_status AS n (chain_id, network, status, polled_at, payload, message_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id) DO UPDATE SET
         network = EXCLUDED.network, status = EXCLUDED.status, polled_at = EXCLUDED.polled_at, payload = EXCLUDED.payload, message_id = EXCLUDED.message_id
       WHERE n.polled_at < EXCLUDED.polled_at
       RETURNING (SELECT payload - 'polledAt' FROM previous) IS DISTINCT FROM ($5::jsonb - 'polledAt') AS changed`,
      [status.chainId, status.network, status.status, new Date(status.polledAt), status, message.id],
    );
    return rows[0] ?? null;
  }

  /** The latest status of every chain that reported one, by chain id. */
  async all(): Promise<NetworkStatus[]> {
    const rows: { payload: NetworkStatus }[] = await this.dataSource.query(`SELECT payload FROM ${quotedSchema(this.dataSource)}.network_status ORDER BY chain_id`);
    return rows.map((row) => row.payload);
  }
}
