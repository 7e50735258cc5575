// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {CounterStorage} from "./CounterStorage.sol";

/// @notice Diamond facet, version 1: a counter in diamond storage.
contract CounterFacetV1 {
    function increment() external {
        CounterStorage.layout().count += 1;
    }

    function count() external view returns (uint256) {
        return CounterStorage.layout().count;
    }

    function counterVersion() external pure returns (string memory) {
        return "1";
    }
}
