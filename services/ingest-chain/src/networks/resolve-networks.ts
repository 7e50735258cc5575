// The networks file and its resolution live in @pum/platform (libs/platform/src/chain/networks),
// shared with every service that reads a chain; the poller and chain client import the type from here.
export type { NetworkSettings } from '@pum/platform';
