import { toEventSelector, type Hex } from 'viem';
import { catalogueEvents } from './abis';

const { eip1967, eip2535, ...watchedOnly } = catalogueEvents;

/**
 * topic0 of the events that change a contract's code or its upgrade authority. They matter on any
 * address, so the poller asks for them chain-wide.
 *
 * @example client.getLogs({ topics: [[...UPGRADE_TOPIC0S]] })
 */
export const UPGRADE_TOPIC0S: readonly Hex[] = [eip1967.upgraded, eip1967.adminChanged, eip1967.beaconUpgraded, eip2535.diamondCut].map(
  (event) => toEventSelector(event),
);

/**
 * topic0 of every catalogue event, each once (Safe's 1.3 and 1.4 layouts share theirs): the filter
 * for `eth_getLogs` on the contracts a protocol is known to own — governors, timelocks, Safes, proxies.
 *
 * @example client.getLogs({ address: watched, topics: [[...CATALOGUE_TOPIC0S]] })
 */
export const CATALOGUE_TOPIC0S: readonly Hex[] = [
  ...new Set([
    ...UPGRADE_TOPIC0S,
    ...Object.values(watchedOnly).flatMap((group) => Object.values(group).map((event) => toEventSelector(event))),
  ]),
];

/**
 * topic0 of the catalogue events other than the upgrade events: asked for only on the registry's
 * contracts (governance, timelock, Safe and ownership events of unknown addresses are noise at
 * mainnet scale). Disjoint from UPGRADE_TOPIC0S, so the two filters never return the same log.
 *
 * @example client.getLogs({ address: watched, topics: [[...REGISTRY_ONLY_TOPIC0S]] })
 */
export const REGISTRY_ONLY_TOPIC0S: readonly Hex[] = CATALOGUE_TOPIC0S.filter((topic) => !UPGRADE_TOPIC0S.includes(topic));
