import { getAddress, type Abi, type Address, type Hash, type Hex, type TransactionReceipt } from 'viem';
import type { DevnetClients } from './clients';
import { loadArtifacts, type ContractName } from './compile';

/** A mined, successful transaction: what every devnet helper that sends one returns. */
export interface SentTx {
  tx: Hash;
  block: bigint;
  receipt: TransactionReceipt;
}

/** Waits for `hash` and throws (naming `what`) if it reverted. */
export async function confirm(c: DevnetClients, hash: Hash, what: string): Promise<TransactionReceipt> {
  const receipt = await c.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 60_000 });
  if (receipt.status !== 'success') throw new Error(`${what} reverted (tx ${hash})`);
  return receipt;
}

/** Deploys a compiled devnet contract (see CONTRACT_NAMES) and waits for it. */
export async function deployContract(
  c: DevnetClients,
  name: ContractName,
  args: readonly unknown[] = [],
): Promise<{ address: Address; tx: Hash; receipt: TransactionReceipt }> {
  const { contracts } = await loadArtifacts();
  return deployBytecode(c, name, contracts[name], args);
}

/**
 * Deploys a contract from its ABI and creation bytecode (e.g. a build an npm package ships, such as Uniswap's) and
 * waits for it; `what` names it in errors.
 *
 * @example await deployBytecode(c, 'UniswapV2Factory', { abi: factory.abi as Abi, bytecode: `0x${factory.bytecode}` }, [feeToSetter]);
 */
export async function deployBytecode(
  c: DevnetClients,
  what: string,
  artifact: { abi: Abi; bytecode: Hex },
  args: readonly unknown[] = [],
): Promise<{ address: Address; tx: Hash; receipt: TransactionReceipt }> {
  const tx = await c.walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
  const receipt = await confirm(c, tx, `deploy ${what}`);
  if (!receipt.contractAddress) throw new Error(`deploy ${what}: receipt has no contractAddress (tx ${tx})`);
  return { address: getAddress(receipt.contractAddress), tx, receipt };
}

/** Sends `data` to `to` from the clients' account and waits for a successful receipt. */
export async function sendTx(c: DevnetClients, to: Address, data: Hex, what: string, value?: bigint): Promise<SentTx> {
  const receipt = await confirm(c, await c.walletClient.sendTransaction({ to, data, value }), what);
  return { tx: receipt.transactionHash, block: receipt.blockNumber, receipt };
}
