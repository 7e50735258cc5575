/**
 * EIP-2535 diamond (@solidstate/contracts' SolidStateDiamond) on the shared devnet, account #7: facets added,
 * replaced and removed with diamondCut, checked through the loupe, the DiamondCut logs and the facets' behaviour.
 */
import { revertOf } from '@pum/testing';
import { isAddressEqual, parseAbi, parseEventLogs, toFunctionSelector, zeroAddress, type Address } from 'viem';
import { devnetClients } from './clients';
import { loadArtifacts } from './compile';
import { COUNTER_FACET_SELECTORS, FACET_CUT_ACTIONS, cutDiamond, deployDiamond, diamondAbi } from './diamond';
import { deployContract, sendTx } from './tx';

const c = devnetClients(undefined, { accountIndex: 7 });
const counterAbi = parseAbi(['function increment()', 'function reset()', 'function count() view returns (uint256)', 'function counterVersion() view returns (string)']);
const sel = (signature: string) => toFunctionSelector(signature);
// @solidstate/contracts' errors: no facet (and no fallback) for a selector; diamondCut by a non-owner.
const diamondErrors = parseAbi(['error Proxy__ImplementationIsNotContract()', 'error Ownable__NotOwner()']);

beforeAll(async () => {
  expect(await c.publicClient.getChainId()).toBe(31337);
  await loadArtifacts();
}, 60_000);

describe('EIP-2535 diamond', () => {
  it('adds V1, replaces two selectors with V2, adds and removes reset(), with a DiamondCut log each time', async () => {
    const { diamond, receipt } = await deployDiamond(c);
    expect(parseEventLogs({ abi: diamondAbi, logs: receipt.logs, eventName: 'DiamondCut' })).toHaveLength(1);
    const facetOf = (selector: `0x${string}`) => c.publicClient.readContract({ address: diamond, abi: diamondAbi, functionName: 'facetAddress', args: [selector] });
    const read = <F extends 'count' | 'counterVersion'>(functionName: F) => c.publicClient.readContract({ address: diamond, abi: counterAbi, functionName });
    const call = (functionName: 'increment' | 'reset') => sendTx(c, diamond, sel(`${functionName}()`), functionName);

    const v1 = (await deployContract(c, 'CounterFacetV1')).address;
    const v2 = (await deployContract(c, 'CounterFacetV2')).address;
    const added = await cutDiamond(c, { diamond, cuts: [{ action: 'add', facet: v1, selectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }] });
    expect(added.facetCuts).toEqual([{ target: v1, action: FACET_CUT_ACTIONS.add, selectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }]);
    expect(await facetOf(sel('increment()'))).toBe(v1);
    await call('increment');
    expect(await read('count')).toBe(1n);
    expect(await read('counterVersion')).toBe('1');

    const replaced = await cutDiamond(c, {
      diamond,
      cuts: [
        { action: 'replace', facet: v2, selectors: [sel('increment()'), sel('counterVersion()')] },
        { action: 'add', facet: v2, selectors: [sel('reset()')] },
      ],
    });
    expect(replaced.facetCuts.map((f) => f.action)).toEqual([FACET_CUT_ACTIONS.replace, FACET_CUT_ACTIONS.add]);
    expect(await facetOf(sel('increment()'))).toBe(v2);
    expect(await facetOf(sel('count()'))).toBe(v1); // untouched selectors stay on V1, storage is shared
    await call('increment');
    expect(await read('count')).toBe(3n);
    expect(await read('counterVersion')).toBe('2');

    const removed = await cutDiamond(c, { diamond, cuts: [{ action: 'remove', selectors: [sel('reset()')] }] });
    expect(removed.facetCuts).toEqual([{ target: zeroAddress, action: FACET_CUT_ACTIONS.remove, selectors: [sel('reset()')] }]);
    expect(await facetOf(sel('reset()'))).toBe(zeroAddress);
    expect(await revertOf(call('reset'), diamondErrors)).toMatchObject({ errorName: 'Proxy__ImplementationIsNotContract' });

    const facets = await c.publicClient.readContract({ address: diamond, abi: diamondAbi, functionName: 'facets' });
    const selectorsOf = (facet: Address) => facets.find((f) => isAddressEqual(f.target, facet))?.selectors;
    expect(selectorsOf(v1)).toEqual([sel('count()')]);
    expect([...(selectorsOf(v2) ?? [])].sort()).toEqual([sel('increment()'), sel('counterVersion()')].sort());
  });

  it('rejects a cut from an account that does not own the diamond', async () => {
    const { diamond } = await deployDiamond(c);
    const v1 = (await deployContract(c, 'CounterFacetV1')).address;
    const stranger = devnetClients(c.rpcUrl, { accountIndex: 2 });
    const cut = await revertOf(
      c.publicClient.simulateContract({
        account: stranger.account,
        address: diamond,
        abi: diamondAbi,
        functionName: 'diamondCut',
        args: [[{ target: v1, action: 0, selectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }], zeroAddress, '0x'],
      }),
      diamondErrors,
    );
    expect(cut).toMatchObject({ errorName: 'Ownable__NotOwner' });
    expect(await c.publicClient.readContract({ address: diamond, abi: diamondAbi, functionName: 'facetAddress', args: [sel('count()')] })).toBe(zeroAddress);
  });
});
