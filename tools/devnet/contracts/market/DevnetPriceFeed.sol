// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";

/**
 * @notice A Chainlink-style USD feed for the devnet: Chainlink's MockV3Aggregator (AggregatorV2V3Interface:
 * `latestRoundData`, `getRoundData`, `decimals`) plus the `AnswerUpdated`/`NewRound` events that live aggregators
 * emit for every round and the mock does not. It is deployed with its past rounds (`updatedAt` before the deploying
 * block, as a feed that has been live for a while), so a reader that backfills finds a history on first sight;
 * `submit` adds a round at the block's time.
 */
contract DevnetPriceFeed is MockV3Aggregator {
    constructor(uint8 decimals_, int256[] memory answers, uint256[] memory updatedAts)
        MockV3Aggregator(decimals_, answers[answers.length - 1])
    {
        require(answers.length == updatedAts.length, "DevnetPriceFeed: one updatedAt per answer");
        for (uint256 i = 0; i < answers.length; i++) {
            require(i == 0 || updatedAts[i] > updatedAts[i - 1], "DevnetPriceFeed: rounds out of time order");
            require(updatedAts[i] <= block.timestamp, "DevnetPriceFeed: a round in the future");
            // Round ids from 1: the first overwrites the round the mock's constructor wrote.
            _publish(uint80(i + 1), answers[i], updatedAts[i]);
        }
    }

    /// @notice A new round with `answer`, updated at this block's time.
    function submit(int256 answer) external {
        _publish(uint80(latestRound + 1), answer, block.timestamp);
    }

    function _publish(uint80 roundId, int256 answer, uint256 updatedAt) private {
        updateRoundData(roundId, answer, updatedAt, updatedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
        emit NewRound(roundId, msg.sender, updatedAt);
    }
}
