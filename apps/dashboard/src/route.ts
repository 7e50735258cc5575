export type Route =
  | { page: 'overview' }
  | { page: 'upgrade'; upgradeId: string }
  | { page: 'event'; eventId: string }
  | { page: 'protocol'; protocolId: string }
  | { page: 'governance' }
  | { page: 'alerts' };

/** Hash routes (`#/upgrade/<percent-encoded id>`): the gateway serves one index.html, no server routing needed. */
export function parseRoute(hash: string): Route {
  const [, page, ...rest] = hash.replace(/^#/, '').split('/');
  const id = decodeURIComponent(rest.join('/'));
  switch (page) {
    case 'upgrade':
      return id ? { page: 'upgrade', upgradeId: id } : { page: 'overview' };
    case 'event':
      return id ? { page: 'event', eventId: id } : { page: 'overview' };
    case 'protocol':
      return id ? { page: 'protocol', protocolId: id } : { page: 'overview' };
    case 'governance':
      return { page: 'governance' };
    case 'alerts':
      return { page: 'alerts' };
    default:
      return { page: 'overview' };
  }
}

export const href = {
  overview: () => '#/',
  upgrade: (upgradeId: string) => `#/upgrade/${encodeURIComponent(upgradeId)}`,
  event: (eventId: string) => `#/event/${encodeURIComponent(eventId)}`,
  protocol: (protocolId: string) => `#/protocol/${encodeURIComponent(protocolId)}`,
  governance: () => '#/governance',
  alerts: () => '#/alerts',
};

