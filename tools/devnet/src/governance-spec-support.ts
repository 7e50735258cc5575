/**
 * Test support shared by the governance int-specs (not exported from the package): a private Hardhat node
 * per suite, because these suites mine many blocks and travel in time, and the log/slot assertions they share.
 */
import { startDevnetNode, type DevnetNode } from '@pum/testing';
import { isAddressEqual, parseAbi, parseEther, parseEventLogs, type Address, type TransactionReceipt } from 'viem';
import { devnetClients, type DevnetClients } from './clients';
import { loadArtifacts } from './compile';
import { upgradedEvent } from './eip1967';
import type { GovernanceVoter } from './governance-token';

export interface GovernanceFixture {
  node: DevnetNode;
  /** Deployer and proposer. */
  c: DevnetClients;
  /** 60 / 30 / 10 tokens. */
  voters: [GovernanceVoter, GovernanceVoter, GovernanceVoter];
}

/** The OZ 5 Governor and TimelockController errors the governance suites expect (decoded by `revertOf`). */
export const governanceErrorsAbi = parseAbi([
  'error GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)',
  'error TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)',
]);

/** Starts a private node and the clients of the deployer (#0) and three voters (#11, #12, #13). */
export async function startGovernanceFixture(): Promise<GovernanceFixture> {
  await loadArtifacts();
  const node = await startDevnetNode();
  const c = devnetClients(node.rpcUrl, { accountIndex: 0 });
  const voter = (accountIndex: number, tokens: string): GovernanceVoter => ({
    account: devnetClients(node.rpcUrl, { accountIndex }),
    weight: parseEther(tokens),
  });
  return { node, c, voters: [voter(11, '60'), voter(12, '30'), voter(13, '10')] };
}

/** Implementations named by the `Upgraded` logs `proxy` emitted in `receipt`. */
export function upgradedTo(receipt: TransactionReceipt, proxy: Address): Address[] {
  return parseEventLogs({ abi: [upgradedEvent], logs: receipt.logs, eventName: 'Upgraded' })
    .filter((l) => isAddressEqual(l.address, proxy))
    .map((l) => l.args.implementation);
}
