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
  type ProxyDeployment,
  type ProxyKind,
  type ProxyUpgrade,
  type TokenLogicVersion,
  type VaultVersion,
} from './proxies';
