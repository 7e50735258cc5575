import { BytecodeIter } from '@shazow/whatsabi';
import { hexToBytes, type Hex } from 'viem';

/** Opcodes whose appearance in an implementation changes what an upgrade can do. */
export const WATCHED_OPCODES = { SELFDESTRUCT: 0xff, DELEGATECALL: 0xf4, CREATE2: 0xf5 } as const;
export type WatchedOpcode = keyof typeof WATCHED_OPCODES;

/** Byte offsets (program counters) of each watched opcode in a contract's code: the evidence a reader can check in a disassembler. */
export type OpcodeSites = Record<WatchedOpcode, number[]>;

export interface OpcodeScan {
  sites: OpcodeSites;
  /** Bytes of the Solidity metadata trailer at the end of the code, left out of the walk (0 when there is none). */
  metadataBytes: number;
}

const JUMPDEST = 0x5b;
// STOP, JUMP, RETURN, REVERT, INVALID, SELFDESTRUCT: execution never falls through to the next byte.
const TERMINATORS = new Set([0x00, 0x56, 0xf3, 0xfd, 0xfe, 0xff]);
const WATCHED = new Map<number, WatchedOpcode>(Object.entries(WATCHED_OPCODES).map(([name, op]) => [op, name as WatchedOpcode]));

/**
 * Where SELFDESTRUCT, DELEGATECALL and CREATE2 occur as instructions in runtime code.
 *
 * whatsabi's `BytecodeIter` steps over PUSH data, so a 0xff inside a pushed constant is not an opcode. What it does not
 * do is tell code from data (its `disasm` finds the program's end, but is not exported), so two rules are added here:
 * - Solidity's CBOR metadata trailer (its length is the code's last two bytes) is cut off before the walk: its IPFS
 *   hash is random bytes.
 * - Bytes after a terminating instruction are unreachable until the next JUMPDEST (a jump can land only there), so
 *   data appended after the code, such as the INVALID-led data section, is skipped. This only ever drops bytes that
 *   cannot execute; a JUMPDEST byte inside data (e.g. embedded creation code of a contract made with `new`) makes what
 *   follows count again — a false positive, never a miss.
 *
 * @example scanOpcodes('0x60ff5bff').sites.SELFDESTRUCT // [3]: the first 0xff is PUSH1 data
 */
export function scanOpcodes(code: Hex): OpcodeScan {
  const metadataBytes = solidityMetadataLength(code);
  const program = code.slice(0, code.length - 2 * metadataBytes);
  const sites: OpcodeSites = { SELFDESTRUCT: [], DELEGATECALL: [], CREATE2: [] };
  const iter = new BytecodeIter(program);
  let reachable = true;
  while (iter.hasMore()) {
    const op = iter.next();
    if (op === JUMPDEST) reachable = true;
    if (!reachable) continue;
    const watched = WATCHED.get(op);
    if (watched) sites[watched].push(iter.pos());
    if (TERMINATORS.has(op)) reachable = false;
  }
  return { sites, metadataBytes };
}

/**
 * Length of Solidity's metadata trailer, the two length bytes included: a CBOR map (`a1`…`b7`, e.g. `a2 64 'ipfs' …
 * 64 'solc' …`) followed by its big-endian length (https://docs.soliditylang.org/en/latest/metadata.html). 0 when the code does not end in one.
 *
 * @example solidityMetadataLength(artifact.deployedBytecode) // 53 for solc 0.8 (0x0033 + 2)
 */
export function solidityMetadataLength(code: Hex): number {
  const bytes = hexToBytes(code);
  if (bytes.length < 3) return 0;
  const cborLength = (bytes[bytes.length - 2] << 8) | bytes[bytes.length - 1];
  const start = bytes.length - 2 - cborLength;
  if (cborLength === 0 || start < 0) return 0;
  // A map of 1–23 entries whose first key is a short text string ('ipfs', 'bzzr1', 'solc', 'experimental').
  const isMap = bytes[start] >= 0xa1 && bytes[start] <= 0xb7;
  const textKey = bytes[start + 1] >= 0x61 && bytes[start + 1] <= 0x77;
  return isMap && textKey ? cborLength + 2 : 0;
}
