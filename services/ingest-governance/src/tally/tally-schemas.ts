import { z } from 'zod';

const moment = z.object({ timestamp: z.iso.datetime({ offset: true }), number: z.number().int().nonnegative().optional() });

/** A proposal node of Tally's `proposals` query (the fields read). */
export const tallyProposal = z.object({
  id: z.string().min(1),
  onchainId: z.string().nullable(),
  status: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  /** uint256 as a decimal string, in token base units. */
  quorum: z.string().regex(/^\d+$/).nullable(),
  metadata: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
  proposer: z.object({ address: z.string() }).nullable(),
  /** `eip155:<chainId>:<address>`. */
  governor: z.object({ id: z.string().regex(/^eip155:\d+:0x[0-9a-fA-F]{40}$/), token: z.object({ decimals: z.number().int().min(0).max(77) }) }),
  start: moment,
  end: moment,
  voteStats: z.array(z.object({ type: z.string(), votesCount: z.string().regex(/^\d+$/), votersCount: z.number().int().nonnegative() })),
});
export type TallyProposal = z.infer<typeof tallyProposal>;

export const tallyProposalsPage = z.object({
  proposals: z.object({
    nodes: z.array(tallyProposal),
    pageInfo: z.object({ firstCursor: z.string().nullable(), lastCursor: z.string().nullable(), count: z.number().int().nullable().optional() }),
  }),
});

export const TALLY_PROPOSALS_QUERY = `query Proposals($input: ProposalsInput!) {
  proposals(input: $input) {
    nodes {
      ... on Proposal {
        id onchainId status createdAt quorum
        metadata { title description }
        proposer { address }
        governor { id token { decimals } }
        start { ... on Block { timestamp number } ... on BlocklessTimestamp { timestamp } }
        end { ... on Block { timestamp number } ... on BlocklessTimestamp { timestamp } }
        voteStats { type votesCount votersCount }
      }
    }
    pageInfo { firstCursor lastCursor count }
  }
}`;
