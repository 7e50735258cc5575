// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {CounterStorage} from "./CounterStorage.sol";

/// @notice Diamond facet, version 2: replaces V1's `increment`/`counterVersion` (steps by 2), adds `reset`.
contract CounterFacetV2 {
    function increment() external {
        CounterStorage.layout().count += 2;
    }

    function reset() external {
        CounterStorage.layout().count = 0;
    }

    function counterVersion() external pure returns (string memory) {
        return "2";
    }
}
