/** A rendered Kubernetes object, as far as the chart checks read it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  automountServiceAccountToken?: boolean;
  [key: string]: unknown;
}

const PER_SERVICE_KINDS = ['Deployment', 'Service', 'PodDisruptionBudget', 'ServiceAccount'] as const;

const component = (object: K8sObject): string | undefined => object.metadata.labels?.['app.kubernetes.io/component'];

/** The service a Deployment runs: its container's first argument (`pum <service>`). */
function runs(object: K8sObject): string | undefined {
  const spec = object.spec as { template?: { spec?: { containers?: Array<{ args?: string[] }> } } } | undefined;
  return spec?.template?.spec?.containers?.[0]?.args?.[0];
}

/**
 * `<service>: <Kind>` for each service directory the rendered chart does not fully deploy: no Deployment running it,
 * or no Service, PodDisruptionBudget or ServiceAccount of that Deployment's component.
 *
 * @example missingFromChart(['gateway', 'notifier'], objects) // ['notifier: Deployment', 'notifier: Service', …]
 */
export function missingFromChart(services: string[], objects: K8sObject[]): string[] {
  return services.flatMap((service) => {
    const deployments = objects.filter((o) => o.kind === 'Deployment' && runs(o) === service);
    const components = deployments.length > 0 ? deployments.map((d) => component(d)) : [service];
    return PER_SERVICE_KINDS.filter((kind) =>
      kind === 'Deployment' ? deployments.length === 0 : !components.every((c) => objects.some((o) => o.kind === kind && component(o) === c)),
    ).map((kind) => `${service}: ${kind}`);
  });
}
