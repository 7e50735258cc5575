// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {OwnableLite} from "./OwnableLite.sol";

/// @notice UUPS implementation, version 1: an owner-controlled ETH vault with a stored limit.
contract VaultV1 is Initializable, UUPSUpgradeable, OwnableLite {
    uint256 public withdrawLimit;

    event Deposited(address indexed from, uint256 amount);
    event WithdrawLimitChanged(uint256 limit);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address initialOwner, uint256 limit) external initializer {
        __OwnableLite_init(initialOwner);
        withdrawLimit = limit;
    }

    function version() external pure returns (string memory) {
        return "1";
    }

    function setWithdrawLimit(uint256 limit) external onlyOwner {
        withdrawLimit = limit;
        emit WithdrawLimitChanged(limit);
    }

    receive() external payable {
        emit Deposited(msg.sender, msg.value);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
