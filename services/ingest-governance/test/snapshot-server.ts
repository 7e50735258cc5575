import { SourceServer, type SourceRequest } from './source-server';

/** A proposal as the hub stores it; state, scores and vote count are derived when queried, as the hub does. */
export interface HubProposal {
  id: string;
  space: string;
  title: string;
  body: string;
  choices: string[];
  start: number;
  end: number;
  snapshot: string;
  author: string;
  created: number;
  quorum: number;
  /** The space's chain id; the hub always answers one (default "1"). */
  network?: string;
  /** Plugin data as the author sent it (oSnap, SafeSnap, …); the hub answers `{}` when none. */
  plugins?: unknown;
}

export interface HubVote {
  id: string;
  space: string;
  proposal: string;
  voter: string;
  vp: number;
  created: number;
  /** 1-based, as the hub stores it. */
  choice: number | number[] | Record<string, number>;
  reason: string;
}

const MAX_FIRST = 1000;
const MAX_SKIP = 5000;

/**
 * The Snapshot hub's GraphQL endpoint (`POST /graphql`) over in-memory proposals and votes: the
 * `proposals` and `votes` queries with `where` (space, space_in, id_in, created_gt), `first`/`skip`
 * within the hub's limits (its error messages when exceeded), `orderBy: "created"` ascending with ties
 * broken by id, and the hub's answer shapes. Requests carrying the wrong `x-api-key` are refused.
 */
export class SnapshotHubServer extends SourceServer {
  readonly proposals: HubProposal[] = [];
  readonly votes: HubVote[] = [];
  /** Closed proposals whose scores the hub has not finalised yet (`scores_state: "pending"`; open ones always are). */
  readonly scoresPending = new Set<string>();

  constructor(
    private readonly apiKey?: string,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    super((request) => this.answer(request));
  }

  private answer(request: SourceRequest): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.path !== '/graphql') return { status: 404, body: { error: 'not found' } };
    if (this.apiKey && request.headers['x-api-key'] !== this.apiKey) return { status: 401, body: { error: 'invalid api key' } };
    let parsed: { query?: string; variables?: Record<string, unknown> };
    try {
      parsed = JSON.parse(request.body) as typeof parsed;
    } catch {
      return { status: 400, body: { errors: [{ message: 'Unexpected token in JSON' }] } };
    }
    const query = parsed.query ?? '';
    const variables = parsed.variables ?? {};
    const root = /\b(proposals|votes)\s*\(/.exec(query)?.[1];
    if (!root) return { status: 400, body: { errors: [{ message: 'unsupported query' }] } };
    const first = Number(variables.first ?? /first:\s*(\d+)/.exec(query)?.[1] ?? 20);
    const skip = Number(variables.skip ?? /skip:\s*(\d+)/.exec(query)?.[1] ?? 0);
    if (first > MAX_FIRST) return { status: 200, body: { data: null, errors: [{ message: `The \`first\` argument must not be greater than ${MAX_FIRST}` }] } };
    if (skip > MAX_SKIP) return { status: 200, body: { data: null, errors: [{ message: `The \`skip\` argument must not be greater than ${MAX_SKIP}` }] } };
    const where = { ...((variables.where as Record<string, unknown> | undefined) ?? {}), ...(variables.ids ? { id_in: variables.ids } : {}) };
    const rows = root === 'proposals' ? this.proposals.filter((p) => matches(p, where)).map((p) => this.proposalView(p)) : this.votes.filter((v) => matches(v, where)).map((v) => voteView(v));
    rows.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
    return { status: 200, body: { data: { [root]: rows.slice(skip, skip + first) } } };
  }

  private proposalView(proposal: HubProposal) {
    const latest = new Map<string, HubVote>();
    this.votes.filter((vote) => vote.proposal === proposal.id).forEach((vote) => latest.set(vote.voter, vote));
    const scores = proposal.choices.map(() => 0);
    for (const vote of latest.values()) {
      const weights = weightsOf(vote.choice);
      Object.entries(weights).forEach(([choice, weight]) => (scores[Number(choice) - 1]! += weight * vote.vp));
    }
    const now = this.now();
    const { space, ...rest } = proposal;
    const state = now < proposal.start ? 'pending' : now < proposal.end ? 'active' : 'closed';
    return {
      ...rest,
      network: proposal.network ?? '1',
      plugins: proposal.plugins ?? {},
      state,
      scores_state: state !== 'closed' || this.scoresPending.has(proposal.id) ? 'pending' : 'final',
      scores,
      scores_by_strategy: scores.map((score) => [score]),
      scores_total: scores.reduce((sum, score) => sum + score, 0),
      votes: latest.size,
      space: { id: space },
    };
  }
}

function voteView(vote: HubVote) {
  const { space: _space, proposal, ...rest } = vote;
  return { ...rest, proposal: { id: proposal } };
}

function weightsOf(choice: HubVote['choice']): Record<string, number> {
  if (typeof choice === 'number') return { [choice]: 1 };
  if (Array.isArray(choice)) return Object.fromEntries(choice.map((c) => [c, 1 / choice.length]));
  const total = Object.values(choice).reduce((sum, weight) => sum + weight, 0) || 1;
  return Object.fromEntries(Object.entries(choice).map(([c, weight]) => [c, weight / total]));
}

function matches(row: { id: string; space: string; created: number; proposal?: string }, where: Record<string, unknown>): boolean {
  if (typeof where.space === 'string' && row.space !== where.space) return false;
  if (Array.isArray(where.space_in) && !where.space_in.includes(row.space)) return false;
  if (Array.isArray(where.id_in) && !where.id_in.includes(row.id)) return false;
  if (typeof where.proposal === 'string' && row.proposal !== where.proposal) return false;
  if (typeof where.created_gt === 'number' && !(row.created > where.created_gt)) return false;
  return true;
}
