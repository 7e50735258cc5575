// SPDX-License-Identifier: MIT
// Test-only contracts for ingest-market's on-chain specs, compiled by ../compile-test-contracts.ts.
pragma solidity ^0.8.20;

import "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3MintCallback.sol";
import "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

/// Chainlink's MockV3Aggregator, plus the AnswerUpdated/NewRound events its interface declares and
/// live aggregators emit for every new round (the mock itself emits none).
contract EmittingMockV3Aggregator is MockV3Aggregator {
    constructor(uint8 decimals_, int256 initialAnswer) MockV3Aggregator(decimals_, initialAnswer) {}

    function submit(int256 answer) external {
        updateAnswer(answer);
        emit AnswerUpdated(answer, latestRound, block.timestamp);
        emit NewRound(latestRound, msg.sender, block.timestamp);
    }
}

interface ITransferFrom {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// Mints and swaps on a Uniswap V3 pool for an EOA, paying the pool's callbacks from the caller's
/// approved balance (what the periphery's router does).
contract V3Caller is IUniswapV3MintCallback, IUniswapV3SwapCallback {
    uint160 private constant MIN_SQRT_RATIO_PLUS_ONE = 4295128740;
    uint160 private constant MAX_SQRT_RATIO_MINUS_ONE = 1461446703485210103287273052203988822378723970341;

    function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount) external {
        IUniswapV3Pool(pool).mint(msg.sender, tickLower, tickUpper, amount, abi.encode(msg.sender));
    }

    function swap(address pool, bool zeroForOne, int256 amountSpecified) external {
        uint160 limit = zeroForOne ? MIN_SQRT_RATIO_PLUS_ONE : MAX_SQRT_RATIO_MINUS_ONE;
        IUniswapV3Pool(pool).swap(msg.sender, zeroForOne, amountSpecified, limit, abi.encode(msg.sender));
    }

    function uniswapV3MintCallback(uint256 owed0, uint256 owed1, bytes calldata data) external override {
        pay(data, owed0, owed1);
    }

    function uniswapV3SwapCallback(int256 delta0, int256 delta1, bytes calldata data) external override {
        pay(data, delta0 > 0 ? uint256(delta0) : 0, delta1 > 0 ? uint256(delta1) : 0);
    }

    function pay(bytes calldata data, uint256 amount0, uint256 amount1) private {
        address payer = abi.decode(data, (address));
        IUniswapV3Pool pool = IUniswapV3Pool(msg.sender);
        if (amount0 > 0) ITransferFrom(pool.token0()).transferFrom(payer, msg.sender, amount0);
        if (amount1 > 0) ITransferFrom(pool.token1()).transferFrom(payer, msg.sender, amount1);
    }
}

/// A feed's identity only (decimals, description), for resolving what a feed is quoted in. An empty
/// label makes `description()` revert, as on a feed that lacks the function.
contract LabelledFeed {
    uint8 public immutable decimals;
    string private label;

    constructor(uint8 decimals_, string memory label_) {
        decimals = decimals_;
        label = label_;
    }

    function description() external view returns (string memory) {
        require(bytes(label).length > 0, "no description");
        return label;
    }
}
