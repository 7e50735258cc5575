import { encodeFunctionData, parseAbi, type Address } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx } from './tx';

export const govTokenAbi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function delegate(address delegatee)',
  'function getVotes(address account) view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
]);

export const ownableAbi = parseAbi([
  'function owner() view returns (address)',
  'function transferOwnership(address newOwner)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
]);

/** A voter of a devnet governance: its own clients (it delegates to itself and votes) and the tokens it gets. */
export interface GovernanceVoter {
  account: DevnetClients;
  weight: bigint;
}

/**
 * Deploys a DevnetGovToken (ERC20Votes, block-number clock) owned by the signer, mints each voter its weight
 * and has each voter self-delegate, so the voting power counts from the next block on.
 */
export async function deployVotingToken(
  c: DevnetClients,
  voters: readonly GovernanceVoter[],
  name = 'Devnet Governance',
  symbol = 'DGOV',
): Promise<Address> {
  const token = await deployContract(c, 'DevnetGovToken', [name, symbol, c.account.address]);
  for (const v of voters) {
    const to = v.account.account.address;
    await sendTx(c, token.address, encodeFunctionData({ abi: govTokenAbi, functionName: 'mint', args: [to, v.weight] }), `mint votes to ${to}`);
    await sendTx(v.account, token.address, encodeFunctionData({ abi: govTokenAbi, functionName: 'delegate', args: [to] }), `self-delegate ${to}`);
  }
  return token.address;
}

/** Hands `Ownable`-style contracts owned by the signer (OwnableLite vaults, ProxyAdmins) to `newOwner`. */
export async function transferOwnerships(c: DevnetClients, contracts: readonly Address[], newOwner: Address): Promise<void> {
  for (const target of contracts) {
    const data = encodeFunctionData({ abi: ownableAbi, functionName: 'transferOwnership', args: [newOwner] });
    await sendTx(c, target, data, `transfer ownership of ${target} to ${newOwner}`);
  }
}
