import { createTestClient, http } from 'viem';
import type { DevnetClients } from './clients';

function testClient(c: DevnetClients) {
  return createTestClient({ chain: c.chain, mode: 'hardhat', transport: http(c.rpcUrl) });
}

/**
 * Mines `blocks` empty blocks at once (`hardhat_mine`), e.g. to pass a Governor's voting delay or period;
 * returns the new head. Mass mining disturbs other suites on the shared devnet: use a private node
 * (`startDevnetNode` from tools/testing).
 *
 * @example await mineBlocks(c, 10);
 */
export async function mineBlocks(c: DevnetClients, blocks: bigint | number): Promise<bigint> {
  const n = Number(blocks);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`mineBlocks: blocks must be a positive integer, got ${blocks}`);
  await testClient(c).mine({ blocks: n });
  return c.publicClient.getBlockNumber({ cacheTime: 0 });
}

/**
 * Moves the devnet clock forward by `seconds` and mines one block carrying the new time
 * (`evm_increaseTime` + `hardhat_mine`), e.g. to pass a timelock's delay. Use a private node, as for {@link mineBlocks}.
 *
 * @example await increaseTime(c, 3600);
 */
export async function increaseTime(c: DevnetClients, seconds: bigint | number): Promise<{ block: bigint; timestamp: bigint }> {
  const s = Number(seconds);
  if (!Number.isSafeInteger(s) || s < 0) throw new Error(`increaseTime: seconds must be a non-negative integer, got ${seconds}`);
  const tc = testClient(c);
  await tc.increaseTime({ seconds: s });
  await tc.mine({ blocks: 1 });
  const block = await c.publicClient.getBlock({ blockTag: 'latest' });
  return { block: block.number, timestamp: block.timestamp };
}

/**
 * Mines empty blocks until the head is at least `blockNumber` (no-op if it already is); returns the head.
 * With a Governor: `mineUntil(c, p.voteStart + 1n)` opens voting, `mineUntil(c, p.voteEnd + 1n)` closes it.
 *
 * @example await mineUntil(c, proposal.voteEnd + 1n);
 */
export async function mineUntil(c: DevnetClients, blockNumber: bigint): Promise<bigint> {
  const head = await c.publicClient.getBlockNumber({ cacheTime: 0 });
  return head >= blockNumber ? head : mineBlocks(c, blockNumber - head);
}
