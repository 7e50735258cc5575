// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {GuardedVaultCore} from "./GuardedVaultCore.sol";

/// @notice A V2 that drops pause()/unpause() (the emergency brake) and adds a sweep of the whole balance.
contract GuardedVaultV2Pauseless is GuardedVaultCore {
    function sweep(address payable to) external onlyOwner {
        (bool ok, ) = to.call{value: address(this).balance}("");
        require(ok, "sweep failed");
    }
}
