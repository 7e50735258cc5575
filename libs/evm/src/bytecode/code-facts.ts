import { selectorsFromBytecode } from '@shazow/whatsabi';
import { keccak256, size, type Hex } from 'viem';
import { knownFunction, type FunctionConcern } from './known-functions';
import { scanOpcodes, type OpcodeSites } from './opcode-sites';
import { proxyPatterns, type ProxyPattern } from './proxy-patterns';

/** A function selector found in code, with its signature when it is a well-known one. */
export interface FunctionSelector {
  selector: Hex;
  signature?: string;
  concern?: FunctionConcern;
}

/** What static analysis of one contract's runtime code says, each fact with the evidence to cite. */
export interface CodeFacts {
  /** keccak256 of the code (of `0x` for no code, as EXTCODEHASH reports an existing account without code). */
  hash: Hex;
  /** Bytes. */
  size: number;
  empty: boolean;
  /** From the dispatcher's jump table (whatsabi `selectorsFromBytecode`), sorted. */
  selectors: FunctionSelector[];
  /** Byte offsets of SELFDESTRUCT, DELEGATECALL and CREATE2 instructions. */
  opcodes: OpcodeSites;
  /** Delegating-proxy patterns (whatsabi); empty for an ordinary contract. */
  proxies: ProxyPattern[];
  /** Bytes of the Solidity metadata trailer, not analysed (0 when none). */
  metadataBytes: number;
}

/**
 * The facts of one contract's runtime code. No I/O (async only because whatsabi's proxy detection is).
 *
 * @example const facts = await codeFacts(await client.getCode({ address }) ?? '0x');
 */
export async function codeFacts(code: Hex): Promise<CodeFacts> {
  const normalised = code.toLowerCase() as Hex;
  const { sites, metadataBytes } = scanOpcodes(normalised);
  const selectors = normalised === '0x' ? [] : selectorsFromBytecode(normalised).map((s) => s.toLowerCase() as Hex);
  return {
    hash: keccak256(normalised),
    size: size(normalised),
    empty: normalised === '0x',
    selectors: [...new Set(selectors)].sort().map(describeSelector),
    opcodes: sites,
    proxies: await proxyPatterns(normalised),
    metadataBytes,
  };
}

function describeSelector(selector: Hex): FunctionSelector {
  const known = knownFunction(selector);
  return known ? { selector, signature: known.signature, concern: known.concern } : { selector };
}
