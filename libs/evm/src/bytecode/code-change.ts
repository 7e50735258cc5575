import type { Address, PublicClient } from 'viem';
import { codeAt, type CodeAt } from './code-at';

/**
 * How the code at one address moved between two blocks:
 * - `unchanged`: the same code (or no code) at both;
 * - `changed`: code at both, different — a metamorphic redeploy (CREATE2 after SELFDESTRUCT) when no proxy stands there;
 * - `destroyed`: code at the first block, none at the second;
 * - `created`: none at the first, code at the second.
 * Both readings are carried as the evidence (block, hash, size).
 */
export type CodeChange =
  | { kind: 'unchanged'; from: CodeAt; to: CodeAt }
  | { kind: 'changed'; from: CodeAt; to: CodeAt }
  | { kind: 'destroyed'; from: CodeAt; to: CodeAt }
  | { kind: 'created'; from: CodeAt; to: CodeAt };

/**
 * Whether the code at `address` changed between `fromBlock` and `toBlock`: for a proposal, its target between the
 * proposal's creation and its execution (the 2023 Tornado Cash governance takeover swapped the code the voters had
 * reviewed). Only the two blocks are read: code destroyed and redeployed identically in between reads as `unchanged`.
 * Read errors reject as classified by the endpoint pool (see {@link codeAt}).
 *
 * @example
 * const change = await codeChangeBetween(client, proposal.target, proposal.createdBlock, head);
 * if (change.kind !== 'unchanged') flag('proposal target code changed', change.from.hash, change.to.hash);
 */
export async function codeChangeBetween(client: PublicClient, address: Address, fromBlock: bigint, toBlock: bigint): Promise<CodeChange> {
  const [from, to] = await Promise.all([codeAt(client, address, fromBlock), codeAt(client, address, toBlock)]);
  if (from.hash === to.hash) return { kind: 'unchanged', from, to };
  if (from.size === 0) return { kind: 'created', from, to };
  if (to.size === 0) return { kind: 'destroyed', from, to };
  return { kind: 'changed', from, to };
}
