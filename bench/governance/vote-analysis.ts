/**
 * Vote-analysis timeline benchmark: what ProposalPublisher spends on one page of new votes of a
 * large Snapshot proposal — an analysis as of each of the page's (at most 200) vote instants, over
 * every vote so far. Prints `analyseTimeline` (one sweep, the service's path) beside the baseline,
 * `analyseVotes` called once per instant (the path it replaced), measured in the same run, and checks
 * that both give the same analyses.
 *
 *   npm run -s bench:votes                  # 5,000 / 20,000 / 50,000 votes
 *   BENCH_VOTES=100000 npm run -s bench:votes
 */
import { isDeepStrictEqual } from 'node:util';
import type { StoredVote } from '../../services/ingest-governance/src/store/governance.repository';
import { analyseTimeline, analyseVotes, type AnalysedProposal } from '../../services/ingest-governance/src/analysis/voting-analysis';

const INSTANTS = 200;
const T0 = Date.UTC(2026, 0, 1);

/** A deterministic proposal of n votes: 10 % of voters change their vote, 8 % abstain, powers heavy-tailed. */
function proposalOf(n: number): { proposal: AnalysedProposal; votes: StoredVote[] } {
  let state = 20260101;
  const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const voters = Math.floor(n * 0.9);
  const votes = Array.from({ length: n }, (_, i): StoredVote => {
    const choice = random() < 0.08 ? 2 : random() < 0.6 ? 0 : 1;
    return {
      proposalKey: 'bench',
      voteId: `v${i}`,
      voter: `voter-${i < voters ? i : Math.floor(random() * voters)}`,
      votingPower: Math.min(1e6, 100 / Math.pow(1 - random(), 1 / 1.2)),
      choice: [0, 1, 2].map((index) => (index === choice ? 1 : 0)),
      reason: '',
      createdAt: new Date(T0 + i * 1000),
    };
  });
  const proposal = { choices: ['For', 'Against', 'Abstain'], start: new Date(T0).toISOString(), end: new Date(T0 + (n + 10) * 1000).toISOString(), quorum: n * 50, createdAt: new Date(T0 - 1000).toISOString() };
  return { proposal, votes };
}

function time<T>(run: () => T): { ms: number; result: T } {
  const started = process.hrtime.bigint();
  const result = run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

const sizes = (process.env.BENCH_VOTES ?? '5000,20000,50000').split(',').map(Number);
console.log(`vote analysis of one page: ${INSTANTS} analyses as of the page's last ${INSTANTS} vote instants, node ${process.version}`);
console.log('votes      analyseVotes per instant (baseline) ms   analyseTimeline ms   speed-up   same analyses');
let failed = false;
for (const n of sizes) {
  const { proposal, votes } = proposalOf(n);
  const instants = votes.slice(-INSTANTS).map((vote) => vote.createdAt);
  analyseTimeline(proposal, votes.slice(0, 1000), instants.slice(0, 5)); // warm-up
  const baseline = time(() => instants.map((at) => analyseVotes(proposal, votes, at)));
  const timeline = time(() => analyseTimeline(proposal, votes, instants));
  const same = isDeepStrictEqual(baseline.result, timeline.result);
  failed ||= !same;
  console.log(
    `${String(n).padEnd(10)} ${baseline.ms.toFixed(0).padStart(38)}   ${timeline.ms.toFixed(0).padStart(18)}   ${(baseline.ms / timeline.ms).toFixed(1).padStart(7)}x   ${same ? 'yes' : 'NO'}`,
  );
}
process.exit(failed ? 1 : 0);
