import {
  RpcBlockUnavailableError,
  RpcConnectionError,
  RpcInternalError,
  RpcInvalidParamsError,
  RpcMethodNotSupportedError,
  RpcRangeTooLargeError,
  RpcRateLimitedError,
  RpcRequestRejectedError,
  RpcRevertError,
  RpcTimeoutError,
  classifyJsonRpcError,
  findRpcError,
  shouldRetry,
} from './errors';

describe('classifyJsonRpcError', () => {
  it.each([
    [3, 'execution reverted: Ownable: caller is not the owner', RpcRevertError],
    [-32000, 'execution reverted', RpcRevertError],
    [-32603, 'Error: Transaction reverted without a reason string', RpcRevertError],
    [-32602, 'invalid value "0x1234" supplied to : ADDRESS', RpcInvalidParamsError],
    [-32005, 'query returned more than 10000 results', RpcRangeTooLargeError],
    [-32000, 'block range is too large', RpcRangeTooLargeError],
    [-32602, 'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range', RpcRangeTooLargeError],
    [-32600, 'eth_getLogs is limited to a 10,000 range', RpcRangeTooLargeError],
    [-32005, 'limit exceeded', RpcRateLimitedError],
    [429, 'Too Many Requests', RpcRateLimitedError],
    [-32000, 'header not found', RpcBlockUnavailableError],
    [-32603, 'internal error', RpcInternalError],
    [-32601, 'the method eth_foo does not exist', RpcMethodNotSupportedError],
    [-32004, 'Method eth_nope is not supported', RpcMethodNotSupportedError],
    [-32000, 'nonce too low', RpcRequestRejectedError],
  ])('maps code %i "%s" to its class', (code, message, expected) => {
    const sut = classifyJsonRpcError({ code, message }, { endpoint: 'node-a' });

    expect(sut).toBeInstanceOf(expected);
    expect(sut.code).toBe(code);
    expect(sut.endpoint).toBe('node-a');
  });

  it('keeps the revert data the node nested in error.data', () => {
    const sut = classifyJsonRpcError({ code: -32603, message: 'reverted', data: { message: 'x', data: '0x08c379a0' } });

    expect(sut).toBeInstanceOf(RpcRevertError);
    expect((sut as RpcRevertError).revertData).toBe('0x08c379a0');
  });
});

describe('shouldRetry', () => {
  it('retries timeouts, rate limits, connection failures and node hiccups', () => {
    expect(shouldRetry(new RpcTimeoutError(100))).toBe(true);
    expect(shouldRetry(new RpcRateLimitedError(1000))).toBe(true);
    expect(shouldRetry(new RpcConnectionError('ECONNRESET'))).toBe(true);
    expect(shouldRetry(classifyJsonRpcError({ code: -32603, message: 'internal error' }))).toBe(true);
  });

  it('never retries a revert, invalid params, a too-large range or an unknown error', () => {
    expect(shouldRetry(classifyJsonRpcError({ code: 3, message: 'execution reverted' }))).toBe(false);
    expect(shouldRetry(classifyJsonRpcError({ code: -32602, message: 'invalid argument' }))).toBe(false);
    expect(shouldRetry(classifyJsonRpcError({ code: -32005, message: 'query returned more than 10000 results' }))).toBe(false);
    expect(shouldRetry(new Error('bug'))).toBe(false);
    expect(shouldRetry('nope')).toBe(false);
  });
});

describe('findRpcError', () => {
  it('finds the RpcError under the wrappers viem puts around it', () => {
    const rpcError = new RpcRangeTooLargeError('block range is too large');
    const wrapped = new Error('HTTP request failed', { cause: new Error('UnknownRpcError', { cause: rpcError }) });

    expect(findRpcError(wrapped)).toBe(rpcError);
    expect(findRpcError(new Error('plain'))).toBeUndefined();
  });
});
