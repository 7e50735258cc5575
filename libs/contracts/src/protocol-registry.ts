import { z } from 'zod';
import { address, chainId } from './primitives';

/** One contract of a protocol on one chain. */
export const registryContract = z.object({
  chainId,
  address,
  /** What the contract is to the protocol: proxy, implementation, governor, timelock, safe, token, pool, … */
  role: z.string().min(1).default('contract'),
});

export const registryProtocol = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case slug'),
  name: z.string().min(1),
  snapshotSpace: z.string().min(1).optional(),
  defillamaSlug: z.string().min(1).optional(),
  coingeckoId: z.string().min(1).optional(),
  /** Base URL of the protocol's Discourse forum, e.g. `https://governance.aave.com`. */
  forumUrl: z.url({ protocol: /^https?$/ }).optional(),
  contracts: z.array(registryContract).default([]),
});

/** The protocol registry file (`config/protocols.yaml`). */
export const protocolRegistry = z
  .object({ protocols: z.array(registryProtocol) })
  .superRefine((registry, ctx) => {
    const owners = new Map<string, string>();
    registry.protocols.forEach((protocol, i) =>
      protocol.contracts.forEach((contract, j) => {
        const key = `${contract.chainId}:${contract.address}`;
        const owner = owners.get(key);
        if (owner && owner !== protocol.id) {
          ctx.addIssue({ code: 'custom', path: ['protocols', i, 'contracts', j], message: `${key} already belongs to ${owner}` });
        }
        owners.set(key, protocol.id);
      }),
    );
  });
export type ProtocolRegistry = z.infer<typeof protocolRegistry>;
