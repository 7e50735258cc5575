import { decodeFunctionData, hexToBigInt, hexToNumber, size, sliceHex, toFunctionSelector, type Address, type Hex } from 'viem';
import { signatureCalldata } from './signature-calldata';
import { upgradeFunctions, wrapperFunctions } from './upgrade-functions';

export type FacetCutAction = 'add' | 'replace' | 'remove';

/** One EIP-2535 facet cut, decoded: addresses and selectors lower case. */
export interface FacetCut {
  facetAddress: Address;
  action: FacetCutAction;
  functionSelectors: Hex[];
}

/** A call that will run later: a governor proposal action, a timelock operation, a Safe transaction. */
export interface ScheduledCall {
  target: string;
  /** Wei, decimal. */
  value: string;
  data: string;
  /** Unix seconds from which the call may run, when known. */
  eta?: string | null;
}

interface UpgradeBase {
  /** The proxy, beacon or diamond whose code (or upgrade authority) changes. */
  target: Address;
  /** Index of the call, in the list passed in, that carries this upgrade. */
  callIndex: number;
  /** Wrappers the call passes through (timelock, Safe, MultiSend), outermost first; empty when direct. */
  via: Address[];
  /** Earliest unix second the upgrade can run; null while unknown (e.g. a proposal not yet queued). */
  eta: string | null;
}

export type ScheduledUpgrade =
  | (UpgradeBase & { kind: 'upgrade_to' | 'beacon_upgrade_to'; newImplementation: Address })
  | (UpgradeBase & { kind: 'upgrade_to_and_call'; newImplementation: Address; initData: Hex })
  | (UpgradeBase & { kind: 'proxy_admin_upgrade'; proxyAdmin: Address; newImplementation: Address })
  | (UpgradeBase & { kind: 'proxy_admin_upgrade_and_call'; proxyAdmin: Address; newImplementation: Address; initData: Hex })
  /** `proxyAdmin` null: the proxy's admin called `changeAdmin` on it directly. */
  | (UpgradeBase & { kind: 'change_admin'; proxyAdmin: Address | null; newAdmin: Address })
  | (UpgradeBase & { kind: 'diamond_cut'; facetCuts: FacetCut[]; init: Address; initData: Hex });

export type ScheduledUpgradeKind = ScheduledUpgrade['kind'];

export interface DetectScheduledUpgradesOptions {
  /**
   * Known UpgradeableBeacons. `upgradeTo(address)` has one selector for proxies and beacons, so
   * without this a beacon's upgrade is reported as `upgrade_to`.
   */
  beacons?: Iterable<string>;
}

const FUNCTIONS = [...upgradeFunctions, ...wrapperFunctions] as const;
const MULTI_SEND_SELECTOR = toFunctionSelector('multiSend(bytes)');
const FACET_CUT_ACTIONS: readonly FacetCutAction[] = ['add', 'replace', 'remove'];
/** Timelock in Safe in timelock is already deep; beyond this, calldata is more likely adversarial. */
const MAX_DEPTH = 6;
const CALL = 0;
const DELEGATE_CALL = 1;

interface Context {
  callIndex: number;
  via: Address[];
  beacons: ReadonlySet<string>;
  depth: number;
}

const addr = (value: string): Address => value.toLowerCase() as Address;
const hex = (value: string): Hex => value.toLowerCase() as Hex;

/**
 * Finds the proxy, beacon and diamond upgrades (and proxy admin changes) among calls that have not
 * run yet, looking through TimelockController `schedule`/`scheduleBatch`/`execute`/`executeBatch`,
 * Compound Timelock `queueTransaction`/`executeTransaction`, Safe `execTransaction` and MultiSend.
 * Calls that are not upgrades, or whose calldata would revert on decoding, are skipped.
 *
 * @example detectScheduledUpgrades([{ target: proxy, value: '0', data: encodeFunctionData({ abi, functionName: 'upgradeTo', args: [impl] }) }])
 * // [{ kind: 'upgrade_to', target: proxy, newImplementation: impl, callIndex: 0, via: [], eta: null }]
 */
export function detectScheduledUpgrades(
  calls: readonly ScheduledCall[],
  options: DetectScheduledUpgradesOptions = {},
): ScheduledUpgrade[] {
  const beacons = new Set([...(options.beacons ?? [])].map(addr));
  return calls.flatMap((call, callIndex) => inspect(addr(call.target), hex(call.data), call.eta ?? null, { callIndex, via: [], beacons, depth: 0 }));
}

function inspect(target: Address, data: Hex, eta: string | null, ctx: Context): ScheduledUpgrade[] {
  if (ctx.depth > MAX_DEPTH) return [];
  let decoded: ReturnType<typeof decodeFunctionData<typeof FUNCTIONS>>;
  try {
    decoded = decodeFunctionData({ abi: FUNCTIONS, data });
  } catch {
    return []; // not a function we know, or calldata that would revert
  }
  const base = { target, callIndex: ctx.callIndex, via: ctx.via, eta };
  const relay = (innerTarget: string, innerData: string, innerEta: string | null = eta): ScheduledUpgrade[] =>
    inspect(addr(innerTarget), hex(innerData), innerEta, { ...ctx, via: [...ctx.via, target], depth: ctx.depth + 1 });

  switch (decoded.functionName) {
    case 'upgradeTo': {
      const [newImplementation] = decoded.args;
      const kind = ctx.beacons.has(target) ? 'beacon_upgrade_to' : 'upgrade_to';
      return [{ ...base, kind, newImplementation: addr(newImplementation) }];
    }
    case 'upgradeToAndCall': {
      const [newImplementation, initData] = decoded.args;
      return [{ ...base, kind: 'upgrade_to_and_call', newImplementation: addr(newImplementation), initData: hex(initData) }];
    }
    case 'upgrade': {
      const [proxy, implementation] = decoded.args;
      return [{ ...base, kind: 'proxy_admin_upgrade', target: addr(proxy), proxyAdmin: target, newImplementation: addr(implementation) }];
    }
    case 'upgradeAndCall': {
      const [proxy, implementation, initData] = decoded.args;
      return [
        {
          ...base,
          kind: 'proxy_admin_upgrade_and_call',
          target: addr(proxy),
          proxyAdmin: target,
          newImplementation: addr(implementation),
          initData: hex(initData),
        },
      ];
    }
    case 'changeProxyAdmin': {
      const [proxy, newAdmin] = decoded.args;
      return [{ ...base, kind: 'change_admin', target: addr(proxy), proxyAdmin: target, newAdmin: addr(newAdmin) }];
    }
    case 'changeAdmin': {
      const [newAdmin] = decoded.args;
      return [{ ...base, kind: 'change_admin', proxyAdmin: null, newAdmin: addr(newAdmin) }];
    }
    case 'diamondCut': {
      const [cuts, init, initData] = decoded.args;
      const facetCuts: FacetCut[] = [];
      for (const cut of cuts) {
        const action = FACET_CUT_ACTIONS[cut.action];
        if (action === undefined) return []; // Solidity rejects an out-of-range enum: the call reverts
        facetCuts.push({ facetAddress: addr(cut.facetAddress), action, functionSelectors: cut.functionSelectors.map(hex) });
      }
      return [{ ...base, kind: 'diamond_cut', facetCuts, init: addr(init), initData: hex(initData) }];
    }
    case 'schedule': {
      const [innerTarget, , innerData, , , delay] = decoded.args;
      return relay(innerTarget, innerData, addSeconds(eta, delay));
    }
    case 'scheduleBatch': {
      const [targets, values, payloads, , , delay] = decoded.args;
      if (values.length !== targets.length || payloads.length !== targets.length) return []; // reverts on chain
      return targets.flatMap((innerTarget, i) => relay(innerTarget, payloads[i] ?? '0x', addSeconds(eta, delay)));
    }
    case 'execute': {
      const [innerTarget, , payload] = decoded.args;
      return relay(innerTarget, payload);
    }
    case 'executeBatch': {
      const [targets, values, payloads] = decoded.args;
      if (values.length !== targets.length || payloads.length !== targets.length) return [];
      return targets.flatMap((innerTarget, i) => relay(innerTarget, payloads[i] ?? '0x'));
    }
    case 'queueTransaction': {
      const [innerTarget, , signature, innerData, innerEta] = decoded.args;
      return relay(innerTarget, signatureCalldata(signature, innerData), innerEta.toString(10));
    }
    case 'executeTransaction': {
      const [innerTarget, , signature, innerData] = decoded.args;
      return relay(innerTarget, signatureCalldata(signature, innerData));
    }
    case 'execTransaction': {
      const [to, , innerData, operation] = decoded.args;
      return relayOperation(operation, to, innerData, relay);
    }
    case 'multiSend': {
      const [transactions] = decoded.args;
      const batch = parseMultiSend(transactions);
      return batch === undefined ? [] : batch.flatMap((tx) => relayOperation(tx.operation, tx.to, tx.data, relay));
    }
  }
}

/**
 * A Safe operation: a CALL is followed; a DELEGATECALL only into MultiSend, whose batch then runs
 * as the Safe — any other delegatecall runs foreign code in the Safe's storage, not an upgrade we can read.
 */
function relayOperation(
  operation: number,
  to: string,
  data: Hex,
  relay: (target: string, data: string) => ScheduledUpgrade[],
): ScheduledUpgrade[] {
  if (operation === CALL) return relay(to, data);
  if (operation === DELEGATE_CALL && size(data) >= 4 && sliceHex(data, 0, 4) === MULTI_SEND_SELECTOR) return relay(to, data);
  return [];
}

/** Safe MultiSend's packed batch: (uint8 operation, address to, uint256 value, uint256 length, bytes data)*. */
function parseMultiSend(transactions: Hex): { operation: number; to: Address; data: Hex }[] | undefined {
  const batch: { operation: number; to: Address; data: Hex }[] = [];
  const total = size(transactions);
  let offset = 0;
  while (offset < total) {
    const header = offset + 85;
    if (header > total) return undefined;
    const length = hexToBigInt(sliceHex(transactions, offset + 53, header));
    if (BigInt(header) + length > BigInt(total)) return undefined;
    const end = header + Number(length);
    batch.push({
      operation: hexToNumber(sliceHex(transactions, offset, offset + 1)),
      to: addr(sliceHex(transactions, offset + 1, offset + 21)),
      data: length === 0n ? '0x' : sliceHex(transactions, header, end),
    });
    offset = end;
  }
  return batch;
}

function addSeconds(eta: string | null, seconds: bigint): string | null {
  return eta === null ? null : (BigInt(eta) + seconds).toString(10);
}
