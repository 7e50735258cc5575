import type { Swap } from './swap';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** Addresses of the unit tests: tokens, pools and actors. */
export const A = { usd: addr(0xa1), eth: addr(0xa2), dai: addr(0xa3), pool1: addr(0xb1), pool2: addr(0xb2), pool3: addr(0xb3), bot: addr(0xc1), botContract: addr(0xc2), victim: addr(0xd1), other: addr(0xd2), router: addr(0xe1) };

/** A swap for the unit tests: transaction `txIndex` of block 100, through the router unless told otherwise. */
export function swapOf(txIndex: number, logIndex: number, fields: Partial<Swap> & Pick<Swap, 'tokenIn' | 'tokenOut' | 'amountIn' | 'amountOut'>): Swap {
  const transactionHash = fields.transactionHash ?? tx(txIndex + 1);
  return {
    swapId: `1:${transactionHash}:${logIndex}`,
    chainId: 1,
    blockNumber: 100n,
    transactionHash,
    transactionIndex: txIndex,
    logIndex,
    pool: A.pool1,
    protocol: 'uniswap-v2',
    sender: A.router,
    recipient: fields.txFrom ?? A.other,
    txFrom: A.other,
    ...fields,
  };
}
