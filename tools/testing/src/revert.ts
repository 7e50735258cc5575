import { BaseError, decodeErrorResult, isHex, type Abi, type DecodeErrorResultReturnType, type Hex } from 'viem';

/**
 * The error `call` reverted with, decoded with `abi` (`Error(string)` and `Panic(uint256)` need not be in it), so a
 * test asserts which error a contract raised rather than that something failed. The devnet's contracts are not
 * compiled by Hardhat, so it cannot name their custom errors: the revert data is decoded here. Fails when `call`
 * succeeds, rethrows a failure that is not a revert, and fails naming the selector when `abi` lacks the error.
 *
 * @example expect(await revertOf(queueProposal(c, p), governorErrorsAbi)).toMatchObject({ errorName: 'GovernorUnexpectedProposalState' });
 */
export async function revertOf<const TAbi extends Abi>(call: Promise<unknown>, abi: TAbi): Promise<DecodeErrorResultReturnType<TAbi>> {
  const outcome = await call.then(
    () => ({ reverted: false as const }),
    (error: unknown) => ({ reverted: true as const, error }),
  );
  if (!outcome.reverted) throw new Error('expected the call to revert, but it succeeded');
  const data = revertData(outcome.error);
  if (data === undefined) throw outcome.error;
  return decodeErrorResult({ abi, data });
}

/** Revert data anywhere in a viem error's cause chain: a decoded call's `raw`, or the node's JSON-RPC error `data`. */
function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const found = error.walk((e) => dataOf(e) !== undefined);
  return found === null ? undefined : dataOf(found);
}

function dataOf(e: unknown): Hex | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { raw, data } = e as { raw?: unknown; data?: unknown };
  const nested = typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : undefined;
  return [raw, data, nested].find((value): value is Hex => typeof value === 'string' && isHex(value) && value.length >= 10);
}
