import type { GatewaySchema } from '@pum/client';
import type { ForecastLiquidity, ForecastVolatility, RiskComponentName, RiskFactor } from '@pum/contracts';
import { api, unwrap, unwrapOptional } from '../api';
import { TimeChart, type ChartMarker } from '../components/chart';
import { Badge, Bar, Card, Countdown, LevelBadge, Loaded, RiskGauge } from '../components/widgets';
import { compact, percent, shortHex, time, unixSeconds } from '../format';
import { useResource } from '../hooks';
import { NetworkName } from '../networks';
import { href } from '../router';
import { evidenceLink, liquiditySeries, tvlHistory, versionLine, volatilitySeries } from '../view-data';

type Lifecycle = GatewaySchema<'Lifecycle'> & { stages: GatewaySchema<'LifecycleStage'>[] };
type Forecast = GatewaySchema<'Forecast'>;
type Assessment = GatewaySchema<'SubjectAssessment'>;

const PATH: GatewaySchema<'UpgradeStage'>[] = ['proposed', 'voting', 'succeeded', 'queued', 'executed'];
const COMPONENTS: RiskComponentName[] = ['technical', 'governance', 'market', 'liquidity'];

function Timeline(props: { lifecycle: Lifecycle }) {
  const { lifecycle } = props;
  const reached = new Map(lifecycle.stages.filter((s) => s.stage !== 'retracted').map((s) => [s.stage, s]));
  const current = lifecycle.currentStage;
  const offPath = !PATH.includes(current);
  return (
    <div data-testid="timeline" data-current-stage={current}>
      <ol class="timeline">
        {PATH.map((stage) => {
          const seen = reached.get(stage);
          return (
            <li key={stage} class={seen ? 'done' : 'todo'} data-stage={stage} data-reached={seen ? 'true' : 'false'}>
              <span class="dot" />
              <strong>{stage}</strong>
              <span class="muted">{seen ? time(seen.stageAt) : stage === 'queued' || stage === 'executed' ? '' : '—'}</span>
              {stage === 'queued' && lifecycle.eta && (
                <span>
                  ETA {time(lifecycle.eta)} {current !== 'executed' && <Countdown eta={lifecycle.eta} />}
                </span>
              )}
              {stage === 'executed' && lifecycle.executionEventId && <a href={href.event(lifecycle.executionEventId)}>execution {shortHex(lifecycle.executionEventId)}</a>}
            </li>
          );
        })}
      </ol>
      {offPath && <p class="warn">The upgrade stands in {current}.</p>}
      <details>
        <summary>every stage message ({lifecycle.stages.length})</summary>
        <ul class="list small">
          {lifecycle.stages.map((s) => {
            const link = evidenceLink(s.evidence);
            return (
              <li key={s.messageId} data-stage-message={s.stage}>
                <Badge kind={`stage-${s.stage}`}>{s.stage}</Badge>
                {s.revertedTo && <span> back to {s.revertedTo}</span>}
                <span class="muted"> {time(s.stageAt)} · </span>
                {link ? (
                  <a href={link} target="_blank" rel="noreferrer" data-testid="evidence">
                    evidence {shortHex(s.evidence.split('@')[0])}
                  </a>
                ) : (
                  <span class="muted">{s.evidence}</span>
                )}
              </li>
            );
          })}
        </ul>
      </details>
    </div>
  );
}

function RiskSection(props: { upgradeId: string }) {
  const risk = useResource(
    () => unwrapOptional(api().GET('/api/v1/lifecycle/{upgradeId}/risk', { params: { path: { upgradeId: props.upgradeId } } })),
    [props.upgradeId],
    (e) => e.event === 'risk.assessment' && e.message.payload.subjectId === props.upgradeId,
  );
  return (
    <Card title="Risk before execution" testId="risk" class="span-2">
      <Loaded resource={risk} empty={(d) => d === null} emptyText="not assessed yet">
        {(d) => <Risk latest={d!.latest} versions={d!.versions} />}
      </Loaded>
    </Card>
  );
}

function Risk(props: { latest: Assessment; versions: { version: number; score: number; assessedAt?: string | null }[] }) {
  const { latest } = props;
  // The OpenAPI document leaves factor items open; their shape is the contract's `riskFactor`.
  const factors = latest.factors as unknown as RiskFactor[];
  const contributions = [...(latest.model?.contributions ?? [])].sort((a, b) => Math.abs(b.contribution ?? 0) - Math.abs(a.contribution ?? 0)).slice(0, 8);
  const maxContribution = Math.max(1e-9, ...contributions.map((c) => Math.abs(c.contribution ?? 0)));
  return (
    <div class="risk" data-assessment-id={latest.assessmentId} data-version={latest.assessmentVersion}>
      <div class="risk-head">
        <RiskGauge score={latest.score} level={latest.level} size={96} />
        <div>
          <LevelBadge level={latest.level} /> version {latest.assessmentVersion ?? '—'} · stage {latest.stage ?? '—'}
          <div class="muted">
            {latest.modelVersion} · {time(latest.assessedAt)}
          </div>
          {latest.model && (
            <div data-testid="model-probability">
              model probability <strong>{percent(latest.model.probability, 1)}</strong> <span class="muted">({latest.model.version})</span>
            </div>
          )}
        </div>
      </div>
      <h3>Components</h3>
      <ul class="components" data-testid="components">
        {COMPONENTS.map((name) => {
          const component = latest.components?.[name];
          return (
            <li key={name} data-component={name} data-score={component?.score ?? ''}>
              <span class="label">{name}</span>
              <Bar value={component?.score ?? 0} kind={name} />
              <span class="num">{component?.score ?? '—'}</span>
            </li>
          );
        })}
      </ul>
      <div class="two">
        <div>
          <h3>Factors</h3>
          {factors.length === 0 ? (
            <p class="muted">none</p>
          ) : (
            <ul class="list small" data-testid="factors">
              {factors.map((f, i) => (
                <li key={`${f.rule}:${i}`} data-rule={f.rule}>
                  <span class="num">+{f.contribution ?? f.points}</span>
                  <span class="grow">
                    <code>{f.rule}</code> {f.component && <span class="muted">({f.component})</span>} {f.detail}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Model contributions</h3>
          {contributions.length === 0 ? (
            <p class="muted">{latest.model ? 'none' : 'the model does not apply'}</p>
          ) : (
            <ul class="components small" data-testid="contributions">
              {contributions.map((c) => (
                <li key={c.feature}>
                  <span class="label">{c.feature}</span>
                  <Bar value={Math.abs(c.contribution ?? 0)} max={maxContribution} kind={(c.contribution ?? 0) >= 0 ? 'up' : 'down'} />
                  <span class="num">
                    {(c.contribution ?? 0) >= 0 ? '+' : ''}
                    {((c.contribution ?? 0) * 100).toFixed(1)} pp
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3>Recommendations</h3>
      {(latest.recommendations ?? []).length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <ul class="list small" data-testid="recommendations">
          {(latest.recommendations ?? []).map((r) => (
            <li key={r.code}>
              <Badge kind={r.severity}>{r.severity}</Badge> <span class="grow">{r.text}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Versions</h3>
      <TimeChart series={[versionLine(props.versions)]} testId="risk-history" height={160} />
    </div>
  );
}

function GuidanceSection(props: { upgradeId: string }) {
  const guidance = useResource(
    () => unwrapOptional(api().GET('/api/v1/lifecycle/{upgradeId}/guidance', { params: { path: { upgradeId: props.upgradeId } } })),
    [props.upgradeId],
    (e) => e.event === 'guidance' && e.message.payload.upgradeId === props.upgradeId,
  );
  return (
    <Card title="Execution guidance" testId="guidance">
      <Loaded resource={guidance} empty={(d) => d === null} emptyText="no guidance yet (issued with a market for the protocol)">
        {(d) => {
          const g = d!.latest;
          return (
            <div>
              <p>
                <Badge kind={`stance-${g.stance}`}>{g.stance.replace(/_/g, ' ')}</Badge> severity {g.severity} · risk {g.risk.score} ({g.risk.level})
              </p>
              {g.window && (
                <p>
                  act by <strong>{time(g.window.actBy)}</strong> · ETA {time(g.window.eta)} · risk past {time(g.window.riskPastAt)}
                </p>
              )}
              <ul class="list small">
                <li>position scale: {g.positionScale.available ? 'available' : 'not available'}</li>
                <li>hedge: {g.hedge.available ? 'available' : 'not available'}</li>
                {g.positionImpact && (
                  <li>
                    price impact {g.positionImpact.priceImpactBps?.toFixed(1)} bps on {compact(g.positionImpact.sizeUsd)} USD
                  </li>
                )}
                {g.reasons.map((r) => (
                  <li key={r.code}>
                    <code>{r.code}</code> <span class="muted">severity {r.severity}</span>
                  </li>
                ))}
                {g.missing.length > 0 && <li class="muted">missing: {g.missing.join(', ')}</li>}
              </ul>
              <p class="muted">{d!.history.length} version(s)</p>
            </div>
          );
        }}
      </Loaded>
    </Card>
  );
}

function ForecastSection(props: { lifecycle: Lifecycle }) {
  const { upgradeId, executionEventId } = props.lifecycle;
  const forecasts = useResource(
    () => unwrap(api().GET('/api/v1/lifecycle/{upgradeId}/forecasts', { params: { path: { upgradeId } } })),
    [upgradeId],
    (e) => (e.event === 'forecast.volatility' || e.event === 'forecast.liquidity') && [upgradeId, executionEventId].includes(e.message.payload.upgrade?.upgradeId ?? ''),
  );
  // The TVL the liquidity forecasts continue: the protocol's stored series of the last 30 days.
  const protocolId = props.lifecycle.protocolId;
  const metrics = useResource(
    () => (protocolId ? unwrap(api().GET('/api/v1/protocols/{protocolId}/metrics', { params: { path: { protocolId }, query: { metric: ['tvl'], from: new Date(Date.now() - 30 * 86_400_000).toISOString() } } })) : Promise.resolve(null)),
    [protocolId],
    (e) => e.event === 'forecast.liquidity' && e.message.payload.series.protocolId === protocolId,
    2000,
  );
  return (
    <Card title="Market around the ETA" testId="forecasts" class="span-2">
      <Loaded resource={forecasts} empty={(d) => d.items.length === 0} emptyText="no forecast of the window around this upgrade yet">
        {(d) => (
          <div class="forecasts">
            {d.items.map((item: Forecast) => (
              <ForecastChart key={item.forecastId} item={item} metrics={metrics.data ?? null} />
            ))}
          </div>
        )}
      </Loaded>
    </Card>
  );
}

function ForecastChart(props: { item: Forecast; metrics: GatewaySchema<'ProtocolMetrics'> | null }) {
  const { item } = props;
  // `forecast` is the topic's payload as published (additionalProperties in the OpenAPI document): the contract's types.
  if (item.kind === 'volatility') {
    const forecast = item.forecast as unknown as ForecastVolatility;
    const markers: ChartMarker[] = forecast.upgrade ? [{ time: unixSeconds(forecast.upgrade.eta), text: forecast.upgrade.stage === 'queued' ? 'ETA' : 'executed' }] : [];
    return (
      <div class="forecast" data-forecast-id={item.forecastId} data-kind="volatility">
        <h3>
          Volatility · {forecast.series.subject.id} ({forecast.series.source}) · {forecast.model}
          {forecast.distribution ? `/${forecast.distribution}` : ''}
        </h3>
        {forecast.window && (
          <p class="muted">
            window {time(forecast.window.from)} – {time(forecast.window.to)}: volatility {percent(forecast.window.volatility, 2)}, {Math.round(forecast.level * 100)} % band {percent(forecast.window.lower, 2)} … {percent(forecast.window.upper, 2)}
          </p>
        )}
        {forecast.forecasts.length === 0 ? <p class="muted">{forecast.fallbackReason ?? 'no forecast steps'}</p> : <TimeChart series={volatilitySeries(forecast)} markers={markers} testId="volatility-chart" valueFormat={(v) => percent(v, 2)} />}
      </div>
    );
  }
  const forecast = item.forecast as unknown as ForecastLiquidity;
  const history = props.metrics ? tvlHistory(props.metrics, forecast) : null;
  const markers: ChartMarker[] = forecast.upgrade ? [{ time: unixSeconds(forecast.upgrade.eta), text: forecast.upgrade.stage === 'queued' ? 'ETA' : 'executed' }] : [];
  return (
    <div class="forecast" data-forecast-id={item.forecastId} data-kind="liquidity">
      <h3>
        TVL · {forecast.series.subject.id} ({forecast.series.source}) · {forecast.model} · regime <Badge kind={`regime-${forecast.regime?.state ?? 'none'}`}>{forecast.regime?.state ?? 'unknown'}</Badge>
      </h3>
      {forecast.forecasts.length === 0 ? (
        <p class="muted">{forecast.fallbackReason ?? 'no forecast steps'}</p>
      ) : (
        <TimeChart series={[...[history].filter((h) => h !== null), ...liquiditySeries(forecast)]} markers={markers} testId="liquidity-chart" valueFormat={compact} />
      )}
    </div>
  );
}

export function UpgradePage(props: { upgradeId: string }) {
  const lifecycle = useResource(
    () => unwrap(api().GET('/api/v1/lifecycle/{upgradeId}', { params: { path: { upgradeId: props.upgradeId } } })) as Promise<Lifecycle>,
    [props.upgradeId],
    (e) => e.event === 'upgrade.lifecycle' && e.message.payload.upgradeId === props.upgradeId,
  );
  return (
    <div class="grid" data-page="upgrade">
      <Card title="Upgrade" testId="lifecycle" class="span-2">
        <Loaded resource={lifecycle}>
          {(l) => (
            <div>
              <p class="title">{l.proposal?.title ?? `${l.upgradeKind} of ${l.target}`}</p>
              <p class="muted wrap">
                <NetworkName chainId={l.chainId} /> · {l.protocolId ? <a href={href.protocol(l.protocolId)}>{l.protocolId}</a> : 'unregistered'} · {l.authority} · target <code>{l.target}</code> → <code>{l.newImplementation ?? '—'}</code>
              </p>
              <Timeline lifecycle={l} />
            </div>
          )}
        </Loaded>
      </Card>
      <RiskSection upgradeId={props.upgradeId} />
      <GuidanceSection upgradeId={props.upgradeId} />
      {lifecycle.data && <ForecastSection lifecycle={lifecycle.data} />}
    </div>
  );
}
