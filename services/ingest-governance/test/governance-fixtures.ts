import { createHash } from 'node:crypto';
import type { HubProposal, HubVote } from './snapshot-server';

/** Seeded PRNG (mulberry32), so generated histories are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (...parts: (string | number)[]) => `0x${createHash('sha256').update(parts.join(':')).digest('hex')}`;
const address = (...parts: (string | number)[]) => id(...parts).slice(0, 42);

const SUPPORTIVE = ['Strongly support this, a great improvement for the protocol.', 'Good proposal, well researched. Happy to vote yes.', 'Excellent work by the team, this helps users.'];
const OPPOSED = ['This is risky and could harm depositors. Against.', 'Bad idea, the audit is incomplete and the change is dangerous.', 'I oppose this; the upgrade looks rushed and worrying.'];

export interface HistoryOptions {
  seed: number;
  space: string;
  count: number;
  /** Unix seconds: the first proposal is created then, the next ones a period apart. */
  firstCreated: number;
  periodSeconds: number;
}

/**
 * Snapshot proposals with voters whose power is heavy-tailed (Pareto), some arriving late (whales
 * more often), a few changing their vote, abstentions, and a quorum some proposals miss — the
 * outcomes follow from the votes, so the backtest has something real to be right or wrong about.
 */
export function generateHistory({ seed, space, count, firstCreated, periodSeconds }: HistoryOptions): { proposals: HubProposal[]; votes: HubVote[] } {
  const random = seededRandom(seed);
  const proposals: HubProposal[] = [];
  const votes: HubVote[] = [];
  for (let i = 0; i < count; i++) {
    const created = firstCreated + i * periodSeconds;
    const start = created + 60;
    const end = start + periodSeconds;
    const support = 0.15 + 0.7 * random();
    const whaleSupport = Math.min(1, Math.max(0, support + (random() - 0.5) * 0.8));
    const voters = 15 + Math.floor(random() * 60);
    const proposal: HubProposal = {
      id: id(seed, space, i),
      space,
      title: `[ARFC] Upgrade module ${i} of ${space}`,
      body: `Proposal ${i}: upgrade the implementation behind the proxy.`,
      choices: ['For', 'Against', 'Abstain'],
      start,
      end,
      snapshot: String(19_000_000 + i * 1000),
      author: address(seed, 'author', i),
      created,
      quorum: 0,
    };
    let potential = 0;
    for (let v = 0; v < voters; v++) {
      const vp = Math.min(50_000, 100 / Math.pow(1 - random(), 1 / 1.2));
      potential += vp;
      const whale = vp > 1_000;
      const late = random() < (whale ? 0.7 : 0.35);
      const at = Math.floor(late ? start + (0.75 + 0.25 * random()) * periodSeconds : start + random() * periodSeconds);
      const abstain = random() < 0.08;
      const isFor = random() < (whale ? whaleSupport : support);
      const voter = address(seed, space, i, 'voter', v);
      const choice = abstain ? 3 : isFor ? 1 : 2;
      votes.push({ id: id(seed, i, v, 0), space, proposal: proposal.id, voter, vp, created: Math.min(at, end - 2), choice, reason: choice === 1 ? SUPPORTIVE[v % 3]! : choice === 2 ? OPPOSED[v % 3]! : '' });
      if (!abstain && random() < 0.06) {
        const changedAt = Math.min(end - 1, Math.floor(at + random() * (end - at)));
        votes.push({ id: id(seed, i, v, 1), space, proposal: proposal.id, voter, vp, created: changedAt, choice: choice === 1 ? 2 : 1, reason: choice === 1 ? OPPOSED[0]! : SUPPORTIVE[0]! });
      }
    }
    proposal.quorum = Math.round(potential * (0.3 + 0.75 * random()));
    proposals.push(proposal);
  }
  return { proposals, votes };
}
