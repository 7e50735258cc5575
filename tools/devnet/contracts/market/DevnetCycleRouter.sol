// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IUniswapV2PairLike {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

/**
 * @notice Sells `amountIn` of `tokenIn` through Uniswap V2 pairs in one transaction, each pair's output paid straight
 * into the next pair and the last to the caller (what an arbitrage bot's router does): the swaps a cyclic-arbitrage
 * detector must see as one cycle.
 */
contract DevnetCycleRouter {
    function cycle(address[] calldata pairs, address tokenIn, uint256 amountIn) external returns (uint256 amountOut) {
        require(IERC20(tokenIn).transferFrom(msg.sender, pairs[0], amountIn), "DevnetCycleRouter: transferFrom");
        address token = tokenIn;
        amountOut = amountIn;
        for (uint256 i = 0; i < pairs.length; i++) {
            IUniswapV2PairLike pair = IUniswapV2PairLike(pairs[i]);
            (uint112 reserve0, uint112 reserve1, ) = pair.getReserves();
            bool zeroIn = pair.token0() == token;
            (uint256 reserveIn, uint256 reserveOut) = zeroIn ? (uint256(reserve0), uint256(reserve1)) : (uint256(reserve1), uint256(reserve0));
            uint256 inWithFee = amountOut * 997;
            uint256 out = (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
            address to = i + 1 < pairs.length ? pairs[i + 1] : msg.sender;
            pair.swap(zeroIn ? 0 : out, zeroIn ? out : 0, to, "");
            token = zeroIn ? pair.token1() : pair.token0();
            amountOut = out;
        }
    }
}
