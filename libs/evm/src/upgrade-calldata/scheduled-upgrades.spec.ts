import {
  concatHex,
  encodeAbiParameters,
  encodeFunctionData,
  encodePacked,
  getAddress,
  parseAbi,
  size,
  toFunctionSelector,
  zeroHash,
  type Hex,
} from 'viem';
import { upgradeFunctions, wrapperFunctions } from './upgrade-functions';
import { detectScheduledUpgrades as sut } from './scheduled-upgrades';

const abi = [...upgradeFunctions, ...wrapperFunctions, ...parseAbi(['function transfer(address to, uint256 amount) returns (bool)'])];

const PROXY = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const proxy = PROXY.toLowerCase();
const IMPL = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const impl = IMPL.toLowerCase();
const PROXY_ADMIN = getAddress('0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0');
const proxyAdmin = PROXY_ADMIN.toLowerCase();
const TIMELOCK = getAddress('0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9');
const timelock = TIMELOCK.toLowerCase();
const SAFE = getAddress('0xdc64a140aa3e981100a9beca4e685f962f0cf6c9');
const safe = SAFE.toLowerCase();
const MULTI_SEND = getAddress('0x40a2accbd92bca938b02010e17a5b8929b49130d');
const multiSend = MULTI_SEND.toLowerCase();
const NEW_ADMIN = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const newAdmin = NEW_ADMIN.toLowerCase();
const TOKEN = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const INIT_DATA: Hex = '0x8129fc1c'; // initialize()

const upgradeTo = encodeFunctionData({ abi, functionName: 'upgradeTo', args: [IMPL] });
const transfer = encodeFunctionData({ abi, functionName: 'transfer', args: [NEW_ADMIN, 10n] });
const call = (target: string, data: Hex, eta?: string | null) => ({ target, value: '0', data, eta });

describe('detectScheduledUpgrades', () => {
  it('uses the selectors the deployed contracts expose', () => {
    const selectors = Object.fromEntries([...upgradeFunctions, ...wrapperFunctions].map((fn) => [fn.name, toFunctionSelector(fn)]));

    expect(selectors).toStrictEqual({
      upgradeTo: '0x3659cfe6',
      upgradeToAndCall: '0x4f1ef286',
      upgrade: '0x99a88ec4',
      upgradeAndCall: '0x9623609d',
      changeProxyAdmin: '0x7eff275e',
      changeAdmin: '0x8f283970',
      diamondCut: '0x1f931c1c',
      schedule: '0x01d5062a',
      scheduleBatch: '0x8f2a0bb0',
      execute: '0x134008d3',
      executeBatch: '0xe38335e5',
      queueTransaction: '0x3a66f901',
      executeTransaction: '0x0825f38f',
      execTransaction: '0x6a761202',
      multiSend: '0x8d80ff0a',
    });
  });

  describe('direct calls', () => {
    it('flags upgradeTo on a proxy with its new implementation', () => {
      expect(sut([call(PROXY, upgradeTo, '1700000000')])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [], eta: '1700000000' },
      ]);
    });

    it('flags upgradeTo on a known beacon as a beacon upgrade', () => {
      expect(sut([call(PROXY, upgradeTo)], { beacons: [PROXY] })).toStrictEqual([
        { kind: 'beacon_upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [], eta: null },
      ]);
    });

    it('flags upgradeToAndCall with the initialiser it will run', () => {
      const data = encodeFunctionData({ abi, functionName: 'upgradeToAndCall', args: [IMPL, INIT_DATA] });

      expect(sut([call(PROXY, data)])).toStrictEqual([
        { kind: 'upgrade_to_and_call', target: proxy, newImplementation: impl, initData: INIT_DATA, callIndex: 0, via: [], eta: null },
      ]);
    });

    it('flags ProxyAdmin.upgrade against the proxy it names, not the ProxyAdmin', () => {
      const data = encodeFunctionData({ abi, functionName: 'upgrade', args: [PROXY, IMPL] });

      expect(sut([call(PROXY_ADMIN, data)])).toStrictEqual([
        { kind: 'proxy_admin_upgrade', target: proxy, proxyAdmin, newImplementation: impl, callIndex: 0, via: [], eta: null },
      ]);
    });

    it('flags ProxyAdmin.upgradeAndCall with its initialiser', () => {
      const data = encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [PROXY, IMPL, INIT_DATA] });

      expect(sut([call(PROXY_ADMIN, data)])).toStrictEqual([
        {
          kind: 'proxy_admin_upgrade_and_call',
          target: proxy,
          proxyAdmin,
          newImplementation: impl,
          initData: INIT_DATA,
          callIndex: 0,
          via: [],
          eta: null,
        },
      ]);
    });

    it('flags ProxyAdmin.changeProxyAdmin as an admin change of the named proxy', () => {
      const data = encodeFunctionData({ abi, functionName: 'changeProxyAdmin', args: [PROXY, NEW_ADMIN] });

      expect(sut([call(PROXY_ADMIN, data)])).toStrictEqual([
        { kind: 'change_admin', target: proxy, proxyAdmin, newAdmin, callIndex: 0, via: [], eta: null },
      ]);
    });

    it('flags changeAdmin called on the proxy itself', () => {
      const data = encodeFunctionData({ abi, functionName: 'changeAdmin', args: [NEW_ADMIN] });

      expect(sut([call(PROXY, data)])).toStrictEqual([
        { kind: 'change_admin', target: proxy, proxyAdmin: null, newAdmin, callIndex: 0, via: [], eta: null },
      ]);
    });

    it('flags diamondCut with its facet cuts and init call', () => {
      const data = encodeFunctionData({
        abi,
        functionName: 'diamondCut',
        args: [[{ facetAddress: IMPL, action: 1, functionSelectors: ['0xaabbccdd'] }], NEW_ADMIN, INIT_DATA],
      });

      expect(sut([call(PROXY, data)])).toStrictEqual([
        {
          kind: 'diamond_cut',
          target: proxy,
          facetCuts: [{ facetAddress: impl, action: 'replace', functionSelectors: ['0xaabbccdd'] }],
          init: newAdmin,
          initData: INIT_DATA,
          callIndex: 0,
          via: [],
          eta: null,
        },
      ]);
    });

    it('ignores a diamondCut with an action Solidity would reject', () => {
      const data = encodeFunctionData({
        abi,
        functionName: 'diamondCut',
        args: [[{ facetAddress: IMPL, action: 7, functionSelectors: ['0xaabbccdd'] }], NEW_ADMIN, '0x'],
      });

      expect(sut([call(PROXY, data)])).toStrictEqual([]);
    });

    it('ignores calls that are not upgrades, empty calldata and truncated calldata', () => {
      expect(sut([call(TOKEN, transfer), call(TOKEN, '0x'), call(PROXY, upgradeTo.slice(0, 20) as Hex)])).toStrictEqual([]);
    });

    it('reports the index of the call carrying each upgrade', () => {
      const upgrades = sut([call(TOKEN, transfer), call(PROXY, upgradeTo), call(TOKEN, transfer)]);

      expect(upgrades.map((u) => u.callIndex)).toStrictEqual([1]);
    });
  });

  describe('calls relayed through a timelock', () => {
    it('looks inside TimelockController.schedule, the ETA growing by its delay', () => {
      const data = encodeFunctionData({ abi, functionName: 'schedule', args: [PROXY, 0n, upgradeTo, zeroHash, zeroHash, 86_400n] });

      expect(sut([call(TIMELOCK, data, '1700000000')])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [timelock], eta: '1700086400' },
      ]);
    });

    it('leaves the ETA unknown when scheduling time is unknown', () => {
      const data = encodeFunctionData({ abi, functionName: 'schedule', args: [PROXY, 0n, upgradeTo, zeroHash, zeroHash, 86_400n] });

      expect(sut([call(TIMELOCK, data)])).toMatchObject([{ kind: 'upgrade_to', eta: null }]);
    });

    it('looks inside every call of TimelockController.scheduleBatch', () => {
      const admin = encodeFunctionData({ abi, functionName: 'upgrade', args: [PROXY, IMPL] });
      const data = encodeFunctionData({
        abi,
        functionName: 'scheduleBatch',
        args: [[TOKEN, PROXY_ADMIN], [0n, 0n], [transfer, admin], zeroHash, zeroHash, 60n],
      });

      expect(sut([call(TIMELOCK, data, '100')])).toStrictEqual([
        { kind: 'proxy_admin_upgrade', target: proxy, proxyAdmin, newImplementation: impl, callIndex: 0, via: [timelock], eta: '160' },
      ]);
    });

    it('looks inside TimelockController.execute and executeBatch', () => {
      const execute = encodeFunctionData({ abi, functionName: 'execute', args: [PROXY, 0n, upgradeTo, zeroHash, zeroHash] });
      const executeBatch = encodeFunctionData({ abi, functionName: 'executeBatch', args: [[PROXY], [0n], [upgradeTo], zeroHash, zeroHash] });

      expect(sut([call(TIMELOCK, execute), call(TIMELOCK, executeBatch)])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [timelock], eta: null },
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 1, via: [timelock], eta: null },
      ]);
    });

    it('looks inside a Compound queueTransaction given as signature plus data, taking its ETA', () => {
      const args = encodeAbiParameters([{ type: 'address' }], [IMPL]);
      const data = encodeFunctionData({
        abi,
        functionName: 'queueTransaction',
        args: [PROXY, 0n, 'upgradeTo(address)', args, 1_800_000_000n],
      });

      expect(sut([call(TIMELOCK, data)])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [timelock], eta: '1800000000' },
      ]);
    });

    it('looks inside a Compound executeTransaction whose data already holds the selector', () => {
      const data = encodeFunctionData({ abi, functionName: 'executeTransaction', args: [PROXY, 0n, '', upgradeTo, 1n] });

      expect(sut([call(TIMELOCK, data, '5')])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [timelock], eta: '5' },
      ]);
    });
  });

  describe('calls relayed through a Safe', () => {
    const execTransaction = (to: string, data: Hex, operation: number) =>
      encodeFunctionData({
        abi,
        functionName: 'execTransaction',
        args: [getAddress(to), 0n, data, operation, 0n, 0n, 0n, TOKEN, TOKEN, '0x'],
      });
    const packed = (operation: number, to: string, data: Hex) =>
      encodePacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [operation, getAddress(to), 0n, BigInt(size(data)), data]);

    it('looks inside a Safe transaction that calls the proxy', () => {
      expect(sut([call(SAFE, execTransaction(PROXY, upgradeTo, 0))])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [safe], eta: null },
      ]);
    });

    it('looks inside a MultiSend batch the Safe delegate-calls, skipping the batch’s other calls', () => {
      const changeAdmin = encodeFunctionData({ abi, functionName: 'changeAdmin', args: [NEW_ADMIN] });
      const batch = concatHex([packed(0, TOKEN, transfer), packed(0, PROXY, upgradeTo), packed(0, PROXY, changeAdmin)]);
      const multiSendData = encodeFunctionData({ abi, functionName: 'multiSend', args: [batch] });

      expect(sut([call(SAFE, execTransaction(MULTI_SEND, multiSendData, 1))])).toStrictEqual([
        { kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [safe, multiSend], eta: null },
        { kind: 'change_admin', target: proxy, proxyAdmin: null, newAdmin, callIndex: 0, via: [safe, multiSend], eta: null },
      ]);
    });

    it('ignores a Safe delegatecall into anything but MultiSend', () => {
      expect(sut([call(SAFE, execTransaction(PROXY, upgradeTo, 1))])).toStrictEqual([]);
    });

    it('ignores a MultiSend batch whose last entry overruns the data', () => {
      const batch = packed(0, PROXY, upgradeTo);
      const truncated = batch.slice(0, -2) as Hex;
      const multiSendData = encodeFunctionData({ abi, functionName: 'multiSend', args: [truncated] });

      expect(sut([call(MULTI_SEND, multiSendData)])).toStrictEqual([]);
    });
  });
});
