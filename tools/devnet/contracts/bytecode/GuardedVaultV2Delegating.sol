// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {GuardedVaultCore} from "./GuardedVaultCore.sol";

/// @notice A V2 that keeps V1's functions and adds an owner-only DELEGATECALL to any target: arbitrary code in the vault's storage.
contract GuardedVaultV2Delegating is GuardedVaultCore {
    function paused() external view returns (bool) {
        return _paused;
    }

    function pause() external onlyOwner {
        _paused = true;
    }

    function unpause() external onlyOwner {
        _paused = false;
    }

    function execute(address target, bytes calldata data) external onlyOwner returns (bytes memory) {
        (bool ok, bytes memory result) = target.delegatecall(data);
        require(ok, "delegatecall failed");
        return result;
    }
}
