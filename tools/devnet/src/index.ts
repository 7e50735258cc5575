export * from './clients';
export * from './compile';
export * from './eip1967';
export {
  deployBeaconProxy,
  upgradeBeacon,
  type BeaconDeployment,
  deployTransparentProxy,
  deployUupsProxy,
  upgradeTransparentProxy,
  upgradeUupsProxy,
  uupsUpgradeCall,
  transparentUpgradeCall,
  type ContractCall,
  type ProxyDeployment,
  type ProxyKind,
  type ProxyUpgrade,
  type TokenLogicVersion,
  type VaultVersion,
} from './proxies';
export { confirm, deployBytecode, deployContract, sendTx, type SentTx } from './tx';
export { increaseTime, mineBlocks, mineUntil } from './time';
export * from './governor';
export { govTokenAbi, ownableAbi, transferOwnerships, type GovernanceVoter } from './governance-token';
export { deployOzGovernance, timelockControllerAbi, type GovernanceDeployment, type GovernanceOptions } from './oz-governance';
export { deployBravoGovernance } from './bravo-governance';
export * from './compound-timelock';
export * from './safe';
export * from './diamond';
export * from './access-control';
export * from './erc20';
export * from './uniswap';
export * from './price-feed';
export {
  DEMO_MARKET_ACCOUNT,
  demoMarketClients,
  ensureDemoMarket,
  moveDemoMarket,
  type DemoMarket,
  type DemoMarketMove,
} from './demo-market';
export * from './metamorphic';
