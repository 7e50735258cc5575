import type { SentimentChannel } from '@pum/contracts';

/** A text to score, from any channel: a vote reason, a proposal body, a forum post, a social post. */
export interface SentimentText {
  /** Unique across channels: `snapshot:vote:<id>`, `discourse:<forum>:post:<id>`, `social:<source>:<id>`. */
  itemId: string;
  protocolId: string;
  /** The proposal the text is about, when known. */
  proposalKey: string | null;
  channel: SentimentChannel;
  author: string;
  /** Forum topic or social thread, for replies per day. */
  threadId: string | null;
  isReply: boolean;
  text: string;
  createdAt: Date;
}

/**
 * A feed of texts about protocols that sentiment can read — the seam a social feed (Twitter/X, Farcaster)
 * plugs into: implement it, provide it under SENTIMENT_SOURCES, and SocialFeedPoller polls it.
 */
export interface SentimentSource {
  /** Stable name, used in cursors and item ids. */
  readonly name: string;
  /** Texts created after `since` (all it has when undefined), oldest first. */
  fetchSince(since: Date | undefined): Promise<SentimentText[]>;
}

/** Injection token of the registered sentiment sources (an array). */
export const SENTIMENT_SOURCES = Symbol('SENTIMENT_SOURCES');
