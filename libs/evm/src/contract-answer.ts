import { AbiDecodingDataSizeTooSmallError, AbiDecodingZeroDataError, BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError } from 'viem';
import { RpcRevertError, findRpcError } from './rpc/errors';

/**
 * Whether a failed viem contract read means "this contract does not answer that": a revert (as viem
 * or the endpoint pool classified it), empty return data (no code, no such function) or return data
 * of another shape. Anything else — a timeout, a 5xx, a refused connection — is the transport failing
 * and says nothing about the contract, so a fallback must not be taken (nor cached) for it.
 *
 * @example if (!isContractNoAnswer(error)) throw error; // retried next round
 */
export function isContractNoAnswer(error: unknown): boolean {
  if (findRpcError(error) instanceof RpcRevertError) return true;
  if (!(error instanceof BaseError)) return false;
  return (
    error.walk(
      (e) =>
        e instanceof ContractFunctionRevertedError ||
        e instanceof ContractFunctionZeroDataError ||
        e instanceof AbiDecodingZeroDataError ||
        e instanceof AbiDecodingDataSizeTooSmallError,
    ) !== null
  );
}

/**
 * A contract read, with `fallback` when the contract does not answer; transport errors are rethrown
 * (so the message is retried).
 *
 * @example const decimals = await orElse(client.readContract({ address, abi, functionName: 'decimals' }), 18);
 */
export async function orElse<T, F>(read: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await read;
  } catch (error) {
    if (isContractNoAnswer(error)) return fallback;
    throw error;
  }
}
