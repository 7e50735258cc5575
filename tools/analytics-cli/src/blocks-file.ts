import type { Swap } from '@pum/dex-analytics';
import { z } from 'zod';

const addr = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
  .transform((value) => value.toLowerCase());
const txHash = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex hash')
  .transform((value) => value.toLowerCase());
const rawInt = z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a decimal string of a non-negative integer');

const fileSwap = z.object({
  transactionHash: txHash,
  transactionIndex: z.number().int().nonnegative(),
  logIndex: z.number().int().nonnegative().nullable(),
  pool: addr,
  protocol: z.string().min(1),
  sender: addr,
  recipient: addr,
  txFrom: addr.nullable(),
  tokenIn: addr,
  tokenOut: addr,
  amountIn: rawInt,
  amountOut: rawInt,
});

/** The detector's input file: `{ "blocks": [ { "chainId", "blockNumber", "swaps": [ … ] } ] }`. */
export const blocksFile = z.object({
  blocks: z.array(
    z.object({
      chainId: z.number().int().positive(),
      blockNumber: z.union([z.number().int().nonnegative(), rawInt]),
      swaps: z.array(fileSwap),
    }),
  ),
});

/** The file is not what `blocksFile` describes; `problems` name each place (`blocks.0.swaps.2.pool: …`). */
export class BlocksFileError extends Error {
  override readonly name = 'BlocksFileError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * The blocks of a labelled file, each block's swaps mapped for the detectors (a swap without a log index is
 * identified by its place in the file). Throws BlocksFileError naming every bad place.
 *
 * @example readBlocks(JSON.parse(text))[0].swaps[0].swapId // '1:0xab…:3'
 */
export function readBlocks(document: unknown): { chainId: number; blockNumber: bigint; swaps: Swap[] }[] {
  const parsed = blocksFile.safeParse(document);
  if (!parsed.success) throw new BlocksFileError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`));
  return parsed.data.blocks.map((block) => ({
    chainId: block.chainId,
    blockNumber: BigInt(block.blockNumber),
    swaps: block.swaps.map((swap, i) => ({
      ...swap,
      swapId: `${block.chainId}:${swap.transactionHash}:${swap.logIndex ?? `#${i}`}`,
      chainId: block.chainId,
      blockNumber: BigInt(block.blockNumber),
      amountIn: BigInt(swap.amountIn),
      amountOut: BigInt(swap.amountOut),
    })),
  }));
}
