import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { GatewaySchema } from '@pum/client';

export type Network = GatewaySchema<'NetworkStatus'>;

/** The networks the gateway knows (`/api/v1/networks`, refreshed on the `system` channel), for naming chains anywhere. */
export const NetworksContext = createContext<Network[]>([]);

export function NetworkName(props: { chainId: number | null | undefined }) {
  const networks = useContext(NetworksContext);
  if (props.chainId === null || props.chainId === undefined) return <span class="muted">—</span>;
  const network = networks.find((n) => n.chainId === props.chainId);
  return (
    <span class="network" data-chain-id={props.chainId}>
      {network?.name ?? `chain ${props.chainId}`}
    </span>
  );
}
