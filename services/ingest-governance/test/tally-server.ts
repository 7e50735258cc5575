import { SourceServer, type SourceRequest } from './source-server';

/** A proposal as the Tally API returns it (`... on Proposal`). */
export interface TallyNode {
  id: string;
  onchainId: string;
  status: string;
  createdAt: string;
  quorum: string;
  metadata: { title: string; description: string };
  proposer: { address: string };
  governor: { id: string; token: { decimals: number } };
  start: { timestamp: string; number: number };
  end: { timestamp: string; number: number };
  voteStats: { type: string; votesCount: string; votersCount: number; percent: number }[];
}

/**
 * Tally's GraphQL endpoint (`POST /query`, `Api-Key` header required) for the `proposals` query:
 * `input.filters.governorId`, `input.page.limit` / `afterCursor` (cursor = a proposal id), ascending
 * ids, and `pageInfo { firstCursor lastCursor count }`.
 */
export class TallyApiServer extends SourceServer {
  readonly nodes: TallyNode[] = [];

  constructor(private readonly apiKey: string) {
    super((request) => this.answer(request));
  }

  private answer(request: SourceRequest): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.path !== '/query') return { status: 404, body: { error: 'not found' } };
    if (request.headers['api-key'] !== this.apiKey) return { status: 401, body: { errors: [{ message: 'unauthorized: missing or invalid Api-Key' }] } };
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: { input?: { filters?: { governorId?: string }; page?: { limit?: number; afterCursor?: string } } } };
    if (!/\bproposals\s*\(/.test(query)) return { status: 422, body: { errors: [{ message: 'unsupported query' }] } };
    const input = variables.input ?? {};
    const limit = Math.min(input.page?.limit ?? 20, 50);
    const mine = this.nodes.filter((node) => !input.filters?.governorId || node.governor.id === input.filters.governorId).sort((a, b) => Number(a.id) - Number(b.id));
    const from = input.page?.afterCursor ? mine.findIndex((node) => node.id === input.page!.afterCursor) + 1 : 0;
    const nodes = mine.slice(from, from + limit);
    return { status: 200, body: { data: { proposals: { nodes, pageInfo: { firstCursor: nodes[0]?.id ?? null, lastCursor: nodes.at(-1)?.id ?? null, count: nodes.length } } } } };
  }
}
