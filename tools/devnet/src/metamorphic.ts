import { encodeFunctionData, parseAbi, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

const factoryAbi = parseAbi([
  'function deploy(bytes32 salt, address runtimeFrom) returns (address)',
  'function addressOf(bytes32 salt) view returns (address)',
]);
const proposalAbi = parseAbi(['function destroy()', 'function execute()']);

/** A metamorphic factory and the two runtimes it can place at one CREATE2 address. */
export interface MetamorphicKit {
  factory: Address;
  /** Contracts whose code is copied: the benign (destructible) proposal and the malicious one. */
  runtimes: Record<MetamorphicVersion, Address>;
}
export type MetamorphicVersion = 'benign' | 'malicious';

/**
 * Deploys tools/devnet/contracts/bytecode/MetamorphicFactory.sol and both proposal contracts. Placing code at a salt's
 * address, destroying it and placing the other code there works on a pre-Cancun chain only (`startDevnetNode({
 * hardfork: 'shanghai' })`): from Cancun on, SELFDESTRUCT keeps the code (EIP-6780) and the redeploy reverts.
 *
 * @example
 * const kit = await deployMetamorphicKit(c);
 * const { address } = await placeMetamorphic(c, kit, salt, 'benign');
 * await destroyMetamorphic(c, address);
 * await placeMetamorphic(c, kit, salt, 'malicious'); // same address, other code
 */
export async function deployMetamorphicKit(c: DevnetClients): Promise<MetamorphicKit> {
  const factory = await deployContract(c, 'MetamorphicFactory');
  const benign = await deployContract(c, 'MetamorphicProposalBenign');
  const malicious = await deployContract(c, 'MetamorphicProposalMalicious');
  return { factory: factory.address, runtimes: { benign: benign.address, malicious: malicious.address } };
}

/** CREATE2s the runtime code of `version` at the salt's address (the same address for every version). */
export async function placeMetamorphic(c: DevnetClients, kit: MetamorphicKit, salt: Hex, version: MetamorphicVersion): Promise<SentTx & { address: Address }> {
  const address = await c.publicClient.readContract({ address: kit.factory, abi: factoryAbi, functionName: 'addressOf', args: [salt] });
  const data = encodeFunctionData({ abi: factoryAbi, functionName: 'deploy', args: [salt, kit.runtimes[version]] });
  return { ...(await sendTx(c, kit.factory, data, `place ${version} metamorphic code`)), address };
}

/** Calls `destroy()` (SELFDESTRUCT) on the benign proposal's code. */
export async function destroyMetamorphic(c: DevnetClients, address: Address): Promise<SentTx> {
  return sendTx(c, address, encodeFunctionData({ abi: proposalAbi, functionName: 'destroy' }), 'destroy metamorphic code');
}
