// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/**
 * @notice A trivial Safe transaction guard (accepts everything, counts checks) for Safe 1.3.0 and 1.4.1.
 * Stand-alone rather than importing either Safe version's `Guard` interface: both have the same function
 * signatures, and Safe 1.4.1's `setGuard` requires ERC-165 support for `type(Guard).interfaceId`.
 */
contract DevnetSafeGuard {
    enum Operation {
        Call,
        DelegateCall
    }

    uint256 public checkedTransactions;

    function checkTransaction(
        address,
        uint256,
        bytes memory,
        Operation,
        uint256,
        uint256,
        uint256,
        address,
        address payable,
        bytes memory,
        address
    ) external {
        checkedTransactions += 1;
    }

    function checkAfterExecution(bytes32, bool) external {}

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return
            interfaceId == (this.checkTransaction.selector ^ this.checkAfterExecution.selector) || // Guard
            interfaceId == 0x01ffc9a7; // ERC-165
    }
}
