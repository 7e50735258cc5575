import { z } from 'zod';

/**
 * Fields read of a Snapshot proposal (hub GraphQL `Proposal`); `quorum` is 0 when the space sets none;
 * `plugins` (JSON) holds what oSnap / SafeSnap will execute, `network` the space's chain id.
 */
export const SNAPSHOT_PROPOSAL_FIELDS =
  'id title body choices start end snapshot state author created scores scores_by_strategy scores_total scores_state votes quorum network plugins space { id }';
/** Fields read of a Snapshot vote (hub GraphQL `Vote`). */
export const SNAPSHOT_VOTE_FIELDS = 'id voter vp created choice reason proposal { id }';

/** The hub refuses `first` above 1000 and `skip` above 5000 (snapshot-hub `checkLimits`). */
export const SNAPSHOT_MAX_FIRST = 1000;
export const SNAPSHOT_MAX_SKIP = 5000;

const unixSeconds = z.number().int().nonnegative();

export const snapshotProposal = z.object({
  id: z.string().min(1),
  title: z.string(),
  body: z.string().nullable().transform((body) => body ?? ''),
  choices: z.array(z.string()),
  start: unixSeconds,
  end: unixSeconds,
  /** Block number as a string (or null for proposals without one). */
  snapshot: z.union([z.string(), z.number()]).nullable(),
  state: z.enum(['pending', 'active', 'closed']),
  author: z.string(),
  created: unixSeconds,
  scores: z.array(z.number()),
  scores_by_strategy: z.array(z.array(z.number())).nullable(),
  scores_total: z.number().nullable(),
  /** "pending" until the hub has computed the final scores of a closed vote, then "final" (or "invalid"); absent on older hubs. */
  scores_state: z.string().nullable().optional(),
  votes: z.number().int().nonnegative(),
  quorum: z.number().nonnegative().nullable().default(null),
  /** The space's chain id ("1"); absent on older hubs. */
  network: z.string().nullable().optional(),
  /** Plugin data as the author sent it (GraphQL `Any`): read tolerantly by `executionPlansOf`. */
  plugins: z.unknown().optional(),
  space: z.object({ id: z.string().min(1) }),
});
export type SnapshotProposal = z.infer<typeof snapshotProposal>;

/**
 * `choice` is 1-based: a number (single choice, basic), an array (approval, ranked) or an object
 * `{ "1": weight }` (weighted, quadratic).
 */
export const snapshotChoice = z.union([z.number().int().positive(), z.array(z.number().int().positive()), z.record(z.string().regex(/^[1-9][0-9]*$/), z.number().nonnegative())]);
export type SnapshotChoice = z.infer<typeof snapshotChoice>;

export const snapshotVote = z.object({
  id: z.string().min(1),
  voter: z.string().min(1),
  vp: z.number().nonnegative(),
  created: unixSeconds,
  choice: snapshotChoice,
  reason: z.string().nullable().transform((reason) => reason ?? ''),
  proposal: z.object({ id: z.string().min(1) }),
});
export type SnapshotVote = z.infer<typeof snapshotVote>;
