import type { Hex } from 'viem';
import { codeFacts, type CodeFacts, type FunctionSelector } from './code-facts';
import { WATCHED_OPCODES, type WatchedOpcode } from './opcode-sites';

/**
 * How one watched opcode moved between the implementations:
 * `added` (in the new code, not in the old), `removed`, `kept` (in both), `absent` (in neither);
 * with no previous code to compare, `added` means present.
 */
export type OpcodeChangeKind = 'added' | 'removed' | 'kept' | 'absent';

export interface OpcodeChange {
  opcode: WatchedOpcode;
  change: OpcodeChangeKind;
  /** Byte offsets in the previous code (empty with no previous code). */
  previousSites: number[];
  /** Byte offsets in the new code. */
  nextSites: number[];
}

/**
 * What the DELEGATECALL in the new code is for, as far as the code shows:
 * - `none`: there is none;
 * - `proxy`: the code is a delegating proxy (whatsabi's patterns: EIP-1967, EIP-1167 clone, …) forwarding every call;
 * - `uups-upgrade`: a UUPS implementation (ERC-1822 `proxiableUUID()` with `upgradeToAndCall`), whose upgrade calls the
 *   next implementation's initialiser by DELEGATECALL — expected, though other sites could hide beside it (compare counts);
 * - `unexplained`: no known pattern: the contract can run arbitrary code against its own storage and balance.
 */
export type DelegateCallPurpose = 'none' | 'proxy' | 'uups-upgrade' | 'unexplained';

export interface ImplementationComparison {
  /** The previous implementation's facts; undefined when there was none to compare (a first implementation). */
  previous?: CodeFacts;
  next: CodeFacts;
  /** The new implementation has no code at all: every call to the proxy would succeed and do nothing (or brick it). */
  noCode: boolean;
  /** Byte-identical code (same hash). */
  identical: boolean;
  /** Size in bytes before and after, and the change (next − previous; next when there was no previous code). */
  size: { previous: number; next: number; change: number };
  /** Selectors in the new code and not the old, and the other way round; well-known ones carry their signature. */
  selectors: { added: FunctionSelector[]; removed: FunctionSelector[]; kept: number };
  opcodes: Record<WatchedOpcode, OpcodeChange>;
  delegateCall: DelegateCallPurpose;
}

const UUPS_SIGNATURES = ['proxiableUUID()', 'upgradeToAndCall(address,bytes)'];

/**
 * The bytecode facts of an upgrade: the new implementation's runtime code against the previous one's. No I/O.
 *
 * @example
 * const facts = await compareImplementations(oldCode, newCode);
 * if (facts.selectors.removed.some((s) => s.signature === 'pause()')) recommend('the new implementation removes pause()');
 */
export async function compareImplementations(previous: Hex | undefined, next: Hex): Promise<ImplementationComparison> {
  const [before, after] = await Promise.all([previous === undefined ? undefined : codeFacts(previous), codeFacts(next)]);
  const beforeSelectors = new Set(before?.selectors.map((s) => s.selector) ?? []);
  const afterSelectors = new Set(after.selectors.map((s) => s.selector));
  const previousSize = before?.size ?? 0;
  return {
    ...(before && { previous: before }),
    next: after,
    noCode: after.empty,
    identical: before?.hash === after.hash,
    size: { previous: previousSize, next: after.size, change: after.size - previousSize },
    selectors: {
      added: after.selectors.filter((s) => !beforeSelectors.has(s.selector)),
      removed: (before?.selectors ?? []).filter((s) => !afterSelectors.has(s.selector)),
      kept: after.selectors.filter((s) => beforeSelectors.has(s.selector)).length,
    },
    opcodes: opcodeChanges(before, after),
    delegateCall: delegateCallPurpose(after),
  };
}

function opcodeChanges(before: CodeFacts | undefined, after: CodeFacts): Record<WatchedOpcode, OpcodeChange> {
  const change = (opcode: WatchedOpcode): OpcodeChange => {
    const previousSites = before?.opcodes[opcode] ?? [];
    const nextSites = after.opcodes[opcode];
    const was = previousSites.length > 0;
    const is = nextSites.length > 0;
    const kind: OpcodeChangeKind = is ? (was ? 'kept' : 'added') : was ? 'removed' : 'absent';
    return { opcode, change: kind, previousSites, nextSites };
  };
  const names = Object.keys(WATCHED_OPCODES) as WatchedOpcode[];
  return Object.fromEntries(names.map((name) => [name, change(name)])) as Record<WatchedOpcode, OpcodeChange>;
}

function delegateCallPurpose(facts: CodeFacts): DelegateCallPurpose {
  if (facts.opcodes.DELEGATECALL.length === 0) return 'none';
  if (facts.proxies.length > 0) return 'proxy';
  const signatures = new Set(facts.selectors.map((s) => s.signature));
  if (UUPS_SIGNATURES.every((signature) => signatures.has(signature))) return 'uups-upgrade';
  return 'unexplained';
}
