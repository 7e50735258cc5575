import { RpcInvalidParamsError, RpcMalformedResponseError, RpcRevertError } from './errors';
import { parseJsonRpcResponse } from './json-rpc-http';

describe('parseJsonRpcResponse', () => {
  it('returns the result of a response to our request, null included', () => {
    expect(parseJsonRpcResponse('{"jsonrpc":"2.0","id":7,"result":"0x10"}', 7)).toBe('0x10');
    expect(parseJsonRpcResponse('{"jsonrpc":"2.0","id":7,"result":null}', 7)).toBeNull();
  });

  it.each([
    ['invalid JSON', '<html>502 Bad Gateway</html>'],
    ['an empty body', ''],
    ['a batch array', '[{"jsonrpc":"2.0","id":7,"result":"0x1"}]'],
    ['a missing jsonrpc version', '{"id":7,"result":"0x1"}'],
    ['a wrong id', '{"jsonrpc":"2.0","id":8,"result":"0x1"}'],
    ['both result and error', '{"jsonrpc":"2.0","id":7,"result":"0x1","error":{"code":-32000,"message":"x"}}'],
    ['neither result nor error', '{"jsonrpc":"2.0","id":7}'],
    ['an error without a code', '{"jsonrpc":"2.0","id":7,"error":{"message":"x"}}'],
  ])('rejects %s as malformed', (_case, body) => {
    expect(() => parseJsonRpcResponse(body, 7, { endpoint: 'node-a' })).toThrow(RpcMalformedResponseError);
  });

  it('throws a JSON-RPC error as its classified error', () => {
    expect(() =>
      parseJsonRpcResponse('{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x"}}', 1),
    ).toThrow(RpcRevertError);
    expect(() =>
      parseJsonRpcResponse('{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0"}}', 1),
    ).toThrow(RpcInvalidParamsError);
  });
});
