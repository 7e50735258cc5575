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
