import { devnetClients, loadArtifacts, type DevnetClients } from '@pum/devnet';
import type { Abi, Address } from 'viem';

/**
 * A steady stream of upgrade-relevant events on the private node: one `LogSpammer.emitUpgraded(n)`
 * transaction (one automined block of `n` EIP-1967 `Upgraded` logs) every `intervalMs`, straight to
 * the node (never through the fault proxy). `pause()` holds it between transactions, so the harness can
 * snapshot and revert the chain for a reorg.
 */
export class LoadGenerator {
  address!: Address;
  sent = 0;
  errors = 0;
  /** Called with each mined block's hash, so the harness knows which phase a block belongs to. */
  onBlock?: (blockHash: string) => void;
  private abi!: Abi;
  private chain: DevnetClients;
  private loop?: Promise<void>;
  private stopping = false;
  private paused = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly rpcUrl: string,
    private readonly logsPerTx: number,
    private readonly intervalMs: number,
  ) {
    this.chain = devnetClients(rpcUrl, { accountIndex: 0 });
  }

  async deploy(): Promise<Address> {
    const { LogSpammer } = (await loadArtifacts()).contracts;
    this.abi = LogSpammer.abi as Abi;
    const hash = await this.chain.walletClient.deployContract({ abi: LogSpammer.abi, bytecode: LogSpammer.bytecode });
    const receipt = await this.chain.publicClient.waitForTransactionReceipt({ hash });
    this.address = receipt.contractAddress as Address;
    return this.address;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Sends from another Hardhat account from now on (so the transactions after a revert differ from the orphaned ones). */
  useAccount(index: number): void {
    this.chain = devnetClients(this.rpcUrl, { accountIndex: index });
  }

  /** Resolves once no transaction is in flight; none is sent until `resume()`. */
  pause(): Promise<void> {
    this.paused = true;
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  resume(): void {
    this.paused = false;
  }

  /** One transaction now, waited for: its block number. */
  async emitOnce(): Promise<bigint> {
    const hash = await this.chain.walletClient.writeContract({
      address: this.address,
      abi: this.abi,
      functionName: 'emitUpgraded',
      args: [BigInt(this.logsPerTx)],
      chain: this.chain.walletClient.chain,
      account: this.chain.account,
    });
    const receipt = await this.chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    this.sent += receipt.logs.length;
    this.onBlock?.(receipt.blockHash);
    return receipt.blockNumber;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.paused = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.paused) {
        this.idle?.();
        this.idle = undefined;
        await sleep(50);
        continue;
      }
      const started = Date.now();
      try {
        await this.emitOnce();
      } catch {
        this.errors++;
      }
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
    this.idle?.();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
