import { encodeAbiParameters, encodeFunctionData, keccak256, parseAbi, parseEventLogs, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

/** ABI of the Compound `Timelock` (tools/devnet/contracts/compound/Timelock.sol). */
export const compoundTimelockAbi = parseAbi([
  'function admin() view returns (address)',
  'function pendingAdmin() view returns (address)',
  'function delay() view returns (uint256)',
  'function GRACE_PERIOD() view returns (uint256)',
  'function MINIMUM_DELAY() view returns (uint256)',
  'function queuedTransactions(bytes32 txHash) view returns (bool)',
  'function queueTransaction(address target, uint256 value, string signature, bytes data, uint256 eta) returns (bytes32)',
  'function executeTransaction(address target, uint256 value, string signature, bytes data, uint256 eta) payable returns (bytes)',
  'function cancelTransaction(address target, uint256 value, string signature, bytes data, uint256 eta)',
  'event NewAdmin(address indexed newAdmin)',
  'event NewPendingAdmin(address indexed newPendingAdmin)',
  'event NewDelay(uint256 indexed newDelay)',
  'event QueueTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
  'event ExecuteTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
  'event CancelTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
]);

/** Compound's `GRACE_PERIOD`: a queued transaction is stale 14 days after its ETA. */
export const COMPOUND_GRACE_PERIOD = 14n * 24n * 3600n;

/** One Compound timelock transaction; `signature` empty means `data` is the full calldata. */
export interface CompoundTimelockTx {
  timelock: Address;
  target: Address;
  value?: bigint;
  signature?: string;
  data: Hex;
  eta: bigint;
}

function txArgs(t: CompoundTimelockTx): readonly [Address, bigint, string, Hex, bigint] {
  return [t.target, t.value ?? 0n, t.signature ?? '', t.data, t.eta];
}

/** The timelock's id for a transaction: `keccak256(abi.encode(target, value, signature, data, eta))`. */
export function compoundTimelockTxHash(t: CompoundTimelockTx): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'string' }, { type: 'bytes' }, { type: 'uint256' }], txArgs(t)));
}

/**
 * Deploys a Compound Timelock (devnet port; MINIMUM_DELAY 1 s, GRACE_PERIOD 14 days) with `admin`
 * (default: the signer) and `delay` seconds.
 *
 * @example const timelock = await deployCompoundTimelock(c, { delay: 60 });
 */
export async function deployCompoundTimelock(c: DevnetClients, params: { delay: number; admin?: Address }): Promise<Address> {
  return (await deployContract(c, 'Timelock', [params.admin ?? c.account.address, BigInt(params.delay)])).address;
}

/**
 * Queues a transaction directly on a Compound Timelock (the signer must be its admin). `eta` defaults to the
 * latest block's time + delay + `etaMargin` (default 5 s, so the queue block's later timestamp still satisfies the delay).
 *
 * @example const q = await queueTimelockTransaction(c, { timelock, target: proxy, data });
 */
export async function queueTimelockTransaction(
  c: DevnetClients,
  t: Omit<CompoundTimelockTx, 'eta'> & { eta?: bigint; etaMargin?: bigint },
): Promise<SentTx & CompoundTimelockTx & { txHash: Hex }> {
  let eta = t.eta;
  if (eta === undefined) {
    const [delay, head] = await Promise.all([
      c.publicClient.readContract({ address: t.timelock, abi: compoundTimelockAbi, functionName: 'delay' }),
      c.publicClient.getBlock({ blockTag: 'latest' }),
    ]);
    eta = head.timestamp + delay + (t.etaMargin ?? 5n);
  }
  const full: CompoundTimelockTx = { timelock: t.timelock, target: t.target, value: t.value ?? 0n, signature: t.signature ?? '', data: t.data, eta };
  const data = encodeFunctionData({ abi: compoundTimelockAbi, functionName: 'queueTransaction', args: txArgs(full) });
  const sent = await sendTx(c, t.timelock, data, `queue timelock transaction to ${t.target}`);
  const [queued] = parseEventLogs({ abi: compoundTimelockAbi, logs: sent.receipt.logs, eventName: 'QueueTransaction' });
  if (!queued) throw new Error(`queueTimelockTransaction: no QueueTransaction log in tx ${sent.tx}`);
  return { ...sent, ...full, txHash: queued.args.txHash };
}

/** Executes a queued Compound timelock transaction (admin only; after its ETA, before ETA + GRACE_PERIOD). */
export function executeTimelockTransaction(c: DevnetClients, t: CompoundTimelockTx): Promise<SentTx> {
  const data = encodeFunctionData({ abi: compoundTimelockAbi, functionName: 'executeTransaction', args: txArgs(t) });
  return sendTx(c, t.timelock, data, `execute timelock transaction to ${t.target}`, t.value);
}

/** Cancels a queued Compound timelock transaction (admin only). */
export function cancelTimelockTransaction(c: DevnetClients, t: CompoundTimelockTx): Promise<SentTx> {
  const data = encodeFunctionData({ abi: compoundTimelockAbi, functionName: 'cancelTransaction', args: txArgs(t) });
  return sendTx(c, t.timelock, data, `cancel timelock transaction to ${t.target}`);
}
