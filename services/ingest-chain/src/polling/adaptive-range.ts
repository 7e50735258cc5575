import { RpcRangeTooLargeError, findRpcError } from '../rpc';

/** Messages providers use when an `eth_getLogs` range is too large (Alchemy, Infura, QuickNode, geth, erigon…). */
const RANGE_TOO_LARGE = [
  /query returned more than \d+ results/i,
  /block range (is )?too (large|wide)/i,
  /exceed(s|ed)? (the )?(maximum )?(block )?range/i,
  /log response size exceeded/i,
  /response size (is )?(too large|exceeded)/i,
  /range (is )?too large/i,
  /too many (results|logs)/i,
];

/** True when an RPC error says the requested block range (or its result) was too large. */
export function isRangeTooLarge(error: unknown): boolean {
  if (findRpcError(error) instanceof RpcRangeTooLargeError) return true;
  const texts: string[] = [];
  for (let e: unknown = error; e instanceof Error && texts.length < 5; e = (e as { cause?: unknown }).cause) {
    texts.push(e.message, (e as { details?: string }).details ?? '');
  }
  return texts.some((text) => RANGE_TOO_LARGE.some((pattern) => pattern.test(text)));
}

/**
 * The `eth_getLogs` block range for backfill: halves on a range-too-large answer, grows by a
 * quarter after each success, never above the configured maximum nor below one block.
 *
 * @example const range = new AdaptiveRange(2000); range.shrink(); range.current // 1000
 */
export class AdaptiveRange {
  private value: number;

  constructor(private readonly max: number) {
    this.value = max;
  }

  get current(): number {
    return this.value;
  }

  /** Returns false when already at one block (nothing left to shrink). */
  shrink(): boolean {
    if (this.value <= 1) return false;
    this.value = Math.max(1, Math.floor(this.value / 2));
    return true;
  }

  grow(): void {
    this.value = Math.min(this.max, Math.ceil(this.value * 1.25));
  }
}
