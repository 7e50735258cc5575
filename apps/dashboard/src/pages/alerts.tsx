import type { GatewaySchema } from '@pum/client';
import { useState } from 'preact/hooks';
import { api, apiKeyStore, unwrap, unwrapOptional } from '../api';
import { Card, Loaded } from '../components/widgets';
import { useResource } from '../hooks';

type RuleInput = GatewaySchema<'AlertRuleInput'>;

/**
 * The signed-in user's alert rules (create, delete) and alert history, over `/api/v1/alerts` with the session's API
 * key. A rule here is the common case — a risk score at or above a threshold, for one protocol or any, delivered to a
 * webhook; the API takes every condition and channel the contract knows.
 */
export function AlertsPage() {
  const signedIn = apiKeyStore.get() !== undefined;
  const me = useResource(() => (signedIn ? unwrapOptional(api().GET('/api/v1/me')) : Promise.resolve(null)), []);
  const rules = useResource(() => (signedIn ? unwrap(api().GET('/api/v1/alerts')) : Promise.resolve(null)), [], (event) => event.event === 'alert');
  const history = useResource(() => (signedIn ? unwrap(api().GET('/api/v1/alerts/history', { params: { query: { limit: 50 } } })) : Promise.resolve(null)), [], (event) => event.event === 'alert');
  const [form, setForm] = useState({ name: '', protocolId: '', minScore: '60', url: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  if (!signedIn) {
    return (
      <div class="grid" data-page="alerts">
        <Card title="Alert rules" class="span-2" testId="alerts-signed-out">
          <p class="muted">Enter an API key (top right) to manage your alert rules and see their history.</p>
        </Card>
      </div>
    );
  }

  const create = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const body: RuleInput = {
      name: form.name,
      enabled: true,
      conditions: [{ type: 'risk', scope: form.protocolId ? { protocolId: form.protocolId } : {}, minScore: Number(form.minScore) }],
      channels: [{ type: 'webhook', url: form.url }],
    } as RuleInput;
    const { data, error, response } = await api().POST('/api/v1/alerts', { body });
    if (!response.ok) {
      const message = (error as { message?: unknown } | undefined)?.message;
      setProblem(Array.isArray(message) ? message.join('; ') : String(message ?? response.statusText));
      return;
    }
    const shown = (data as { channels?: { secret?: string }[] } | undefined)?.channels?.find((channel) => channel.secret)?.secret;
    setSecret(shown ?? null);
    setForm({ ...form, name: '' });
    rules.reload();
  };

  const remove = async (id: string) => {
    await api().DELETE('/api/v1/alerts/{id}', { params: { path: { id } } });
    rules.reload();
  };

  return (
    <div class="grid" data-page="alerts">
      <Card title="New rule" testId="alert-form-card">
        <form data-testid="alert-form" onSubmit={(event) => void create(event)} class="stack">
          <label>
            Name <input name="name" required value={form.name} onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            Protocol (blank: any) <input name="protocolId" value={form.protocolId} onInput={(e) => setForm({ ...form, protocolId: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            Risk score at least <input name="minScore" type="number" min="0" max="100" value={form.minScore} onInput={(e) => setForm({ ...form, minScore: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            Webhook URL <input name="url" type="url" required value={form.url} onInput={(e) => setForm({ ...form, url: (e.target as HTMLInputElement).value })} />
          </label>
          <button type="submit">Create rule</button>
          {problem && <p class="error" data-testid="alert-form-error">{problem}</p>}
          {secret && (
            <p data-testid="alert-secret">
              Webhook secret (shown once — verify <code>X-Signature</code> with it): <code>{secret}</code>
            </p>
          )}
        </form>
        <Loaded resource={me}>{(m) => (m ? <p class="muted">{m.tier} tier: up to {m.limits.alertRules} rules.</p> : <p class="muted">no account</p>)}</Loaded>
      </Card>
      <Card title="Your rules" testId="alert-rules">
        <Loaded resource={rules} empty={(page) => page === null || page.items.length === 0} emptyText="no rules yet">
          {(page) => (
            <ul class="list">
              {page?.items.map((rule) => (
                <li key={rule.id} data-testid="alert-rule" data-rule-id={rule.id}>
                  <strong>{rule.name}</strong> <span class="muted">{rule.enabled ? 'on' : 'off'}</span>{' '}
                  <button type="button" onClick={() => void remove(rule.id)}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </Card>
      <Card title="Alert history" class="span-2" testId="alert-history">
        <Loaded resource={history} empty={(page) => page === null || page.items.length === 0} emptyText="nothing has fired yet">
          {(page) => (
            <ul class="list">
              {page?.items.map((item) => (
                <li key={item.id} data-testid="alert-history-row">
                  <span class={`badge ${item.alert.kind}`}>{item.alert.kind}</span> {item.alert.title} <span class="muted">{new Date(item.alert.firedAt).toLocaleString()}</span>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </Card>
    </div>
  );
}
