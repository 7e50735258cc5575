// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {OwnableLite} from "./OwnableLite.sol";

/// @notice UUPS implementation, version 2: same storage layout as V1, adds owner withdrawals and a pause flag.
contract VaultV2 is Initializable, UUPSUpgradeable, OwnableLite {
    uint256 public withdrawLimit; // slot layout kept from V1
    bool public paused; // appended in V2

    event Deposited(address indexed from, uint256 amount);
    event WithdrawLimitChanged(uint256 limit);
    event Withdrawn(address indexed to, uint256 amount);
    event PausedSet(bool paused);

    error VaultPaused();
    error OverLimit(uint256 amount, uint256 limit);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address initialOwner, uint256 limit) external initializer {
        __OwnableLite_init(initialOwner);
        withdrawLimit = limit;
    }

    function version() external pure returns (string memory) {
        return "2";
    }

    function setWithdrawLimit(uint256 limit) external onlyOwner {
        withdrawLimit = limit;
        emit WithdrawLimitChanged(limit);
    }

    function setPaused(bool value) external onlyOwner {
        paused = value;
        emit PausedSet(value);
    }

    function withdraw(address payable to, uint256 amount) external onlyOwner {
        if (paused) revert VaultPaused();
        if (amount > withdrawLimit) revert OverLimit(amount, withdrawLimit);
        emit Withdrawn(to, amount);
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "transfer failed");
    }

    receive() external payable {
        if (paused) revert VaultPaused();
        emit Deposited(msg.sender, msg.value);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
