import { parseAbiItem } from 'viem';

// Signatures copied from the deployed sources, parameter names included: OpenZeppelin Contracts v5
// and v4 (`ProxyAdmin`, `TransparentUpgradeableProxy`), Compound `Timelock.sol`, Safe 1.3.0 / 1.4.1
// and MultiSend, the EIP-2535 reference `IDiamondCut.sol`.

/** EIP-2535 `IDiamondCut.FacetCut`, for the `diamondCut` function and the `DiamondCut` event. */
export const facetCutStruct = 'struct FacetCut { address facetAddress; uint8 action; bytes4[] functionSelectors; }';

/**
 * Functions whose call changes which code a proxy, beacon or diamond runs, or who may change it.
 * `upgradeTo(address)` is one selector for a UUPS / v4 transparent proxy and for an UpgradeableBeacon.
 */
export const upgradeFunctions = [
  parseAbiItem('function upgradeTo(address newImplementation)'),
  parseAbiItem('function upgradeToAndCall(address newImplementation, bytes data) payable'),
  // ProxyAdmin: v4 has all three; v5 keeps only upgradeAndCall.
  parseAbiItem('function upgrade(address proxy, address implementation)'),
  parseAbiItem('function upgradeAndCall(address proxy, address implementation, bytes data) payable'),
  parseAbiItem('function changeProxyAdmin(address proxy, address newAdmin)'),
  // v4 TransparentUpgradeableProxy, callable by its admin only.
  parseAbiItem('function changeAdmin(address newAdmin)'),
  parseAbiItem([facetCutStruct, 'function diamondCut(FacetCut[] _diamondCut, address _init, bytes _calldata)']),
] as const;

/** Functions that carry another call to run later or on someone's behalf: looked through to find upgrades. */
export const wrapperFunctions = [
  // OZ TimelockController
  parseAbiItem('function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)'),
  parseAbiItem(
    'function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)',
  ),
  parseAbiItem('function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable'),
  parseAbiItem('function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable'),
  // Compound Timelock
  parseAbiItem('function queueTransaction(address target, uint256 value, string signature, bytes data, uint256 eta) returns (bytes32)'),
  parseAbiItem('function executeTransaction(address target, uint256 value, string signature, bytes data, uint256 eta) payable returns (bytes)'),
  // Safe
  parseAbiItem(
    'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool success)',
  ),
  // Safe MultiSend / MultiSendCallOnly: packed (uint8 operation, address to, uint256 value, uint256 length, bytes data)*
  parseAbiItem('function multiSend(bytes transactions) payable'),
] as const;
