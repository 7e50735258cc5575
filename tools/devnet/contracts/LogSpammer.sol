// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

/**
 * @dev Load generator for ingestion benchmarks (bench/ingest-chain): emits many EIP-1967
 * `Upgraded(address indexed implementation)` logs per transaction. It is not a proxy; the logs
 * only have the shape the chain ingester watches for.
 */
contract LogSpammer {
    event Upgraded(address indexed implementation);

    /// @dev Running count of emitted logs, so every log of every call names a different address.
    uint256 public emitted;

    /// @notice Emits `Upgraded(address(uint160(emitted + i + 1)))` for i in [0, n).
    function emitUpgraded(uint256 n) external {
        uint256 offset = emitted + 1;
        for (uint256 i = 0; i < n; ++i) {
            emit Upgraded(address(uint160(offset + i)));
        }
        emitted = offset - 1 + n;
    }
}
