/** A block named by a lifecycle stage's evidence: by hash (an event's block) or by number (a Governor state read). */
export type EvidenceBlock = { blockHash: `0x${string}` } | { blockNumber: bigint };

const EVENT_EVIDENCE = /^\d+:0x[0-9a-fA-F]{64}:\d+@(0x[0-9a-fA-F]{64})$/;
const STATE_READ_EVIDENCE = /^\d+:0x[0-9a-fA-F]{40}:\d+:state:[a-z]+@(\d+)$/;

/**
 * The block a stage's evidence names, or null when it names none (a Snapshot stage is off chain).
 * Evidence is what ingest-governance writes: `<chainId>:<txHash>:<logIndex>@<blockHash>` for an event,
 * `<chainId>:<governor>:<proposalId>:state:<state>@<block>` for a state read.
 *
 * @example evidenceBlock('31337:0xab…:2@0xcd…') // { blockHash: '0xcd…' }
 * @example evidenceBlock('31337:0xgov…:7:state:active@120') // { blockNumber: 120n }
 */
export function evidenceBlock(evidence: string): EvidenceBlock | null {
  const event = EVENT_EVIDENCE.exec(evidence)?.[1];
  if (event !== undefined) return { blockHash: event.toLowerCase() as `0x${string}` };
  const read = STATE_READ_EVIDENCE.exec(evidence)?.[1];
  return read === undefined ? null : { blockNumber: BigInt(read) };
}
