import { useContext } from 'preact/hooks';
import { api, unwrap, unwrapOptional } from '../api';
import { Badge, Card, Countdown, LevelBadge, Loaded, RiskGauge } from '../components/widgets';
import { compact, shortHex, time } from '../format';
import { useResource } from '../hooks';
import { NetworkName, NetworksContext } from '../networks';
import { href } from '../router';
import { feedRows } from '../view-data';

function LifecycleRisk(props: { upgradeId: string }) {
  const risk = useResource(
    () => unwrapOptional(api().GET('/api/v1/lifecycle/{upgradeId}/risk', { params: { path: { upgradeId: props.upgradeId } } })),
    [props.upgradeId],
    (e) => e.event === 'risk.assessment' && e.message.payload.subjectId === props.upgradeId,
  );
  const latest = risk.data?.latest;
  return <RiskGauge score={latest?.score} level={latest?.level} />;
}

function Feed() {
  const lifecycles = useResource(
    () => unwrap(api().GET('/api/v1/lifecycle', { params: { query: { limit: 25 } } })),
    [],
    (e) => e.event === 'upgrade.lifecycle',
  );
  const upgrades = useResource(
    () => unwrap(api().GET('/api/v1/upgrades', { params: { query: { limit: 25 } } })),
    [],
    (e) => (e.event === 'protocol.event' && ['upgraded', 'admin_changed', 'beacon_upgraded', 'diamond_cut'].includes(e.message.payload.kind)) || (e.event === 'risk.assessment' && e.message.payload.subjectType === 'upgrade'),
  );
  const both = { data: lifecycles.data && upgrades.data ? feedRows(lifecycles.data.items, upgrades.data.items) : undefined, error: lifecycles.error ?? upgrades.error, loading: lifecycles.loading || upgrades.loading };
  return (
    <Card title="Upgrade feed" testId="feed" class="span-2" aside={<span class="muted">newest first, live</span>}>
      <Loaded resource={both} empty={(rows) => rows.length === 0} emptyText="no upgrades seen yet">
        {(rows) => (
          <ul class="feed">
            {rows.map((row) =>
              row.type === 'lifecycle' ? (
                <li key={row.lifecycle.upgradeId} data-testid="feed-row" data-upgrade-id={row.lifecycle.upgradeId} data-stage={row.lifecycle.currentStage}>
                  <LifecycleRisk upgradeId={row.lifecycle.upgradeId} />
                  <a class="feed-main" href={href.upgrade(row.lifecycle.upgradeId)}>
                    <strong>{row.lifecycle.proposal?.title ?? `${row.lifecycle.upgradeKind} of ${shortHex(row.lifecycle.target)}`}</strong>
                    <span class="muted">
                      {row.lifecycle.protocolId ?? 'unregistered'} · {row.lifecycle.authority} · {shortHex(row.lifecycle.target)} → {shortHex(row.lifecycle.newImplementation)}
                    </span>
                  </a>
                  <span class="feed-meta">
                    <Badge kind={`stage-${row.lifecycle.currentStage}`}>{row.lifecycle.currentStage}</Badge>
                    <NetworkName chainId={row.lifecycle.chainId} />
                    <span class="muted">{time(row.at)}</span>
                  </span>
                </li>
              ) : (
                <li key={row.upgrade.id} data-testid="feed-row" data-event-id={row.upgrade.id} data-stage={row.upgrade.status}>
                  <RiskGauge score={row.upgrade.risk?.score} level={row.upgrade.risk?.level} />
                  <a class="feed-main" href={href.event(row.upgrade.id)}>
                    <strong>
                      {row.upgrade.kind} {shortHex(row.upgrade.contract)}
                    </strong>
                    <span class="muted">
                      {row.upgrade.protocolId ?? 'unregistered'} · {shortHex(row.upgrade.previousImplementation)} → {shortHex(row.upgrade.newImplementation)}
                    </span>
                  </a>
                  <span class="feed-meta">
                    <Badge kind={row.upgrade.status === 'retracted' ? 'stage-retracted' : 'stage-executed'}>{row.upgrade.status === 'retracted' ? 'retracted' : `executed · ${row.upgrade.status}`}</Badge>
                    <NetworkName chainId={row.upgrade.chainId} />
                    <span class="muted">{time(row.at)}</span>
                  </span>
                </li>
              ),
            )}
          </ul>
        )}
      </Loaded>
    </Card>
  );
}

function Active() {
  const active = useResource(
    () => unwrap(api().GET('/api/v1/upgrades/active', { params: { query: { limit: 20 } } })),
    [],
    (e) => e.event === 'upgrade.lifecycle' || (e.event === 'risk.assessment' && e.message.payload.subjectType === 'lifecycle'),
  );
  return (
    <Card title="Under way" testId="active">
      <Loaded resource={active} empty={(d) => d.items.length === 0} emptyText="no upgrade under way">
        {(d) => (
          <ul class="list">
            {d.items.map((u) => (
              <li key={u.upgradeId} data-upgrade-id={u.upgradeId}>
                <RiskGauge score={u.risk?.score} level={u.risk?.level} size={44} />
                <a href={href.upgrade(u.upgradeId)} class="grow">
                  {u.proposal?.title ?? shortHex(u.target)}
                  <span class="muted block">
                    <Badge kind={`stage-${u.currentStage}`}>{u.currentStage}</Badge> <NetworkName chainId={u.chainId} />
                  </span>
                </a>
                <Countdown eta={u.eta} />
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Card>
  );
}

function HighRisk() {
  const alerts = useResource(
    () => unwrap(api().GET('/api/v1/alerts/high-risk', { params: { query: { limit: 10 } } })),
    [],
    (e) => e.event === 'risk.assessment',
  );
  return (
    <Card title="High-risk alerts" testId="high-risk">
      <Loaded resource={alerts} empty={(d) => d.items.length === 0} emptyText="nothing high or critical">
        {(d) => (
          <ul class="list">
            {d.items.map((a) => (
              <li key={a.assessmentId}>
                <LevelBadge level={a.level} />
                <a class="grow" href={a.subjectType === 'lifecycle' ? href.upgrade(a.subjectId) : href.event(a.subjectId)}>
                  {a.score} · {a.subjectType.replace('_', ' ')} {shortHex(a.contract)}
                  <span class="muted block">
                    {a.protocolId ?? 'unregistered'} · {time(a.assessedAt)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Card>
  );
}

function Networks() {
  const networks = useContext(NetworksContext);
  return (
    <Card title="Ingestion" testId="networks">
      {networks.length === 0 ? (
        <p class="muted">no network reporting</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>network</th>
              <th>status</th>
              <th class="num">head</th>
              <th class="num">ingested</th>
              <th class="num">lag</th>
            </tr>
          </thead>
          <tbody>
            {networks.map((n) => (
              <tr key={n.chainId} data-chain-id={n.chainId}>
                <td>{n.name}</td>
                <td>
                  <Badge kind={n.stale ? 'stale' : (n.status ?? 'none')} title={n.lastError ?? (n.polledAt ? `polled ${time(n.polledAt)}` : undefined)}>
                    {n.stale ? 'stale' : (n.status ?? 'no status')}
                  </Badge>
                </td>
                <td class="num">{n.headBlock ?? '—'}</td>
                <td class="num">{n.ingestedBlock ?? '—'}</td>
                <td class="num">{n.lagBlocks === null ? '—' : compact(n.lagBlocks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function OverviewPage() {
  return (
    <div class="grid" data-page="overview">
      <Feed />
      <Active />
      <HighRisk />
      <Networks />
    </div>
  );
}
