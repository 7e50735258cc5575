// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {GuardedVaultCore} from "./GuardedVaultCore.sol";

/// @notice The base version the bytecode-analysis specs compare the others with: the owner can pause deposits.
contract GuardedVaultV1 is GuardedVaultCore {
    event Paused(address account);
    event Unpaused(address account);

    function paused() external view returns (bool) {
        return _paused;
    }

    function pause() external onlyOwner {
        _paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        _paused = false;
        emit Unpaused(msg.sender);
    }
}
