import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * Rows per protocol whose `column` holds one of `values` (all protocols, or the given ones): the
 * counts of the protocol list and summary, the same query over each read model's table.
 *
 * @example countByProtocol(proposals, 'state', ['pending', 'active'], ['demo-dao']) // Map { 'demo-dao' => 1 }
 */
export async function countByProtocol<T extends ObjectLiteral>(
  repository: Repository<T>,
  column: string,
  values: string[],
  protocolIds?: string[],
): Promise<Map<string, number>> {
  if (protocolIds?.length === 0) return new Map();
  const query = repository
    .createQueryBuilder('r')
    .select('r.protocol_id', 'protocolId')
    .addSelect('count(*)::integer', 'count')
    .where('r.protocol_id IS NOT NULL')
    .andWhere(`r.${column} IN (:...values)`, { values })
    .groupBy('r.protocol_id');
  if (protocolIds !== undefined) query.andWhere('r.protocol_id IN (:...protocolIds)', { protocolIds });
  const rows = await query.getRawMany<{ protocolId: string; count: number }>();
  return new Map(rows.map((row) => [row.protocolId, row.count]));
}
