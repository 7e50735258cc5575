import type { MevDetection, SmartMoneyRanking, SmartMoneyWallet } from '@pum/contracts';

/** A standing MEV detection as `analytics.mev.v1` said it, with when its block was. */
export type MevDetectionView = MevDetection & { occurredAt: string };

/** The latest ranking of a token or registry protocol on one chain, as `analytics.smart-money.v1` said it. */
export type SmartMoneyRankingView = SmartMoneyRanking;

/** Where a wallet stands in one ranking. */
export interface WalletRankingView {
  rankingId: string;
  chainId: number;
  scope: SmartMoneyRanking['scope'];
  subject: string;
  rank: number | null;
  label: SmartMoneyWallet['label'];
  asOf: string;
}

/** A wallet's profile: its figures per chain (from its most recent ranking there) and every ranking it is in. */
export interface WalletProfileView {
  address: string;
  chains: { chainId: number; asOf: string; wallet: SmartMoneyWallet }[];
  rankings: WalletRankingView[];
}
