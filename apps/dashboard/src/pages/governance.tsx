import type { GatewaySchema } from '@pum/client';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api';
import { TimeChart } from '../components/chart';
import { Badge, Bar, Card, Loaded } from '../components/widgets';
import { compact, percent, time, unixSeconds } from '../format';
import { useResource } from '../hooks';
import { href } from '../router';

type Proposal = GatewaySchema<'ProposalSummary'>;
const OPEN = new Set<Proposal['state']>(['pending', 'active', 'succeeded', 'queued']);

function ProposalDetail(props: { proposalKey: string }) {
  const detail = useResource(
    () => unwrap(api().GET('/api/v1/proposals/{proposalKey}', { params: { path: { proposalKey: props.proposalKey } } })),
    [props.proposalKey],
    (e) => e.event === 'governance.proposal' || e.event === 'sentiment',
  );
  return (
    <Loaded resource={detail}>
      {(p) => (
        <div class="detail">
          {p.analysis && (
            <p class="muted">
              concentration: {p.analysis.concentration?.voters ?? '—'} voters, top 10 hold {percent(p.analysis.concentration?.top10Share)}, Gini {p.analysis.concentration?.gini?.toFixed(2) ?? '—'}, Nakamoto {p.analysis.concentration?.nakamoto ?? '—'} · margin {percent(p.analysis.margin)} · {p.analysis.method}
            </p>
          )}
          <TimeChart
            height={140}
            testId="pass-probability"
            valueFormat={(v) => percent(v)}
            series={[{ name: 'pass probability', color: '#34d399', points: p.history.filter((h) => h.passProbability !== null && h.passProbability !== undefined && h.asOf).map((h) => ({ time: unixSeconds(h.asOf!), value: h.passProbability! })) }]}
          />
          {p.sentiment && <p class="muted">sentiment {String((p.sentiment as { score?: unknown }).score ?? '—')}</p>}
        </div>
      )}
    </Loaded>
  );
}

function ProposalRow(props: { proposal: Proposal }) {
  const p = props.proposal;
  const [open, setOpen] = useState(false);
  const total = p.scoresTotal ?? (p.scores ?? []).reduce((a, b) => a + b, 0);
  return (
    <li class="proposal" data-proposal-key={p.proposalKey}>
      <div class="proposal-head">
        <Badge kind={`state-${p.state}`}>{p.state}</Badge>
        <button class="link grow" onClick={() => setOpen(!open)} aria-expanded={open}>
          {p.title}
        </button>
        <span title="pass probability" data-testid="pass">
          pass <strong>{percent(p.passProbability)}</strong>
        </span>
      </div>
      <p class="muted">
        {p.protocolId ? <a href={href.protocol(p.protocolId)}>{p.protocolId}</a> : p.space} · {p.source} · {p.votes} votes · ends {time(p.end)}
      </p>
      <ul class="components small">
        {(p.choices ?? []).map((choice, i) => (
          <li key={choice}>
            <span class="label">{choice}</span>
            <Bar value={p.scores?.[i] ?? 0} max={total} />
            <span class="num">{compact(p.scores?.[i] ?? 0)}</span>
          </li>
        ))}
        <li>
          <span class="label">turnout</span>
          <Bar value={total} max={Math.max(total, p.quorum ?? 0) || 1} marker={p.quorum ?? undefined} kind={p.quorum !== null && p.quorum !== undefined && total >= p.quorum ? 'up' : 'down'} />
          <span class="num">
            {compact(total)} / {p.quorum === null || p.quorum === undefined ? 'no quorum' : compact(p.quorum)}
          </span>
        </li>
      </ul>
      {open && <ProposalDetail proposalKey={p.proposalKey} />}
    </li>
  );
}

export function GovernancePage() {
  const proposals = useResource(
    () => unwrap(api().GET('/api/v1/proposals', { params: { query: { limit: 50 } } })),
    [],
    (e) => e.event === 'governance.proposal',
  );
  return (
    <div class="grid" data-page="governance">
      <Card title="Active proposals" class="span-2" testId="proposals">
        <Loaded resource={proposals} empty={(d) => !d.items.some((p) => OPEN.has(p.state))} emptyText="no proposal open">
          {(d) => (
            <ul class="proposals">
              {d.items
                .filter((p) => OPEN.has(p.state))
                .map((p) => (
                  <ProposalRow key={p.proposalKey} proposal={p} />
                ))}
            </ul>
          )}
        </Loaded>
      </Card>
    </div>
  );
}
