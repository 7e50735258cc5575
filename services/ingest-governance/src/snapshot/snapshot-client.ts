import type { SourceHttpClient } from '@pum/platform';
import { z } from 'zod';
import { graphqlQuery } from '../http/graphql';
import { parseEach, rawCreated, type RejectedItem } from '../http/per-item';
import { SNAPSHOT_MAX_FIRST, SNAPSHOT_MAX_SKIP, SNAPSHOT_PROPOSAL_FIELDS, SNAPSHOT_VOTE_FIELDS, snapshotProposal, snapshotVote, type SnapshotProposal, type SnapshotVote } from './snapshot-schemas';

/** One page of an incremental read, with the request that returned it (kept on the raw topic). */
export interface SnapshotPage<T> {
  /** The records that matched their schema. */
  items: T[];
  /** The records that did not, with the reason (logged and skipped; the cursor still moves past them). */
  rejected: RejectedItem[];
  /** Newest `created` of every record on the page, refused ones included when readable; undefined for an empty page. */
  newestCreated: number | undefined;
  request: string;
}

/**
 * Snapshot hub GraphQL reads. Incremental reads order by `created` ascending (the hub breaks ties by
 * id) with `created_gt` fixed for the whole read and page with `first`/`skip` inside the hub's limits.
 */
export class SnapshotClient {
  private readonly first: number;

  constructor(
    private readonly http: SourceHttpClient,
    private readonly url: string,
    pageSize: number,
  ) {
    this.first = Math.min(pageSize, SNAPSHOT_MAX_FIRST);
  }

  /** Proposals of a space created after `createdGt` (unix seconds), oldest first, page by page. */
  proposalPages(space: string, createdGt: number): AsyncGenerator<SnapshotPage<SnapshotProposal>> {
    return this.pages('proposals', SNAPSHOT_PROPOSAL_FIELDS, snapshotProposal, { space_in: [space], created_gt: createdGt });
  }

  /** Votes in a space cast after `createdGt` (unix seconds), oldest first, page by page. */
  votePages(space: string, createdGt: number): AsyncGenerator<SnapshotPage<SnapshotVote>> {
    return this.pages('votes', SNAPSHOT_VOTE_FIELDS, snapshotVote, { space, created_gt: createdGt });
  }

  /** The current version of known proposals (state, scores and vote counts change while they are open). */
  async proposalsById(ids: string[]): Promise<SnapshotPage<SnapshotProposal>> {
    const query = `query Proposals($ids: [String]) { proposals(first: ${SNAPSHOT_MAX_FIRST}, where: { id_in: $ids }) { ${SNAPSHOT_PROPOSAL_FIELDS} } }`;
    const data = await graphqlQuery(this.http, 'snapshot', this.url, query, { ids }, z.object({ proposals: z.array(z.unknown()) }));
    return toPage(snapshotProposal, data.proposals, `proposals id_in=${ids.length}`);
  }

  private async *pages<T>(entity: 'proposals' | 'votes', fields: string, item: z.ZodType<T>, where: Record<string, unknown>): AsyncGenerator<SnapshotPage<T>> {
    const query = `query Read($where: ${entity === 'votes' ? 'VoteWhere' : 'ProposalWhere'}, $first: Int!, $skip: Int!) {
      ${entity}(where: $where, first: $first, skip: $skip, orderBy: "created", orderDirection: asc) { ${fields} }
    }`;
    for (let skip = 0; skip <= SNAPSHOT_MAX_SKIP; skip += this.first) {
      // Each record is validated on its own: one unexpected vote shape must not fail the page.
      const data = await graphqlQuery(this.http, 'snapshot', this.url, query, { where, first: this.first, skip }, z.object({ [entity]: z.array(z.unknown()) }));
      const raws = data[entity] as unknown[];
      yield toPage(item, raws, `${entity} ${JSON.stringify(where)} first=${this.first} skip=${skip}`);
      if (raws.length < this.first) return;
    }
  }
}

function toPage<T>(schema: z.ZodType<T>, raws: unknown[], request: string): SnapshotPage<T> {
  const created = raws.map(rawCreated).filter((at) => at !== undefined);
  return { ...parseEach(schema, raws), newestCreated: created.length > 0 ? Math.max(...created) : undefined, request };
}
