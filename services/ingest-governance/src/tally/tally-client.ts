import type { SourceHttpClient } from '@pum/platform';
import { graphqlQuery } from '../http/graphql';
import { TALLY_PROPOSALS_QUERY, tallyProposalsPage, type TallyProposal } from './tally-schemas';

const PAGE_LIMIT = 20;

/** Tally's GraphQL API, minimal: every proposal of a Governor, page by page (cursor paging). */
export class TallyClient {
  constructor(
    private readonly http: SourceHttpClient,
    private readonly url: string,
  ) {}

  /** Proposals of `eip155:<chainId>:<governor>`, oldest first. */
  async *proposalPages(governorId: string): AsyncGenerator<{ items: TallyProposal[]; request: string }> {
    let afterCursor: string | undefined;
    for (;;) {
      const input = { filters: { governorId }, page: { limit: PAGE_LIMIT, ...(afterCursor ? { afterCursor } : {}) }, sort: { sortBy: 'id', isDescending: false } };
      const data = await graphqlQuery(this.http, 'tally', this.url, TALLY_PROPOSALS_QUERY, { input }, tallyProposalsPage);
      yield { items: data.proposals.nodes, request: `proposals governorId=${governorId} after=${afterCursor ?? ''}` };
      const next = data.proposals.pageInfo.lastCursor;
      if (data.proposals.nodes.length < PAGE_LIMIT || !next || next === afterCursor) return;
      afterCursor = next;
    }
  }
}
