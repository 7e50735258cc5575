import { createHash } from 'node:crypto';
import { z } from 'zod';
import { address, blockNumber, chainId, isoTimestamp } from './primitives';
import { scheduledUpgrade } from './protocol-event';

/** Where a governance fact came from. `governor`: read from an on-chain Governor (events and state calls). */
export const governanceSource = z.enum(['snapshot', 'governor', 'tally', 'discourse']);
export type GovernanceSource = z.infer<typeof governanceSource>;

/** What one raw governance record is. */
export const governanceRawKind = z.enum(['proposal', 'vote', 'topic', 'post']);
export type GovernanceRawKind = z.infer<typeof governanceRawKind>;

/**
 * What a source said about one record, kept for audit and replay: one message per record version.
 * Only answers that passed validation are published here; malformed ones are logged and counted.
 */
export const governanceRawPayload = z.object({
  source: governanceSource,
  kind: governanceRawKind,
  /** The record's id at the source (Snapshot proposal/vote id, Discourse post id, …). */
  externalId: z.string().min(1),
  /** Snapshot space, Discourse forum base URL, Tally governor id or Governor address. */
  scope: z.string().min(1),
  protocolId: z.string().min(1).nullable(),
  /** The request that returned it, e.g. `votes created_gt=1700000000 skip=0` or `/t/42.json`. */
  request: z.string().min(1),
  fetchedAt: isoTimestamp,
  body: z.unknown(),
});
export type GovernanceRaw = z.infer<typeof governanceRawPayload>;

/**
 * Message id of a raw record: the same record fetched twice is one message.
 *
 * @example governanceRawMessageId({ source: 'snapshot', kind: 'vote', externalId: '0xab', version: '1700000000' })
 * // 'snapshot:vote:0xab@1700000000'
 */
export function governanceRawMessageId(record: Pick<GovernanceRaw, 'source' | 'kind' | 'externalId'> & { version: string }): string {
  return `${record.source}:${record.kind}:${record.externalId}@${record.version}`;
}

/**
 * A proposal's state across sources. Snapshot knows `pending | active | closed`; Governors and Tally
 * the OpenZeppelin/Bravo states (`canceled` spelt as OZ does).
 */
export const proposalState = z.enum(['pending', 'active', 'closed', 'succeeded', 'defeated', 'queued', 'executed', 'canceled', 'expired']);
export type ProposalState = z.infer<typeof proposalState>;

/** A large voter whose later vote superseded an earlier one for a different choice. */
export const sideChange = z.object({
  voter: z.string().min(1),
  votingPower: z.number().nonnegative(),
  /** 0-based choice indexes (the leading choice of a split vote). */
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  at: isoTimestamp,
});
export type SideChange = z.infer<typeof sideChange>;

/** Voting analysis of a proposal as of its latest vote; method in docs/governance.md. */
export const votingAnalysis = z.object({
  /** Time of the latest vote (or the proposal's creation) the analysis includes. */
  asOf: isoTimestamp,
  /** Voting power cast so far (sum over current votes). */
  turnout: z.number().nonnegative(),
  quorum: z.number().nonnegative().nullable(),
  /**
   * Power that counts toward quorum / quorum; null without a quorum. What counts is the voting system's
   * rule: every vote on Snapshot, For + Abstain on OpenZeppelin Governors, For on GovernorBravo.
   */
  quorumRatio: z.number().nonnegative().nullable(),
  /** 0-based index of the choice that counts as "pass" (For/Yes, else the first choice). */
  passChoice: z.number().int().nonnegative(),
  /** 0-based index of the leading choice; null before any vote. */
  leadingChoice: z.number().int().nonnegative().nullable(),
  /** Share of the leading choice minus the runner-up's, among decisive (non-abstain) power: 0..1. */
  margin: z.number().min(0).max(1),
  timeLeftSeconds: z.number().nonnegative(),
  /** Share of the voting period elapsed at `asOf`: 0..1. */
  elapsed: z.number().min(0).max(1),
  concentration: z.object({
    voters: z.number().int().nonnegative(),
    /** Share of the turnout held by the ten largest voters. */
    top10Share: z.number().min(0).max(1),
    gini: z.number().min(0).max(1),
    /** Fewest voters whose power together exceeds half the turnout. */
    nakamoto: z.number().int().nonnegative(),
  }),
  sideChanges: z.array(sideChange),
  /** Predicted probability that the pass choice wins with quorum; see docs/governance.md. */
  passProbability: z.number().min(0).max(1),
  /** Prediction method and version, e.g. `beta-projection-v1`. */
  method: z.string().min(1),
});
export type VotingAnalysis = z.infer<typeof votingAnalysis>;

/** A proposal normalised across Snapshot, on-chain Governors and Tally. */
/**
 * An upgrade a proposal will execute if it passes, found in the calls it carries — for a Snapshot
 * proposal, the transactions of its oSnap or SafeSnap plugin, which a Safe runs after the vote.
 */
export const plannedUpgrade = z.object({
  chainId,
  /** The Safe that will make the call; null when the plugin data does not name it. */
  executor: address.nullable(),
  /** The module executing for the Safe (oSnap Optimistic Governor, Reality module), when named. */
  module: address.nullable(),
  upgrade: scheduledUpgrade,
});
export type PlannedUpgrade = z.infer<typeof plannedUpgrade>;

export const governanceProposalPayload = z.object({
  /** `source:space:id`, see `proposalKey`. */
  proposalKey: z.string().min(1),
  source: z.enum(['snapshot', 'governor', 'tally']),
  /** Snapshot proposal id, on-chain proposal id (decimal string) or Tally id. */
  id: z.string().min(1),
  /** Snapshot space id, or the Governor address (lower case) for on-chain and Tally proposals. */
  space: z.string().min(1),
  protocolId: z.string().min(1).nullable(),
  /** Null for off-chain (Snapshot) proposals. */
  chainId: chainId.nullable(),
  title: z.string(),
  body: z.string(),
  /** Choice labels in order; Governors: `['For', 'Against', 'Abstain']`. */
  choices: z.array(z.string()),
  start: isoTimestamp,
  end: isoTimestamp,
  /** Block at which voting power is measured. */
  snapshotBlock: blockNumber.nullable(),
  state: proposalState,
  author: z.string().nullable(),
  createdAt: isoTimestamp,
  /** Voting power per choice, aligned with `choices`, in token units (decimals applied). */
  scores: z.array(z.number().nonnegative()),
  scoresTotal: z.number().nonnegative(),
  votes: z.number().int().nonnegative(),
  quorum: z.number().nonnegative().nullable(),
  url: z.string().nullable(),
  /** Null when the producer has no vote-level data to analyse. */
  analysis: votingAnalysis.nullable(),
  /** Upgrades the proposal will execute if it passes (Snapshot execution plugins); absent when none or from older producers. */
  plannedUpgrades: z.array(plannedUpgrade).optional(),
});
export type GovernanceProposal = z.infer<typeof governanceProposalPayload>;

/**
 * Key of a proposal (and partition key of its messages).
 *
 * @example proposalKey({ source: 'snapshot', space: 'aave.eth', id: '0xab' }) // 'snapshot:aave.eth:0xab'
 */
export function proposalKey(proposal: Pick<GovernanceProposal, 'source' | 'space' | 'id'>): string {
  return `${proposal.source}:${proposal.space}:${proposal.id}`;
}

/**
 * Message id of a proposal version: state, vote count, a digest of everything else a version can
 * change (scores, total, quorum, title, body, choices, start, end) and the analysis time identify it,
 * so a replay of the same inputs produces the same id and an update that only moves the scores (the
 * hub recomputing them after the vote closed) or the quorum is a new message, not a duplicate.
 *
 * @example governanceProposalMessageId(proposal) // 'snapshot:aave.eth:0xab:active:3:e2100beb12fd@2026-01-02T00:00:00.000Z'
 */
export function governanceProposalMessageId(
  proposal: Pick<GovernanceProposal, 'proposalKey' | 'state' | 'votes' | 'analysis' | 'createdAt' | 'scores' | 'scoresTotal' | 'quorum' | 'title' | 'body' | 'choices' | 'start' | 'end' | 'plannedUpgrades'>,
): string {
  const { scores, scoresTotal, quorum, title, body, choices, start, end, plannedUpgrades } = proposal;
  // Planned upgrades join the digest only when there are some, so ids of proposals without keep their old value.
  const digested = [scores, scoresTotal, quorum, title, body, choices, start, end, ...(plannedUpgrades?.length ? [plannedUpgrades] : [])];
  const digest = createHash('sha256').update(JSON.stringify(digested)).digest('hex').slice(0, 12);
  return `${proposal.proposalKey}:${proposal.state}:${proposal.votes}:${digest}@${proposal.analysis?.asOf ?? proposal.createdAt}`;
}

/** What a sentiment figure is about. */
export const sentimentSubject = z.object({
  type: z.enum(['proposal', 'protocol']),
  /** A `proposalKey` or a registry protocol id. */
  id: z.string().min(1),
});
export type SentimentSubject = z.infer<typeof sentimentSubject>;

/** Where scored texts came from: vote reasons, proposal bodies, forum posts, social feeds. */
export const sentimentChannel = z.enum(['vote_reason', 'proposal_body', 'forum_post', 'social']);
export type SentimentChannel = z.infer<typeof sentimentChannel>;

const channelFigure = z.object({ items: z.number().int().nonnegative(), mean: z.number().min(-1).max(1) });

export const sentimentPayload = z.object({
  subject: sentimentSubject,
  protocolId: z.string().min(1).nullable(),
  /** Time of the newest text included. */
  asOf: isoTimestamp,
  /** Mean score of every text included, −1 (negative) … 1 (positive). */
  score: z.number().min(-1).max(1),
  items: z.number().int().positive(),
  /** Per channel; channels without texts are absent. */
  byChannel: z.partialRecord(sentimentChannel, channelFigure),
  engagement: z.object({
    posts: z.number().int().nonnegative(),
    uniqueAuthors: z.number().int().nonnegative(),
    /** Replies (posts after the first of a thread) per day since the first post. */
    repliesPerDay: z.number().nonnegative(),
  }),
  trend: z.object({
    /** Exponentially weighted moving average of the scores in time order. */
    ewma: z.number().min(-1).max(1),
    /** Least-squares slope of the EWMA over time, per day. */
    slopePerDay: z.number(),
    halfLifeHours: z.number().positive(),
  }),
  /** Name and version of the scorer, e.g. `wink-sentiment@5`. */
  scorer: z.string().min(1),
});
export type Sentiment = z.infer<typeof sentimentPayload>;

/** Message id of a sentiment figure: subject, newest text and text count. */
export function sentimentMessageId(sentiment: Pick<Sentiment, 'subject' | 'asOf' | 'items'>): string {
  return `${sentiment.subject.type}:${sentiment.subject.id}:${sentiment.items}@${sentiment.asOf}`;
}
