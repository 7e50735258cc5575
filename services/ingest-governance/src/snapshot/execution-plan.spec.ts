import { executionPlansOf as sut } from './execution-plan';

const SAFE = '0x' + 'aa'.repeat(20);
const MODULE = '0x' + 'bb'.repeat(20);
const PROXY = '0x' + 'cc'.repeat(20);
const OTHER = '0x' + 'dd'.repeat(20);
const UPGRADE = '0x3659cfe6' + '00'.repeat(12) + 'ee'.repeat(20); // upgradeTo(0xee…)
const TRANSFER = '0xa9059cbb' + '00'.repeat(64);

describe('executionPlansOf', () => {
  it('reads the current oSnap shape: one Safe, its module and its transactions (formatted copies ignored)', () => {
    const plugins = {
      oSnap: {
        safe: {
          safeName: 'Treasury',
          safeAddress: SAFE.toUpperCase().replace('0X', '0x'),
          network: '1',
          moduleAddress: MODULE,
          tokens: [{ address: OTHER, symbol: 'USDC', decimals: 6 }],
          collectables: [],
          transactions: [
            { type: 'contractInteraction', to: PROXY, value: '0', data: UPGRADE, formatted: [PROXY, 0, '0', UPGRADE] },
            { type: 'transferFunds', to: OTHER, value: '0', data: TRANSFER, formatted: [OTHER, 0, '0', TRANSFER] },
          ],
        },
      },
    };

    expect(sut(plugins, '1')).toEqual([
      {
        chainId: 1,
        executor: SAFE,
        module: MODULE,
        calls: [
          { target: PROXY, value: '0', data: UPGRADE },
          { target: OTHER, value: '0', data: TRANSFER },
        ],
      },
    ]);
  });

  it('reads the older oSnap shape with several Safes keyed by address, each on its own chain', () => {
    const plugins = {
      oSnap: {
        safes: {
          [SAFE]: { safeAddress: SAFE, network: '10', moduleAddress: MODULE, transactions: [{ to: PROXY, value: '0', data: UPGRADE }] },
          [OTHER]: { safeAddress: OTHER, network: '42161', moduleAddress: MODULE, transactions: [] },
        },
      },
    };

    expect(sut(plugins, '1')).toEqual([{ chainId: 10, executor: SAFE, module: MODULE, calls: [{ target: PROXY, value: '0', data: UPGRADE }] }]);
  });

  it('reads SafeSnap batches without counting the MultiSend-encoded main transaction twice', () => {
    const plugins = {
      safeSnap: {
        safes: [
          {
            network: '5',
            realityAddress: MODULE,
            txs: [
              {
                hash: '0x' + '11'.repeat(32),
                mainTransaction: { to: '0x' + '99'.repeat(20), value: '0', data: '0x8d80ff0a', operation: '1' },
                transactions: [{ to: PROXY, value: '0', data: UPGRADE, operation: '0', nonce: 0 }],
              },
            ],
          },
        ],
      },
    };

    expect(sut(plugins, '1')).toEqual([{ chainId: 5, executor: null, module: MODULE, calls: [{ target: PROXY, value: '0', data: UPGRADE }] }]);
  });

  it('puts calls outside any Safe scope (legacy flat SafeSnap txs) on the space network', () => {
    expect(sut({ safeSnap: { txs: [[{ to: PROXY, value: 0, data: UPGRADE }]] } }, '137')).toEqual([
      { chainId: 137, executor: null, module: null, calls: [{ target: PROXY, value: '0', data: UPGRADE }] },
    ]);
    expect(sut({ safeSnap: { txs: [[{ to: PROXY, value: 0, data: UPGRADE }]] } }, null)).toEqual([]);
  });

  it('skips what is not a call and ignores other plugins and malformed data', () => {
    const plugins = {
      quorum: { total: 1 },
      poap: { to: PROXY, data: UPGRADE },
      oSnap: {
        safe: {
          network: 'mainnet',
          transactions: [{ to: 'not-an-address', data: UPGRADE }, { to: PROXY, data: 'zz' }, { to: PROXY, value: '-1', data: '0x' }],
        },
      },
    };

    expect(sut(plugins, '1')).toEqual([{ chainId: 1, executor: null, module: null, calls: [{ target: PROXY, value: '0', data: '0x' }] }]);
    expect(sut(null, '1')).toEqual([]);
    expect(sut('{"oSnap":{}}', '1')).toEqual([]);
    expect(sut([], '1')).toEqual([]);
  });
});
