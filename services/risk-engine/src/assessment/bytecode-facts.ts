import type { UpgradeStage } from '@pum/contracts';

/**
 * What bytecode analysis says about an upgrade's new code against the old (issue 10, technical
 * component). Produced by the bytecode-analysis module (libs/evm/src/bytecode), which the lead plugs
 * in behind {@link BytecodeFactsSource}; every field is null when not established.
 */
export interface BytecodeFacts {
  previousCodeSize: number | null;
  newCodeSize: number | null;
  /** 4-byte selectors in the new code and not in the old, and the other way round. */
  selectorsAdded: string[];
  selectorsRemoved: string[];
  /** Known signatures of removed selectors, e.g. `pause()`, where a signature database names them. */
  removedFunctions: string[];
  /** Opcodes in the new code that the old code did not have. */
  opcodesAdded: ('SELFDESTRUCT' | 'DELEGATECALL' | 'CREATE2')[];
  /** The new implementation was never seen before on any watched chain (no earlier lifecycle named it). */
  implementationNeverSeen: boolean | null;
  /**
   * The code at the proposal's target or new implementation changed between the proposal's creation and
   * execution (or now): a metamorphic redeploy. Null when the creation block is unknown.
   */
  codeChangedSinceProposal: boolean | null;
  /** The addresses whose code moved since the proposal, with both readings (empty when none did). */
  codeChanges: ProposalCodeChange[];
}

/** How the code at one address moved since the proposal (`codeChangeBetween` of @pum/evm), as evidence. */
export interface ProposalCodeChange {
  address: string;
  kind: 'changed' | 'destroyed' | 'created';
  /** Block numbers (decimal), code hashes and sizes at the proposal's creation and at execution (or now). */
  fromBlock: string;
  fromHash: string;
  fromSize: number;
  toBlock: string;
  toHash: string;
  toSize: number;
}

/** What the technical component asks the bytecode analysis about. */
export interface BytecodeQuery {
  chainId: number;
  /** The proxy (or beacon, diamond) whose code changes. */
  target: string;
  newImplementation: string | null;
  stage: UpgradeStage | null;
  /** The protocol event of the execution, when executed. */
  executionEventId: string | null;
  /** The lifecycle: its stored history names where its proposal began and whether its new implementation was seen before. */
  upgradeId: string;
}

/** The seam the bytecode-analysis module plugs into (DI token {@link BYTECODE_FACTS}). */
export interface BytecodeFactsSource {
  /** Facts about the upgrade's code; null when there is nothing to analyse (or not yet). Must be deterministic for the same chain state. */
  factsFor(query: BytecodeQuery): Promise<BytecodeFacts | null>;
}

/** DI token of the {@link BytecodeFactsSource}. */
export const BYTECODE_FACTS = Symbol('BYTECODE_FACTS');

/** Until the bytecode module is plugged in: no facts, so the technical component runs on the lifecycle's and events' facts alone. */
export class NoBytecodeFacts implements BytecodeFactsSource {
  async factsFor(): Promise<BytecodeFacts | null> {
    return null;
  }
}
