import { useEffect, useState } from 'preact/hooks';
import { api, apiKeyStore, gatewayUrl, unwrap } from './api';
import { ConnectionStatus } from './components/connection';
import { KeyForm } from './components/key-form';
import { useResource } from './hooks';
import { live } from './live';
import { NetworksContext } from './networks';
import { AlertsPage } from './pages/alerts';
import { EventPage } from './pages/event';
import { GovernancePage } from './pages/governance';
import { OverviewPage } from './pages/overview';
import { ProtocolPage } from './pages/protocol';
import { UpgradePage } from './pages/upgrade';
import { href, useRoute, type Route } from './router';

function Page(props: { route: Route }) {
  const { route } = props;
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'upgrade':
      return <UpgradePage upgradeId={route.upgradeId} />;
    case 'event':
      return <EventPage eventId={route.eventId} />;
    case 'protocol':
      return <ProtocolPage protocolId={route.protocolId} />;
    case 'governance':
      return <GovernancePage />;
    case 'alerts':
      return <AlertsPage />;
  }
}

function ProtocolLinks() {
  const protocols = useResource(() => unwrap(api().GET('/api/v1/protocols')), []);
  return (
    <>
      {(protocols.data?.items ?? []).slice(0, 6).map((p) => (
        <a key={p.id} href={href.protocol(p.id)}>
          {p.name}
        </a>
      ))}
    </>
  );
}

export function App() {
  const route = useRoute();
  const [keyVersion, setKeyVersion] = useState(0);
  useEffect(() => live.start(gatewayUrl(), apiKeyStore.get()), [keyVersion]);
  const networks = useResource(() => unwrap(api().GET('/api/v1/networks')), [keyVersion], (e) => e.event === 'network.status', 500);
  return (
    <NetworksContext.Provider value={networks.data?.items ?? []}>
      <header class="top">
        <a class="brand" href={href.overview()}>
          Upgrade Monitor
        </a>
        <nav>
          <a href={href.overview()} class={route.page === 'overview' ? 'active' : ''}>
            Overview
          </a>
          <a href={href.governance()} class={route.page === 'governance' ? 'active' : ''}>
            Governance
          </a>
          <a href={href.alerts()} class={route.page === 'alerts' ? 'active' : ''}>
            Alerts
          </a>
          <ProtocolLinks key={keyVersion} />
        </nav>
        <ConnectionStatus />
        <KeyForm onChange={() => setKeyVersion((v) => v + 1)} />
      </header>
      <main key={keyVersion}>
        <Page route={route} />
      </main>
    </NetworksContext.Provider>
  );
}
