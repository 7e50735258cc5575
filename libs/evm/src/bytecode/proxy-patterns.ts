import { autoload } from '@shazow/whatsabi';
import { getAddress, type Address, type Hex } from 'viem';

/** A delegating-proxy shape whatsabi recognises in code. */
export interface ProxyPattern {
  /** whatsabi's resolver name: `EIP1967Proxy`, `FixedProxy` (delegate address in the code), `DiamondProxy`, `GnosisSafeProxy`, … */
  name: string;
  /** The exact 45-byte EIP-1167 minimal proxy (a clone): nothing but the forward to `implementation`. */
  minimalProxy: boolean;
  /** Where it delegates, when the code itself says (EIP-1167 and other hard-coded targets). */
  implementation?: Address;
}

// EIP-1167: 363d3d373d3d3d363d73 <20-byte address> 5af43d82803e903d91602b57fd5bf3. whatsabi reports any PUSH20 GAS
// DELEGATECALL as a `FixedProxy`; the exact clone form is matched here because it also says there is no other logic.
const EIP1167 = /^0x363d3d373d3d3d363d73([0-9a-f]{40})5af43d82803e903d91602b57fd5bf3$/i;

// whatsabi detects proxies inside `autoload`, which reads through a provider; this one serves only the given code and
// an empty state (zero storage, empty call results), so nothing leaves the process and storage-based lookups (a
// diamond's facets) find nothing instead of failing.
const PLACEHOLDER = '0x0000000000000000000000000000000000000001';
function codeOnlyProvider(code: Hex) {
  return {
    getCode: async () => code,
    getStorageAt: async () => `0x${'0'.repeat(64)}`,
    call: async () => '0x',
    getAddress: async (name: string): Promise<string> => {
      throw new Error(`no name resolution offline (${name})`);
    },
  };
}

/**
 * The delegating-proxy patterns in runtime code (none for an ordinary contract or empty code). No I/O.
 *
 * @example (await proxyPatterns(cloneCode))[0] // { name: 'FixedProxy', minimalProxy: true, implementation: '0xBEbe…' }
 */
export async function proxyPatterns(code: Hex): Promise<ProxyPattern[]> {
  if (code === '0x') return [];
  const { proxies } = await autoload(PLACEHOLDER, {
    provider: codeOnlyProvider(code),
    abiLoader: false,
    signatureLookup: false,
    followProxies: false,
  });
  const clone = EIP1167.exec(code);
  return proxies.map((proxy) => {
    const fixed = 'resolvedAddress' in proxy && typeof proxy.resolvedAddress === 'string' ? getAddress(proxy.resolvedAddress) : undefined;
    const minimalProxy = clone !== null && fixed !== undefined && fixed === getAddress(`0x${clone[1]}`);
    return { name: proxy.name, minimalProxy, ...(fixed && { implementation: fixed }) };
  });
}
