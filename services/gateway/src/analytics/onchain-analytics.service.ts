import { TOPICS, type MessageOf } from '@pum/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { OnchainAnalyticsRepository, type MevFilter, type RankingFilter } from './onchain-analytics.repository';
import type { MevDetectionView, SmartMoneyRankingView, WalletProfileView } from './onchain-analytics.views';

/**
 * The DEX analytics read models (docs/analytics.md): stores MEV detections and their withdrawals and smart-money
 * rankings, pushes each one that changed the read model to the `analytics` channel, and serves them.
 */
@Injectable()
export class OnchainAnalyticsService {
  constructor(
    private readonly repository: OnchainAnalyticsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async applyDetection(message: MessageOf<'analytics.mev.v1'>): Promise<void> {
    if (await this.repository.applyDetection(message)) this.realtime.push(TOPICS.mevDetections, message);
  }

  async applyRanking(message: MessageOf<'analytics.smart-money.v1'>): Promise<void> {
    if (await this.repository.applyRanking(message)) this.realtime.push(TOPICS.smartMoney, message);
  }

  async detections(filter: Omit<MevFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<MevDetectionView>> {
    if (filter.fromBlock !== undefined && filter.toBlock !== undefined && filter.fromBlock > filter.toBlock) {
      throw new BadRequestException(`fromBlock ${filter.fromBlock} is after toBlock ${filter.toBlock}`);
    }
    const rows = await this.repository.detections({ ...filter, limit, before: cursor === undefined ? undefined : decodeCursor(cursor) });
    return toPage(
      rows,
      limit,
      (row) => ({ at: row.occurredAt, key: row.payload.detectionId }),
      (row) => ({ ...row.payload, occurredAt: row.occurredAt.toISOString() }),
    );
  }

  async rankings(filter: Omit<RankingFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<SmartMoneyRankingView>> {
    const rows = await this.repository.rankings({ ...filter, limit, before: cursor === undefined ? undefined : decodeCursor(cursor) });
    return toPage(
      rows,
      limit,
      (row) => ({ at: row.asOf, key: row.payload.rankingId }),
      (row) => row.payload,
    );
  }

  /** A wallet's profile; 404 for a wallet no ranking holds. */
  async profile(address: string): Promise<WalletProfileView> {
    const rows = await this.repository.walletRows(address);
    if (rows.length === 0) throw new NotFoundException(`no smart-money ranking holds wallet ${address}`);
    const chains = new Map<number, WalletProfileView['chains'][number]>();
    for (const row of rows) if (!chains.has(row.chainId)) chains.set(row.chainId, { chainId: row.chainId, asOf: row.asOf.toISOString(), wallet: row.wallet });
    return {
      address,
      chains: [...chains.values()].sort((a, b) => a.chainId - b.chainId),
      rankings: rows.map((row) => ({ rankingId: row.rankingId, chainId: row.chainId, scope: row.scope, subject: row.subject, rank: row.wallet.rank, label: row.wallet.label, asOf: row.asOf.toISOString() })),
    };
  }
}
