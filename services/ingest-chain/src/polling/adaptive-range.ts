import { RpcRangeTooLargeError, findRpcError, isRangeTooLargeMessage } from '@pum/evm';

/**
 * True when an RPC error says the requested block range (or its result) was too large: classified
 * by the RPC transport, or (for errors that did not come through it) recognised by the same messages.
 */
export function isRangeTooLarge(error: unknown): boolean {
  if (findRpcError(error) instanceof RpcRangeTooLargeError) return true;
  const texts: string[] = [];
  for (let e: unknown = error; e instanceof Error && texts.length < 10; e = (e as { cause?: unknown }).cause) {
    texts.push(e.message, (e as { details?: string }).details ?? '');
  }
  return texts.some(isRangeTooLargeMessage);
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
