// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3MintCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3MintCallback.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

/**
 * @notice Mints and swaps on a Uniswap V3 pool for an EOA, paying the pool's callbacks from the EOA's approved
 * balances (what the periphery's position manager and router do, without deploying the periphery and its WETH).
 * Only the pool of the call under way may call back.
 */
contract DevnetV3Caller is IUniswapV3MintCallback, IUniswapV3SwapCallback {
    address private _activePool;

    /// @notice Adds `amount` of liquidity between the two ticks, paid by the caller.
    function mint(address pool, int24 tickLower, int24 tickUpper, uint128 amount) external {
        _activePool = pool;
        IUniswapV3Pool(pool).mint(msg.sender, tickLower, tickUpper, amount, abi.encode(msg.sender));
        _activePool = address(0);
    }

    /// @notice Swaps up to `amountIn` of token0 (`zeroForOne`) or token1, stopping at `sqrtPriceLimitX96`: a large
    /// amount with a target price as the limit moves the pool to that price.
    function swap(address pool, bool zeroForOne, int256 amountIn, uint160 sqrtPriceLimitX96) external {
        _activePool = pool;
        IUniswapV3Pool(pool).swap(msg.sender, zeroForOne, amountIn, sqrtPriceLimitX96, abi.encode(msg.sender));
        _activePool = address(0);
    }

    function uniswapV3MintCallback(uint256 owed0, uint256 owed1, bytes calldata data) external override {
        _pay(data, owed0, owed1);
    }

    function uniswapV3SwapCallback(int256 delta0, int256 delta1, bytes calldata data) external override {
        _pay(data, delta0 > 0 ? uint256(delta0) : 0, delta1 > 0 ? uint256(delta1) : 0);
    }

    function _pay(bytes calldata data, uint256 amount0, uint256 amount1) private {
        require(msg.sender == _activePool, "DevnetV3Caller: not the pool of this call");
        address payer = abi.decode(data, (address));
        IUniswapV3Pool pool = IUniswapV3Pool(msg.sender);
        if (amount0 > 0) require(IERC20(pool.token0()).transferFrom(payer, msg.sender, amount0), "DevnetV3Caller: token0");
        if (amount1 > 0) require(IERC20(pool.token1()).transferFrom(payer, msg.sender, amount1), "DevnetV3Caller: token1");
    }
}
