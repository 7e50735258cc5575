import { encodeFunctionData, erc20Abi, type Address } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

export interface Erc20Options {
  name: string;
  symbol: string;
  decimals: number;
  /** In base units (`supply` of 10n ** 15n at 6 decimals is a billion tokens). */
  supply: bigint;
}

/**
 * Deploys a DevnetToken (OZ 5 ERC20 with the given decimals), the whole supply minted to the signer.
 *
 * @example const usd = await deployErc20(c, { name: 'Demo USD', symbol: 'dUSD', decimals: 6, supply: 10n ** 15n });
 */
export async function deployErc20(c: DevnetClients, opts: Erc20Options): Promise<SentTx & { address: Address }> {
  const d = await deployContract(c, 'DevnetToken', [opts.name, opts.symbol, opts.decimals, opts.supply]);
  return { address: d.address, tx: d.tx, block: d.receipt.blockNumber, receipt: d.receipt };
}

/**
 * Sends `amount` (base units) of an ERC20 from the signer to `to`.
 *
 * @example await transferErc20(c, usd.address, pair, 10n ** 12n);
 */
export function transferErc20(c: DevnetClients, token: Address, to: Address, amount: bigint): Promise<SentTx> {
  return sendTx(c, token, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }), `transfer ${amount} of ${token} to ${to}`);
}

/**
 * Lets `spender` move up to `amount` (base units) of the signer's ERC20.
 *
 * @example await approveErc20(c, usd.address, caller, maxUint256);
 */
export function approveErc20(c: DevnetClients, token: Address, spender: Address, amount: bigint): Promise<SentTx> {
  return sendTx(c, token, encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, amount] }), `approve ${spender} on ${token}`);
}
