import { encodeFunctionData, parseAbi, type Address } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

/** DevnetPriceFeed: Chainlink's AggregatorV2V3Interface reads, `submit`, and the round events live feeds emit. */
export const priceFeedAbi = parseAbi([
  'function submit(int256 answer)',
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
  'event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt)',
]);

/** One round of a feed: the answer (scaled by the feed's decimals) and when it was updated (unix seconds). */
export interface FeedRound {
  answer: bigint;
  updatedAt: bigint;
}

export interface PriceFeedOptions {
  decimals: number;
  /**
   * The feed's past rounds, oldest first, each at or before the deploying block's time (at least one; the last is the
   * current answer). Each logs `AnswerUpdated` and `NewRound` at its own `updatedAt`.
   */
  rounds: readonly FeedRound[];
}

/**
 * Deploys a DevnetPriceFeed (Chainlink's MockV3Aggregator with round events) that starts with the given history.
 *
 * @example const feed = await deployPriceFeed(c, { decimals: 8, rounds: [{ answer: 250_000_000n, updatedAt: now - 86_400n }] });
 */
export async function deployPriceFeed(c: DevnetClients, opts: PriceFeedOptions): Promise<SentTx & { address: Address }> {
  if (opts.rounds.length === 0) throw new Error('deployPriceFeed: a feed starts with at least one round');
  const answers = opts.rounds.map((r) => r.answer);
  const updatedAts = opts.rounds.map((r) => r.updatedAt);
  const d = await deployContract(c, 'DevnetPriceFeed', [opts.decimals, answers, updatedAts]);
  return { address: d.address, tx: d.tx, block: d.receipt.blockNumber, receipt: d.receipt };
}

/**
 * A new round on the feed at the block's time (logs `AnswerUpdated` and `NewRound`).
 *
 * @example await submitFeedAnswer(c, feed, 251_000_000n);
 */
export function submitFeedAnswer(c: DevnetClients, feed: Address, answer: bigint): Promise<SentTx> {
  return sendTx(c, feed, encodeFunctionData({ abi: priceFeedAbi, functionName: 'submit', args: [answer] }), `submit ${answer} to ${feed}`);
}

/** The feed's latest round (`latestRoundData`). */
export async function latestFeedRound(c: DevnetClients, feed: Address): Promise<FeedRound & { roundId: bigint }> {
  const [roundId, answer, , updatedAt] = await c.publicClient.readContract({ address: feed, abi: priceFeedAbi, functionName: 'latestRoundData' });
  return { roundId, answer, updatedAt };
}
