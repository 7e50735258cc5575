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
  /** The new implementation was never seen before on any watched chain. */
  implementationNeverSeen: boolean | null;
  /** The code at a proposal's target changed between its creation and now (a metamorphic redeploy). */
  codeChangedSinceProposal: boolean | null;
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
