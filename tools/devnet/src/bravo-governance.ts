import { getContractAddress } from 'viem';
import type { DevnetClients } from './clients';
import { deployCompoundTimelock } from './compound-timelock';
import { deployVotingToken, transferOwnerships } from './governance-token';
import { governanceSettings, type GovernanceDeployment, type GovernanceOptions } from './oz-governance';
import { deployContract } from './tx';

/**
 * Deploys a GovernorBravo-style governance: DevnetGovToken (ERC20Votes), a Compound Timelock and a
 * DevnetBravoGovernor (OZ GovernorTimelockCompound) that is the timelock's admin from the start — the timelock
 * is deployed with the governor's precomputed address (deployer nonce + 1) as admin, as Compound deployments
 * pre-set the admin. Voters get their tokens and self-delegate; `transferToTimelock` contracts become owned by
 * the timelock. The timelock delay must be at least 1 s (the devnet port's MINIMUM_DELAY).
 *
 * @example const gov = await deployBravoGovernance(c, { timelockDelay: 60, voters: [{ account: voter, weight: parseEther('100') }] });
 */
export async function deployBravoGovernance(c: DevnetClients, opts: GovernanceOptions): Promise<GovernanceDeployment> {
  const s = governanceSettings(opts);
  const token = await deployVotingToken(c, opts.voters);
  const nonce = await c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'pending' });
  const predictedGovernor = getContractAddress({ from: c.account.address, nonce: BigInt(nonce + 1) });
  const timelock = await deployCompoundTimelock(c, { admin: predictedGovernor, delay: s.timelockDelay });
  const governor = (
    await deployContract(c, 'DevnetBravoGovernor', [s.name, token, timelock, s.votingDelay, s.votingPeriod, BigInt(s.quorumPercent)])
  ).address;
  if (governor !== predictedGovernor) {
    throw new Error(
      `deployBravoGovernance: governor deployed at ${governor}, not at ${predictedGovernor} (the timelock's admin); ` +
        `another process sent a transaction from ${c.account.address} in between — give this one its own account index`,
    );
  }
  await transferOwnerships(c, opts.transferToTimelock ?? [], timelock);
  return { token, governor, timelock, ...s };
}
