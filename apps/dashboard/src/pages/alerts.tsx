import { api, apiKeyStore, unwrapOptional } from '../api';
import { Card, Loaded } from '../components/widgets';
import { useResource } from '../hooks';

/**
 * Alert rules need the alerts service and its gateway endpoints (`/api/v1/alerts` rules), which the OpenAPI document
 * does not describe yet: the page says so and shows what the key allows.
 */
export function AlertsPage() {
  const me = useResource(() => (apiKeyStore.get() ? unwrapOptional(api().GET('/api/v1/me')) : Promise.resolve(null)), []);
  return (
    <div class="grid" data-page="alerts">
      <Card title="Alert rules" class="span-2" testId="alerts-pending">
        <p>
          Alert rules arrive with the alerts service: creating, editing and deleting rules, and their history, appear here once the gateway serves
          <code> /api/v1/alerts</code>.
        </p>
        <Loaded resource={me}>
          {(m) =>
            m ? (
              <p class="muted">
                Signed in with an API key: {m.user?.email ?? m.userId}, {m.tier} tier — up to {m.limits.alertRules} alert rules, {m.limits.requestsPerMinute} requests a minute, {m.limits.socketConnections} live connections.
              </p>
            ) : (
              <p class="muted">Enter an API key (top right) to manage your rules; without one you browse as the free tier.</p>
            )
          }
        </Loaded>
      </Card>
    </div>
  );
}
