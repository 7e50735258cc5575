import { facetCutStruct } from '@pum/evm';
import { parseAbiItem } from 'viem';

// Every signature below is copied from the deployed sources, parameter names included:
// OpenZeppelin Contracts v5 (node_modules/@openzeppelin/contracts), Compound `Timelock.sol` and
// `GovernorBravoInterfaces.sol`, Safe 1.3.0 / 1.4.1, the EIP-2535 reference `IDiamondCut.sol`,
// and OpenZeppelin v4 `ProxyAdmin` / `TransparentUpgradeableProxy` for the functions v5 dropped.

/**
 * The event catalogue, grouped by standard. OZ Governor and Compound GovernorBravo emit
 * byte-identical `ProposalCreated` / `VoteCast` / `ProposalQueued` / `ProposalExecuted` /
 * `ProposalCanceled` (same types, same indexing), so `governor` holds one item for both.
 * Safe changed which parameters are `indexed` in 1.4.0 without changing topic0: both layouts are here.
 *
 * @example toEventSelector(catalogueEvents.eip1967.upgraded) // '0xbc7cd75a…'
 */
export const catalogueEvents = {
  eip1967: {
    upgraded: parseAbiItem('event Upgraded(address indexed implementation)'),
    /** ZeppelinOS `UpgradeabilityProxy` (USDC's FiatTokenProxy among others): same topic0, nothing indexed. */
    upgradedUnindexed: parseAbiItem('event Upgraded(address implementation)'),
    adminChanged: parseAbiItem('event AdminChanged(address previousAdmin, address newAdmin)'),
    beaconUpgraded: parseAbiItem('event BeaconUpgraded(address indexed beacon)'),
  },
  eip2535: {
    diamondCut: parseAbiItem([facetCutStruct, 'event DiamondCut(FacetCut[] _diamondCut, address _init, bytes _calldata)']),
  },
  ownable: {
    ownershipTransferred: parseAbiItem('event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)'),
  },
  accessControl: {
    roleGranted: parseAbiItem('event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)'),
    roleRevoked: parseAbiItem('event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)'),
    roleAdminChanged: parseAbiItem(
      'event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)',
    ),
  },
  pausable: {
    paused: parseAbiItem('event Paused(address account)'),
    unpaused: parseAbiItem('event Unpaused(address account)'),
  },
  governor: {
    // Bravo names the fields id/startBlock/endBlock; names do not reach the log.
    proposalCreated: parseAbiItem(
      'event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)',
    ),
    voteCast: parseAbiItem('event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)'),
    voteCastWithParams: parseAbiItem(
      'event VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)',
    ),
    proposalQueued: parseAbiItem('event ProposalQueued(uint256 proposalId, uint256 etaSeconds)'),
    proposalExecuted: parseAbiItem('event ProposalExecuted(uint256 proposalId)'),
    proposalCanceled: parseAbiItem('event ProposalCanceled(uint256 proposalId)'),
  },
  ozTimelock: {
    callScheduled: parseAbiItem(
      'event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)',
    ),
    callExecuted: parseAbiItem('event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)'),
    cancelled: parseAbiItem('event Cancelled(bytes32 indexed id)'),
    minDelayChange: parseAbiItem('event MinDelayChange(uint256 oldDuration, uint256 newDuration)'),
  },
  compoundTimelock: {
    queueTransaction: parseAbiItem(
      'event QueueTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
    ),
    executeTransaction: parseAbiItem(
      'event ExecuteTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
    ),
    cancelTransaction: parseAbiItem(
      'event CancelTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)',
    ),
    newDelay: parseAbiItem('event NewDelay(uint256 indexed newDelay)'),
  },
  /** Safe ≤ 1.3.0 layout (1.1.1 and 1.2.0 emit the same): nothing indexed. */
  safeV13: {
    addedOwner: parseAbiItem('event AddedOwner(address owner)'),
    removedOwner: parseAbiItem('event RemovedOwner(address owner)'),
    changedThreshold: parseAbiItem('event ChangedThreshold(uint256 threshold)'),
    executionSuccess: parseAbiItem('event ExecutionSuccess(bytes32 txHash, uint256 payment)'),
    executionFailure: parseAbiItem('event ExecutionFailure(bytes32 txHash, uint256 payment)'),
    enabledModule: parseAbiItem('event EnabledModule(address module)'),
    disabledModule: parseAbiItem('event DisabledModule(address module)'),
    changedGuard: parseAbiItem('event ChangedGuard(address guard)'),
  },
  /** Safe ≥ 1.4.0 layout (1.4.1, 1.5.0): addresses and the tx hash indexed; `ChangedThreshold` unchanged. */
  safeV14: {
    addedOwner: parseAbiItem('event AddedOwner(address indexed owner)'),
    removedOwner: parseAbiItem('event RemovedOwner(address indexed owner)'),
    executionSuccess: parseAbiItem('event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)'),
    executionFailure: parseAbiItem('event ExecutionFailure(bytes32 indexed txHash, uint256 payment)'),
    enabledModule: parseAbiItem('event EnabledModule(address indexed module)'),
    disabledModule: parseAbiItem('event DisabledModule(address indexed module)'),
    changedGuard: parseAbiItem('event ChangedGuard(address indexed guard)'),
  },
} as const;
