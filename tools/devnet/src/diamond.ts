import { encodeFunctionData, parseAbi, parseEventLogs, toFunctionSelector, zeroAddress, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

/** EIP-2535 diamondCut, loupe and `DiamondCut` event (@solidstate/contracts' SolidStateDiamond implements them). */
export const diamondAbi = parseAbi([
  'struct FacetCut { address target; uint8 action; bytes4[] selectors; }',
  'struct Facet { address target; bytes4[] selectors; }',
  'function diamondCut(FacetCut[] facetCuts, address target, bytes data)',
  'function facets() view returns (Facet[])',
  'function facetFunctionSelectors(address facet) view returns (bytes4[])',
  'function facetAddresses() view returns (address[])',
  'function facetAddress(bytes4 selector) view returns (address)',
  'function owner() view returns (address)',
  'event DiamondCut(FacetCut[] facetCuts, address target, bytes data)',
]);

/** EIP-2535 `FacetCutAction` values. */
export const FACET_CUT_ACTIONS = { add: 0, replace: 1, remove: 2 } as const;
export type FacetCutAction = keyof typeof FACET_CUT_ACTIONS;

export interface FacetCut {
  action: FacetCutAction;
  /** Facet providing the selectors; ignored for `remove` (EIP-2535 requires the zero address there). */
  facet?: Address;
  selectors: readonly Hex[];
}

/** Selectors of the devnet counter facets (tools/devnet/contracts/diamond). */
export const COUNTER_FACET_SELECTORS = {
  CounterFacetV1: ['increment()', 'count()', 'counterVersion()'].map((f) => toFunctionSelector(f)),
  CounterFacetV2: ['increment()', 'reset()', 'counterVersion()'].map((f) => toFunctionSelector(f)),
} as const;

/**
 * Deploys an EIP-2535 diamond (DevnetDiamond = @solidstate/contracts' SolidStateDiamond, owned by the signer,
 * diamond-cut and loupe built in); its deployment logs one `DiamondCut` registering those selectors.
 *
 * @example const { diamond } = await deployDiamond(c);
 */
export async function deployDiamond(c: DevnetClients): Promise<SentTx & { diamond: Address }> {
  const d = await deployContract(c, 'DevnetDiamond');
  return { diamond: d.address, tx: d.tx, block: d.receipt.blockNumber, receipt: d.receipt };
}

/**
 * Applies facet cuts (`diamondCut(cuts, init, initData)`; the signer must own the diamond) and returns the
 * decoded `DiamondCut` log with the transaction.
 *
 * @example
 * const v1 = await deployContract(c, 'CounterFacetV1');
 * await cutDiamond(c, { diamond, cuts: [{ action: 'add', facet: v1.address, selectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }] });
 */
export async function cutDiamond(
  c: DevnetClients,
  params: { diamond: Address; cuts: readonly FacetCut[]; init?: { target: Address; data: Hex } },
): Promise<SentTx & { facetCuts: readonly { target: Address; action: number; selectors: readonly Hex[] }[] }> {
  const facetCuts = params.cuts.map((cut) => {
    if (cut.action !== 'remove' && cut.facet === undefined) throw new Error(`cutDiamond: an ${cut.action} cut needs a facet`);
    return { target: cut.action === 'remove' ? zeroAddress : (cut.facet ?? zeroAddress), action: FACET_CUT_ACTIONS[cut.action], selectors: [...cut.selectors] };
  });
  const data = encodeFunctionData({
    abi: diamondAbi,
    functionName: 'diamondCut',
    args: [facetCuts, params.init?.target ?? zeroAddress, params.init?.data ?? '0x'],
  });
  const sent = await sendTx(c, params.diamond, data, `diamondCut on ${params.diamond}`);
  const [cut] = parseEventLogs({ abi: diamondAbi, logs: sent.receipt.logs, eventName: 'DiamondCut' });
  if (!cut) throw new Error(`cutDiamond: no DiamondCut log in tx ${sent.tx}`);
  return { ...sent, facetCuts: cut.args.facetCuts };
}
