// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {OwnableLite} from "../OwnableLite.sol";

/**
 * @dev What every GuardedVault version shares: an owner, a deposit limit and a pause flag, for an implementation behind a
 * transparent proxy (no UUPS, so no DELEGATECALL of its own: the versions differ only where their bytecode should).
 * `MAX_LIMIT` puts 0xff bytes in PUSH data, which a byte scan would mistake for SELFDESTRUCT.
 */
abstract contract GuardedVaultCore is Initializable, OwnableLite {
    uint256 public constant MAX_LIMIT = 0xffffffffffff;

    uint256 public depositLimit;
    bool internal _paused;

    event Deposited(address indexed from, uint256 amount);

    error VaultPaused();
    error OverLimit(uint256 amount, uint256 limit);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address initialOwner, uint256 limit) external initializer {
        __OwnableLite_init(initialOwner);
        depositLimit = limit > MAX_LIMIT ? MAX_LIMIT : limit;
    }

    function deposit() external payable {
        if (_paused) revert VaultPaused();
        if (msg.value > depositLimit) revert OverLimit(msg.value, depositLimit);
        emit Deposited(msg.sender, msg.value);
    }
}
