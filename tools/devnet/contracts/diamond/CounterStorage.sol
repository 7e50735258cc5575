// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @dev Diamond storage shared by the counter facets (ERC-7201 namespaced slot).
library CounterStorage {
    /// @custom:storage-location erc7201:pum.devnet.Counter
    struct Layout {
        uint256 count;
    }

    // keccak256(abi.encode(uint256(keccak256("pum.devnet.Counter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant SLOT = 0x20269227b8959bf1af78ee26871465078649b8f34020f47e3d792c12b92ade00;

    function layout() internal pure returns (Layout storage $) {
        bytes32 slot = SLOT;
        assembly {
            $.slot := slot
        }
    }
}
