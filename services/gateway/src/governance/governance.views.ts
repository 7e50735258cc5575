import type { ProposalEntity, ProposalVersionEntity, SentimentEntity } from './proposal.entity';

/** REST shape of a proposal in a list: its latest state, without body and analysis (see openapi.yaml `ProposalSummary`). */
export function proposalSummaryView(row: ProposalEntity) {
  const { body: _body, analysis, ...proposal } = row.payload;
  return { ...proposal, passProbability: analysis?.passProbability ?? null, updatedAt: row.producedAt.toISOString() };
}

/** REST shape of one proposal: latest state with its voting analysis, versions and sentiment (see openapi.yaml `Proposal`). */
export function proposalView(row: ProposalEntity, versions: ProposalVersionEntity[], sentiment: SentimentEntity | null) {
  return {
    ...row.payload,
    passProbability: row.payload.analysis?.passProbability ?? null,
    updatedAt: row.producedAt.toISOString(),
    history: versions.map((version) => ({
      state: version.state,
      votes: version.votes,
      scoresTotal: version.scoresTotal,
      passProbability: version.passProbability,
      asOf: version.asOf.toISOString(),
      producedAt: version.producedAt.toISOString(),
    })),
    sentiment: sentiment?.payload ?? null,
  };
}

export type ProposalSummaryView = ReturnType<typeof proposalSummaryView>;
export type ProposalView = ReturnType<typeof proposalView>;
