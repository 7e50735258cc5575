// The event catalogue: decode governance / upgrade / admin logs, and find upgrades before they run.
export { catalogueEvents } from './abis';
export { upgradeFunctions, wrapperFunctions } from '@pum/evm';
export type * from './catalogue-event';
export { decodeCatalogueLog, type CatalogueLog } from './decode-log';
export { UndecodableLogError } from './undecodable-log-error';
export { CATALOGUE_TOPIC0S, REGISTRY_ONLY_TOPIC0S, UPGRADE_TOPIC0S } from './topics';
export { detectScheduledUpgrades, type DetectScheduledUpgradesOptions, type ScheduledCall, type ScheduledUpgrade, type ScheduledUpgradeKind } from '@pum/evm';
export { callOfCompoundQueue, callOfTimelockSchedule, callsOfProposal, scheduledCallsOf } from './scheduled-calls';
export { signatureCalldata } from '@pum/evm';
