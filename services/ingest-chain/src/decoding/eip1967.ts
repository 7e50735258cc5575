import { parseAbiItem, toEventSelector } from 'viem';

/** EIP-1967 `Upgraded(address indexed implementation)`. */
export const upgradedEvent = parseAbiItem('event Upgraded(address indexed implementation)');
export const UPGRADED_TOPIC = toEventSelector(upgradedEvent);

/** bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) */
export const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc' as const;

/** The events the poller asks the chain for, on any address. */
export const WATCHED_TOPICS = [UPGRADED_TOPIC] as const;
