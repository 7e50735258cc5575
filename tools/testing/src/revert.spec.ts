import { BaseError, InternalRpcError, RpcRequestError, encodeErrorResult, getAddress, parseAbi } from 'viem';
import { revertOf } from './revert';

const abi = parseAbi(['error NotOwner(address account)']);
const account = getAddress('0x00000000000000000000000000000000000000aa');
const notOwner = encodeErrorResult({ abi, errorName: 'NotOwner', args: [account] });

/** What viem throws when Hardhat rejects eth_estimateGas for a reverting transaction. */
function estimateGasRevert(data: `0x${string}`) {
  const rpc = new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: -32603, message: 'reverted with an unrecognized custom error', data: { data } } });
  return new BaseError('An internal error was received.', { cause: new InternalRpcError(rpc) });
}

describe('revertOf', () => {
  it("decodes the revert data in the node's JSON-RPC error", async () => {
    expect(await revertOf(Promise.reject(estimateGasRevert(notOwner)), abi)).toMatchObject({ errorName: 'NotOwner', args: [account] });
  });

  it('decodes Error(string) reasons without them being in the ABI', async () => {
    const reason = encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: ['too early'] });
    expect(await revertOf(Promise.reject(estimateGasRevert(reason)), abi)).toMatchObject({ errorName: 'Error', args: ['too early'] });
  });

  it('fails when the call succeeds', async () => {
    await expect(revertOf(Promise.resolve('ok'), abi)).rejects.toThrow('expected the call to revert, but it succeeded');
  });

  it('rethrows a failure that carries no revert data', async () => {
    const timeout = new Error('request timed out');
    await expect(revertOf(Promise.reject(timeout), abi)).rejects.toBe(timeout);
  });

  it('names the selector of an error the ABI does not know', async () => {
    const other = encodeErrorResult({ abi: parseAbi(['error Paused()']), errorName: 'Paused' });
    await expect(revertOf(Promise.reject(estimateGasRevert(other)), abi)).rejects.toThrow(other.slice(0, 10));
  });
});
