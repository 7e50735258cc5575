import { proposalKey, type GovernanceProposal, type ProposalState } from '@pum/contracts';
import { formatUnits } from 'viem';
import type { TallyProposal } from './tally-schemas';

/** Tally's statuses in the project's states; Tally has more (cross-chain execution, extensions). */
const STATES: Record<string, ProposalState> = {
  draft: 'pending',
  submitted: 'pending',
  pending: 'pending',
  active: 'active',
  extended: 'active',
  succeeded: 'succeeded',
  defeated: 'defeated',
  queued: 'queued',
  pendingexecution: 'queued',
  executed: 'executed',
  callexecuted: 'executed',
  crosschainexecuted: 'executed',
  canceled: 'canceled',
  cancelled: 'canceled',
  expired: 'expired',
};

const CHOICES = ['For', 'Against', 'Abstain'];

/**
 * A Tally proposal in the project's shape: the Governor's For/Against/Abstain tallies in token units.
 *
 * @example normaliseTallyProposal(node, 'aave').space // '0x…' (the Governor)
 */
export function normaliseTallyProposal(node: TallyProposal, protocolId: string | null, appUrl: string): GovernanceProposal {
  const [, chain, governor] = node.governor.id.split(':') as [string, string, string];
  const decimals = node.governor.token.decimals;
  const units = (value: string) => Number(formatUnits(BigInt(value), decimals));
  const stat = (type: string) => node.voteStats.find((s) => s.type.toLowerCase() === type);
  const scores = CHOICES.map((choice) => units(stat(choice.toLowerCase())?.votesCount ?? '0'));
  const space = governor.toLowerCase();
  return {
    proposalKey: proposalKey({ source: 'tally', space, id: node.id }),
    source: 'tally',
    id: node.id,
    space,
    protocolId,
    chainId: Number(chain),
    title: node.metadata.title ?? '',
    body: node.metadata.description ?? '',
    choices: CHOICES,
    start: new Date(node.start.timestamp).toISOString(),
    end: new Date(node.end.timestamp).toISOString(),
    snapshotBlock: node.start.number === undefined ? null : String(node.start.number),
    state: STATES[node.status.toLowerCase()] ?? 'closed',
    author: node.proposer?.address.toLowerCase() ?? null,
    createdAt: new Date(node.createdAt).toISOString(),
    scores,
    scoresTotal: scores.reduce((sum, score) => sum + score, 0),
    votes: CHOICES.reduce((sum, choice) => sum + (stat(choice.toLowerCase())?.votersCount ?? 0), 0),
    quorum: node.quorum === null ? null : units(node.quorum),
    url: `${appUrl.replace(/\/$/, '')}/proposal/${node.id}`,
    analysis: null,
  };
}
