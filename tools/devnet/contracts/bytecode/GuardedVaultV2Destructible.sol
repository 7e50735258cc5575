// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {GuardedVaultCore} from "./GuardedVaultCore.sol";

/// @notice A V2 that keeps V1's functions and adds a SELFDESTRUCT (the owner can destroy the implementation).
contract GuardedVaultV2Destructible is GuardedVaultCore {
    function paused() external view returns (bool) {
        return _paused;
    }

    function pause() external onlyOwner {
        _paused = true;
    }

    function unpause() external onlyOwner {
        _paused = false;
    }

    function destroy(address payable to) external onlyOwner {
        selfdestruct(to);
    }
}
