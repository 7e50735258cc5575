import type { GatewaySchema } from '@pum/client';
import { api, unwrap, unwrapOptional } from '../api';
import { TimeChart } from '../components/chart';
import { Badge, Bar, Card, Countdown, LevelBadge, Loaded, RiskGauge } from '../components/widgets';
import { compact, percent, shortHex, time } from '../format';
import { useEffect } from 'preact/hooks';
import { useResource } from '../hooks';
import { live } from '../live';
import { NetworkName } from '../networks';
import { href } from '../router';
import { metricCharts } from '../view-data';

/** Admin-plane events naming who controls a contract: the newest of each kind per contract. */
const CONTROL_KINDS = new Set(['ownership_transferred', 'admin_changed', 'safe_threshold_changed', 'timelock_min_delay_changed', 'timelock_delay_changed', 'role_granted', 'role_revoked', 'paused', 'unpaused']);

/** What an admin-plane event says about who controls the contract now. */
function controlText(event: GatewaySchema<'ProtocolEvent'>): string {
  const e = event as Record<string, unknown>;
  if (event.kind === 'ownership_transferred') return `owner ${shortHex(String(e.newOwner))}`;
  if (event.kind === 'admin_changed') return `admin ${shortHex(String(e.newAdmin))}`;
  if (event.kind === 'safe_threshold_changed') return `Safe threshold ${String(e.threshold)}${Array.isArray(e.safeOwners) ? ` of ${e.safeOwners.length}` : ''}`;
  if (event.kind === 'timelock_min_delay_changed' || event.kind === 'timelock_delay_changed') return `timelock delay ${String(e.newDelay)} s`;
  return event.kind.replace(/_/g, ' ');
}

export function ProtocolPage(props: { protocolId: string }) {
  const id = props.protocolId;
  useEffect(() => live.watchMarket(id), [id]);
  const mine = (protocolId: string | null | undefined) => protocolId === id;
  const summary = useResource(
    () => unwrap(api().GET('/api/v1/protocols/{protocolId}', { params: { path: { protocolId: id } } })),
    [id],
    (e) =>
      (e.event === 'protocol.event' && mine(e.message.payload.protocolId)) ||
      (e.event === 'upgrade.lifecycle' && mine(e.message.payload.protocolId)) ||
      (e.event === 'governance.proposal' && mine(e.message.payload.protocolId)) ||
      (e.event === 'risk.assessment' && mine(e.message.payload.protocolId)),
    1000,
  );
  const metrics = useResource(
    () => unwrap(api().GET('/api/v1/protocols/{protocolId}/metrics', { params: { path: { protocolId: id } } })),
    [id],
    (e) => e.event === 'market.update' && mine(e.message.payload.protocolId),
    5000,
  );
  const analytics = useResource(
    () => unwrapOptional(api().GET('/api/v1/analytics/risk/{protocolId}', { params: { path: { protocolId: id } } })),
    [id],
    (e) => e.event === 'risk.assessment' && mine(e.message.payload.protocolId),
    1000,
  );
  return (
    <div class="grid" data-page="protocol">
      <Card title={`Protocol ${id}`} class="span-2" testId="protocol">
        <Loaded resource={summary}>
          {(p) => {
            const control = new Map<string, GatewaySchema<'ProtocolEvent'>>();
            for (const event of p.adminEvents.items ?? []) if (CONTROL_KINDS.has(event.kind) && !control.has(`${event.contract}:${event.kind}`)) control.set(`${event.contract}:${event.kind}`, event);
            return (
              <div>
                <p class="title">{p.name}</p>
                <p class="muted">
                  {p.counts.contracts} contracts · {p.counts.upgrades} upgrades · {p.counts.openLifecycle} under way · {p.counts.activeProposals} active proposals · last event {time(p.lastEventAt)}
                </p>
                <h3>Contracts and who controls them</h3>
                <table class="table">
                  <thead>
                    <tr>
                      <th>contract</th>
                      <th>role</th>
                      <th>network</th>
                      <th>control (latest admin-plane events)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.contracts.map((c) => (
                      <tr key={`${c.chainId}:${c.address}`}>
                        <td>
                          <code>{shortHex(c.address)}</code>
                        </td>
                        <td>{c.role}</td>
                        <td>
                          <NetworkName chainId={c.chainId} />
                        </td>
                        <td>
                          {[...control.values()]
                            .filter((e) => e.contract === c.address?.toLowerCase())
                            .map((e) => (
                              <span key={e.eventId} class="chip" title={time(e.occurredAt)}>
                                {controlText(e)}
                              </span>
                            ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <h3>Upgrades</h3>
                <ul class="list">
                  {(p.upgrades.items ?? []).map((u) => (
                    <li key={u.id}>
                      <RiskGauge score={u.risk?.score} level={u.risk?.level} size={40} />
                      <a class="grow" href={href.event(u.id)}>
                        {u.kind} {shortHex(u.contract)} → {shortHex(u.newImplementation)}
                      </a>
                      <span class="muted">{time(u.occurredAt)}</span>
                    </li>
                  ))}
                  {(p.lifecycle.items ?? []).map((l) => (
                    <li key={l.upgradeId}>
                      <Badge kind={`stage-${l.currentStage}`}>{l.currentStage}</Badge>
                      <a class="grow" href={href.upgrade(l.upgradeId)}>
                        {l.proposal?.title ?? shortHex(l.target)}
                      </a>
                      <Countdown eta={l.eta} />
                    </li>
                  ))}
                </ul>
                <h3>Proposals</h3>
                {(p.proposals.items ?? []).length === 0 ? (
                  <p class="muted">no active proposal</p>
                ) : (
                  <ul class="list">
                    {(p.proposals.items ?? []).map((proposal) => (
                      <li key={proposal.proposalKey}>
                        <Badge kind={`state-${proposal.state}`}>{proposal.state}</Badge>
                        <span class="grow">{proposal.title}</span>
                        <span>pass {percent(proposal.passProbability)}</span>
                      </li>
                    ))}
                  </ul>
                )}
                <p class="muted">sentiment: {p.sentiment && typeof (p.sentiment as { score?: unknown }).score === 'number' ? ((p.sentiment as { score: number }).score).toFixed(2) : '—'}</p>
              </div>
            );
          }}
        </Loaded>
      </Card>
      <Card title="Current risk" testId="protocol-risk">
        <Loaded resource={analytics} empty={(d) => d === null} emptyText="not in the registry">
          {(a) => (
            <div>
              <div class="risk-head">
                <RiskGauge score={a!.highest.score} level={a!.highest.level} size={80} />
                <div>
                  highest <LevelBadge level={a!.highest.level} />
                  <div class="muted">
                    mean {a!.score.mean?.toFixed(1) ?? '—'} · median {a!.score.median?.toFixed(1) ?? '—'} · {a!.score.count} subjects
                  </div>
                </div>
              </div>
              <ul class="components small">
                {(['technical', 'governance', 'market', 'liquidity'] as const).map((name) => (
                  <li key={name} data-component={name}>
                    <span class="label">{name}</span>
                    <Bar value={a!.components[name].mean ?? 0} />
                    <span class="num">{a!.components[name].mean?.toFixed(0) ?? '—'}</span>
                  </li>
                ))}
              </ul>
              <div class="histogram" title="scores in 10-point buckets">
                {a!.histogram.map((b) => (
                  <span key={b.from} style={{ height: `${Math.max(4, (b.count / Math.max(1, ...a!.histogram.map((h) => h.count))) * 60)}px` }} title={`${b.from}–${b.to}: ${b.count}`} />
                ))}
              </div>
            </div>
          )}
        </Loaded>
      </Card>
      <Card title="Market" testId="protocol-metrics">
        <Loaded resource={metrics} empty={(m) => m.series.length === 0} emptyText="no market data for this protocol">
          {(m) => (
            <div>
              {metricCharts(m)
                .filter((c) => c.series.length > 0)
                .map((c) => (
                  <div key={c.metric}>
                    <h3>{c.metric}</h3>
                    <TimeChart series={c.series} testId={`metric-${c.metric}`} height={180} valueFormat={compact} />
                  </div>
                ))}
            </div>
          )}
        </Loaded>
      </Card>
    </div>
  );
}
