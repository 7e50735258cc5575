import {
  createPublicClient,
  createWalletClient,
  http,
  type Account,
  type Chain,
  type HttpTransport,
  type PublicClient,
  type WalletClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';

/** Hardhat's well-known, publicly known development mnemonic (see tools/devnet/hardhat.config.js). */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545';

export interface DevnetClients {
  rpcUrl: string;
  chain: Chain;
  account: Account;
  publicClient: PublicClient<HttpTransport, Chain>;
  walletClient: WalletClient<HttpTransport, Chain, Account>;
}

export interface DevnetClientOptions {
  /**
   * Index of the Hardhat default account used for signing (0-19). Processes that send transactions at the
   * same time should use different indexes so their nonces never race. Default: env DEVNET_ACCOUNT_INDEX or 0.
   *
   * Who uses which account on the shared devnet (127.0.0.1:8545); pick a free one for a new suite and add it here:
   * - 0: the demo scenario (`npm run scenario`, scripts/start.sh); suites on a private node (startDevnetNode)
   * - 1: tools/devnet proxies.int-spec (2 as the unauthorised stranger, sends nothing)
   * - 3: e2e/upgrade-flow.e2e-spec
   * - 4: tools/devnet safe.int-spec (sender); 5, 6: its Safe owners (sign only, send nothing)
   * - 7: tools/devnet diamond.int-spec
   * - 8: tools/devnet access-control.int-spec
   * - 9: services/risk-engine bytecode.int-spec (deploys a vault proxy and its V2 implementations)
   * - 10: only an address (a new Safe owner, a module, a new contract owner) in tools/devnet specs; never sends
   * - 11, 12, 13: governance voters in tools/devnet's governance int-specs (private nodes only)
   * - 14: the demo scenario's DAO (deploys it, proposes); 15, 16, 17: its voters (scenario.ts governance round)
   * - 18: the demo market (demo-market.ts: deploys its tokens, pools and feed once, then trades in every scenario round)
   * - 19: libs/guidance uniswap.int-spec (its own tokens, V2 pair and V3 pool)
   */
  accountIndex?: number;
}

/**
 * viem public + wallet clients for the local Hardhat devnet (chain 31337), signing locally with one of
 * Hardhat's deterministic default accounts.
 */
export function devnetClients(
  rpcUrl: string = process.env.DEVNET_RPC_URL ?? DEFAULT_RPC_URL,
  opts: DevnetClientOptions = {},
): DevnetClients {
  const accountIndex = opts.accountIndex ?? Number(process.env.DEVNET_ACCOUNT_INDEX ?? 0);
  if (!Number.isInteger(accountIndex) || accountIndex < 0 || accountIndex > 19) {
    throw new Error(`accountIndex must be an integer in 0..19, got ${accountIndex}`);
  }
  const chain: Chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: accountIndex });
  // Hardhat automines, so receipts are available almost immediately: poll fast.
  const transport = http(rpcUrl, { retryCount: 2, timeout: 10_000 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  const walletClient = createWalletClient({ chain, transport, account, pollingInterval: 100 });
  return { rpcUrl, chain, account, publicClient, walletClient };
}
