// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * Answers exactly the read ABI of Compound's GovernorBravoDelegate — `proposals(uint256)`,
 * `quorumVotes()`, `state(uint256)` — and emits its ProposalCreated / VoteCast / ProposalQueued /
 * ProposalExecuted events, without `proposalDeadline` / `proposalVotes` / `CLOCK_MODE` (which real Bravo
 * lacks). Writes are devnet shortcuts (a vote names its weight; queue and execute only mark), so tests
 * can put a proposal in any state without a token and timelock.
 */
contract GovernorBravoLike {
    struct Proposal {
        uint256 id;
        address proposer;
        uint256 eta;
        uint256 startBlock;
        uint256 endBlock;
        uint256 forVotes;
        uint256 againstVotes;
        uint256 abstainVotes;
        bool canceled;
        bool executed;
    }

    enum ProposalState { Pending, Active, Canceled, Defeated, Succeeded, Queued, Expired, Executed }

    event ProposalCreated(uint256 id, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 startBlock, uint256 endBlock, string description);
    event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 votes, string reason);
    event ProposalQueued(uint256 id, uint256 eta);
    event ProposalExecuted(uint256 id);

    uint256 public immutable quorumVotes;
    uint256 public immutable votingDelay;
    uint256 public immutable votingPeriod;
    uint256 public proposalCount;
    mapping(uint256 => Proposal) public proposals;

    constructor(uint256 quorumVotes_, uint256 votingDelay_, uint256 votingPeriod_) {
        quorumVotes = quorumVotes_;
        votingDelay = votingDelay_;
        votingPeriod = votingPeriod_;
    }

    function propose(address[] memory targets, uint256[] memory values, string[] memory signatures, bytes[] memory calldatas, string memory description) external returns (uint256) {
        uint256 id = ++proposalCount;
        uint256 startBlock = block.number + votingDelay;
        uint256 endBlock = startBlock + votingPeriod;
        proposals[id] = Proposal(id, msg.sender, 0, startBlock, endBlock, 0, 0, 0, false, false);
        emit ProposalCreated(id, msg.sender, targets, values, signatures, calldatas, startBlock, endBlock, description);
        return id;
    }

    function castVoteWithWeight(uint256 proposalId, uint8 support, uint256 votes) external {
        require(state(proposalId) == ProposalState.Active, "GovernorBravo::castVote: voting is closed");
        Proposal storage p = proposals[proposalId];
        if (support == 0) p.againstVotes += votes;
        else if (support == 1) p.forVotes += votes;
        else p.abstainVotes += votes;
        emit VoteCast(msg.sender, proposalId, support, votes, "");
    }

    function queue(uint256 proposalId, uint256 eta) external {
        require(state(proposalId) == ProposalState.Succeeded, "GovernorBravo::queue: proposal can only be queued if it is succeeded");
        proposals[proposalId].eta = eta;
        emit ProposalQueued(proposalId, eta);
    }

    function execute(uint256 proposalId) external {
        require(state(proposalId) == ProposalState.Queued, "GovernorBravo::execute: proposal can only be executed if it is queued");
        proposals[proposalId].executed = true;
        emit ProposalExecuted(proposalId);
    }

    /** GovernorBravoDelegate's `state`, without the timelock grace period. */
    function state(uint256 proposalId) public view returns (ProposalState) {
        require(proposalCount >= proposalId && proposalId > 0, "GovernorBravo::state: invalid proposal id");
        Proposal storage p = proposals[proposalId];
        if (p.canceled) return ProposalState.Canceled;
        if (block.number <= p.startBlock) return ProposalState.Pending;
        if (block.number <= p.endBlock) return ProposalState.Active;
        if (p.forVotes <= p.againstVotes || p.forVotes < quorumVotes) return ProposalState.Defeated;
        if (p.eta == 0) return ProposalState.Succeeded;
        if (p.executed) return ProposalState.Executed;
        return ProposalState.Queued;
    }
}
