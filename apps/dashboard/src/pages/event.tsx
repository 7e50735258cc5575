import type { RiskFactor } from '@pum/contracts';
import { api, unwrap, unwrapOptional } from '../api';
import { TimeChart } from '../components/chart';
import { Badge, Card, LevelBadge, Loaded, RiskGauge } from '../components/widgets';
import { time, unixSeconds } from '../format';
import { useResource } from '../hooks';
import { NetworkName } from '../networks';
import { href } from '../router';

/** One upgrade event (a proxy's `Upgraded`, …): what changed, its per-event risk and the lifecycle it executed. */
export function EventPage(props: { eventId: string }) {
  const id = props.eventId;
  const upgrade = useResource(
    () => unwrap(api().GET('/api/v1/upgrades/{id}', { params: { path: { id } } })),
    [id],
    (e) => e.event === 'protocol.event' && e.message.payload.eventId === id,
  );
  const risk = useResource(
    () => unwrapOptional(api().GET('/api/v1/upgrades/{id}/risk', { params: { path: { id } } })),
    [id],
    (e) => e.event === 'risk.assessment' && e.message.payload.subjectId === id,
  );
  return (
    <div class="grid" data-page="event">
      <Card title="Upgrade event" class="span-2">
        <Loaded resource={upgrade}>
          {(u) => (
            <div>
              <p class="title">
                {u.kind} <Badge kind={u.status === 'retracted' ? 'stage-retracted' : 'stage-executed'}>{u.status}</Badge>
              </p>
              <p class="muted wrap">
                <NetworkName chainId={u.chainId} /> · {u.protocolId ? <a href={href.protocol(u.protocolId)}>{u.protocolId}</a> : 'unregistered'} · block {u.blockNumber} · {time(u.occurredAt)}
              </p>
              <dl class="facts">
                <dt>contract</dt>
                <dd>
                  <code>{u.contract}</code>
                </dd>
                <dt>implementation</dt>
                <dd>
                  <code>{u.previousImplementation ?? '—'}</code> → <code>{u.newImplementation ?? '—'}</code>
                </dd>
                <dt>new code</dt>
                <dd>{u.newImplementationCodeSize === null || u.newImplementationCodeSize === undefined ? 'not read' : `${u.newImplementationCodeSize} bytes`}</dd>
                <dt>transaction</dt>
                <dd>
                  <a href={`/api/v1/events/${encodeURIComponent(u.id)}`} target="_blank" rel="noreferrer">
                    <code>{u.transactionHash}</code>
                  </a>
                </dd>
              </dl>
            </div>
          )}
        </Loaded>
      </Card>
      <Card title="Risk" class="span-2" testId="event-risk">
        <Loaded resource={risk} empty={(d) => d === null} emptyText="not assessed yet">
          {(r) => (
            <div>
              <div class="risk-head">
                <RiskGauge score={r!.score} level={r!.level} size={96} />
                <div>
                  <LevelBadge level={r!.level} /> {r!.modelVersion}
                  {r!.lifecycleId && (
                    <p>
                      executes <a href={href.upgrade(r!.lifecycleId)}>its governed upgrade (timeline, risk before execution, forecasts)</a>
                    </p>
                  )}
                </div>
              </div>
              <ul class="list small">
                {(r!.factors as unknown as RiskFactor[]).map((f, i) => (
                  <li key={`${f.rule}:${i}`}>
                    <span class="num">+{f.points}</span> <code>{f.rule}</code> <span class="grow">{f.detail}</span>
                  </li>
                ))}
              </ul>
              <h3>History</h3>
              <TimeChart
                height={160}
                series={[{ name: 'score', color: '#60a5fa', points: r!.history.filter((h) => h.assessedAt).map((h) => ({ time: unixSeconds(h.assessedAt!), value: h.score })) }]}
              />
            </div>
          )}
        </Loaded>
      </Card>
    </div>
  );
}
